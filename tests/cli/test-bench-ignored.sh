#!/usr/bin/env bash
# bench ring refuses a ring's parameters for a transport that has no ring
# to give them to, as it refuses --ring-mode and --burst there: --nodes 8
# --node-size 128 with --transport pipe ran, ignored both, and printed
# {"config": {"node_count": 8, "node_size": 128, ...}} beside the pipe's
# figures, as if the run had used them.
. "$(dirname "$0")/lib.sh"

# No ring at all: neither parameter has a use.
for t in pipe unix-stream unix-seqpacket posix-mq; do
	expect 2 "$SM_CLI" bench ring --transport "$t" --nodes 8 --count 10 --no-latency
	err_has "--nodes goes with"
	expect 2 "$SM_CLI" bench ring --transport "$t" --node-size 128 --count 10 --no-latency
	err_has "--node-size goes with"
done
# The bare ring and memcpy take as many slots as --nodes says, each the
# message's size rounded up to a cache line: --node-size has no use there.
for t in bare-ring memcpy; do
	expect 2 "$SM_CLI" bench ring --transport "$t" --node-size 128 --count 10 --no-latency
	err_has "--node-size goes with"
	expect 0 "$SM_CLI" bench ring --transport "$t" --nodes 8 --count 10 --no-latency --json
	json_check 'd["config"]["node_count"] == 8'
done
# The transports that use them, and --compare (where some do), still take them.
expect 0 "$SM_CLI" bench ring --transport sharedmem-burst --nodes 8 --node-size 128 --count 10 --no-latency --json
json_check 'd["config"]["node_count"] == 8 and d["config"]["node_size"] == 128'
# --node-size 0 ran as if no --node-size were given (0 stood for "the
# default" inside): it is smaller than any message, as --node-size 32 is.
expect 2 "$SM_CLI" bench ring --node-size 0 --size 64 --count 10 --no-latency
err_has "--node-size 0 is smaller than --size 64"
exit 0
