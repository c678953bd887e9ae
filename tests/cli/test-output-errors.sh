#!/usr/bin/env bash
# Output that cannot be written, input that cannot be read, and options that
# would be changed quietly: an error, and nothing lost (found in review).
#   - a closed stdout/stdin never lands on a segment's file descriptor;
#   - `ring get` takes nothing when stdout is closed, and a write that
#     fails is an error (exit 1), as for `list`; `create` then removes
#     what it made, a pipe nobody reads included (as does rpc serve);
#   - `ring put` with a --data too large writes none of them;
#   - `ring put --lines` fails on stdin it cannot read, and a 200 MiB line
#     takes no more memory than a node;
#   - `rm` of an RPC channel removes its two rings;
#   - too long --label, --mode 0 or 0400 and --packet-size 10 are usage errors;
#   - creating over a stale segment says its owner is dead.
. "$(dirname "$0")/lib.sh"

r=$(t_name ring)
expect 0 "$SM_CLI" create ring "$r" --nodes 8 --node-size 64
expect 0 "$SM_CLI" ring put "$r" --data keep
"$SM_CLI" ring get "$r" >&- 2>"$T_TMP/err" && fail "ring get with stdout closed exited 0"
"$SM_CLI" ring put "$r" <&- 2>"$T_TMP/err" && fail "ring put with stdin closed exited 0"
expect 0 "$SM_CLI" ring get "$r" --timeout 0
[ "$(cat "$T_TMP/out")" = keep ] || fail "the message did not survive: '$(cat "$T_TMP/out")'"
expect 0 "$SM_CLI" inspect "$r" # the header is whole

if [ -w /dev/full ]; then
	expect 0 "$SM_CLI" ring put "$r" --data lost
	"$SM_CLI" ring get "$r" >/dev/full 2>"$T_TMP/err" && fail "ring get to /dev/full exited 0"
	grep -q "writing standard output" "$T_TMP/err" || fail "no write error: $(cat "$T_TMP/err")"
	"$SM_CLI" list >/dev/full 2>"$T_TMP/err" && fail "list to /dev/full exited 0"
	for opt in --version --help; do # (before any command: exit 0)
		"$SM_CLI" $opt >/dev/full 2>"$T_TMP/err" && fail "sharedmem $opt to /dev/full exited 0"
		err_has "writing standard output: No space left on device"
	done
	# create: the line that says it is there cannot be written; the
	# command fails, names the segment and leaves nothing (with --hold it
	# held on, then blamed "Interrupted system call").
	made=$(t_name made)
	"$SM_CLI" create ring "$made" --nodes 2 --node-size 8 >/dev/full 2>"$T_TMP/err" &&
		fail "create to /dev/full exited 0"
	err_has "segment '$made': writing standard output: No space left on device; the segment is removed"
	[ -e "/dev/shm/sm.$made" ] && fail "create to /dev/full left $made"
	timeout -s INT 10 "$SM_CLI" create buffer "$made" --size 8 --hold >/dev/full 2>"$T_TMP/err"
	[ $? = 1 ] || fail "create --hold to /dev/full did not exit 1 at once"
	err_has "segment '$made': writing standard output: No space left on device"
	[ -e "/dev/shm/sm.$made" ] && fail "create --hold to /dev/full left $made"
fi

# A pipe nobody reads: the line that says the segment is there cannot go
# out; SIGPIPE killed create --hold and rpc serve there, leaving what they
# had made (an owner's file, a channel and its rings) behind.
piped=$(t_name piped)
python3 - "$SM_CLI" "$piped" <<'PY' || fail "a command writing into a closed pipe"
import os, subprocess, sys
cli, name = sys.argv[1:]
for cmd in (["create", "ring", name, "--nodes", "2", "--node-size", "8"],
            ["create", "buffer", name, "--size", "8", "--hold"],
            ["rpc", "serve", name]):
    r, w = os.pipe()
    os.close(r)
    p = subprocess.Popen([cli] + cmd, stdout=w, stderr=subprocess.PIPE)  # SIGPIPE: default
    os.close(w)
    try:
        _, err = p.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        sys.exit("%s: still runs 10 s on" % " ".join(cmd[:2]))
    left = [f for f in os.listdir("/dev/shm") if f.startswith("sm." + name)]
    if p.returncode != 1 or b"Broken pipe" not in err or left:
        sys.exit("%s: exit status %d, %r, left %s" % (" ".join(cmd[:2]), p.returncode, err, left))
PY

# ring get into a pipe whose reader left ('ring get --count 10 | head -1'):
# SIGPIPE killed it (exit by signal 13) with a message taken from the ring
# and gone without a word; it now says so, as for /dev/full, and stops
# there: the other messages stay.  A message larger than stdio's buffer
# (written without it) too.
gp=$(t_name gp)
expect 0 "$SM_CLI" create ring "$gp" --nodes 4 --node-size 128K
python3 - "$SM_CLI" "$gp" <<'PY' || fail "ring get into a closed pipe"
import os, subprocess, sys
cli, ring = sys.argv[1:]
for size in (10, 100000):
    subprocess.run([cli, "ring", "put", ring, "--data", "a" * size, "--data", "b", "--data", "c"],
                   check=True)
    r, w = os.pipe()
    os.close(r)
    p = subprocess.run([cli, "ring", "get", ring, "--count", "3"], stdout=w, stderr=subprocess.PIPE)
    os.close(w)
    left = subprocess.run([cli, "ring", "get", ring, "--all"], capture_output=True).stdout
    if (p.returncode != 1 or b"Broken pipe; the message just read is lost" not in p.stderr
            or left != b"bc"):
        sys.exit("a message of %d bytes: exit status %d, %r, left %r"
                 % (size, p.returncode, p.stderr, left))
PY

# traffic produce and consume into a pipe whose reader left ('traffic
# consume | head -1'): SIGPIPE killed both (exit 141), the producer's count
# of what it sent with it; both now say so and exit 1, the consumer at once
# (the messages left in the ring) and the producer with its count on stderr.
tp=$(t_name tp)
expect 0 "$SM_CLI" create ring "$tp" --nodes 64 --node-size 64
# One message is one (it said "1 messages were sent").
python3 - "$SM_CLI" "$tp" <<'PY' || fail "traffic into a closed pipe"
import os, subprocess, sys
cli, ring = sys.argv[1:]
runs = ((["produce", ring, "--count", "5"], b"Broken pipe; 5 messages were sent\n"),
        (["produce", ring, "--count", "1"], b"Broken pipe; 1 message was sent\n"),
        (["consume", ring], b"Broken pipe; stopped reading the ring after 0 messages\n"))
for cmd, want in runs:
    r, w = os.pipe()
    os.close(r)
    p = subprocess.Popen([cli, "traffic"] + cmd, stdout=w, stderr=subprocess.PIPE)
    os.close(w)
    try:
        _, err = p.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        sys.exit("traffic %s: still runs 10 s on" % cmd[0])
    if p.returncode != 1 or want not in err:
        sys.exit("traffic %s: exit status %d, %r" % (" ".join(cmd[:1] + cmd[2:]), p.returncode, err))
PY
expect 0 "$SM_CLI" ring get "$tp" --count 6 --timeout 0

# ring put --json into a pipe whose reader left: the messages went in, then
# SIGPIPE killed it (exit 141) with the count of them; it says it, exit 1.
python3 - "$SM_CLI" "$tp" <<'PY' || fail "ring put --json into a closed pipe"
import os, subprocess, sys
cli, ring = sys.argv[1:]
r, w = os.pipe()
os.close(r)
p = subprocess.run([cli, "ring", "put", ring, "--json", "--data", "a", "--data", "b"], stdout=w,
                   stderr=subprocess.PIPE, timeout=10)  # SIGPIPE: default
os.close(w)
if p.returncode != 1 or b"Broken pipe; 2 messages went into the ring" not in p.stderr:
    sys.exit("exit status %d, %r" % (p.returncode, p.stderr))
PY
expect 0 "$SM_CLI" ring get "$tp" --count 2 --timeout 0

# rpc call into a pipe whose reader left ('rpc call calc add 2 3 | true'):
# the server ran the call, then SIGPIPE killed the caller (exit 141) with
# the response gone without a word; it says so, as for /dev/full, exit 1.
pc=$(t_name pc)
bg "$SM_CLI" rpc serve "$pc"
wait_for "$pc"
python3 - "$SM_CLI" "$pc" <<'PY' || fail "rpc call into a closed pipe"
import os, subprocess, sys
cli, ch = sys.argv[1:]
for json, arg in (([], "hi"), (["--json"], "hi"), ([], "a" * 100000)):  # (past stdio's buffer)
    r, w = os.pipe()
    os.close(r)
    p = subprocess.run([cli, "rpc", "call", ch, "echo", arg] + json, stdout=w,
                       stderr=subprocess.PIPE, timeout=10)  # SIGPIPE: default
    os.close(w)
    if (p.returncode != 1 or
            b"Broken pipe; the call was made, its response is lost" not in p.stderr):
        sys.exit("rpc call %s of %d bytes: exit status %d, %r"
                 % (" ".join(json), len(arg), p.returncode, p.stderr))
PY

# rm and ring recover into a pipe whose reader left ('rm NAME | true'):
# the work was done, then SIGPIPE killed them (exit 141) with the report of
# it lost; they say on stderr what was done, exit 1 (gc: test-gc.sh).
gone1=$(t_name gone1)
gone2=$(t_name gone2)
python3 - "$SM_CLI" "$gone1" "$gone2" "$tp" <<'PY' || fail "rm or ring recover into a closed pipe"
import os, subprocess, sys
cli, gone1, gone2, ring = sys.argv[1:]
def run(cmd, said):
    r, w = os.pipe()
    os.close(r)
    p = subprocess.run([cli] + cmd, stdout=w, stderr=subprocess.PIPE, timeout=10)  # SIGPIPE: default
    os.close(w)
    if p.returncode != 1 or said not in p.stderr:
        sys.exit("%s: exit status %d, %r" % (" ".join(cmd), p.returncode, p.stderr))
for json in ([], ["--json"]):
    for name in (gone1, gone2):
        subprocess.run([cli, "create", "buffer", name, "--size", "8"], check=True,
                       stdout=subprocess.DEVNULL)
    run(["rm", gone1, gone2] + json, b"Broken pipe; 2 segments were removed")
    left = [f for f in os.listdir("/dev/shm") if f in ("sm." + gone1, "sm." + gone2)]
    if left:
        sys.exit("rm %s left %s" % (" ".join(json), left))
    run(["rm", gone1] + json, b"segment '%s': no such segment" % gone1.encode())
    run(["ring", "recover", ring] + json,
        b"segment '%s': writing standard output: Broken pipe; 0 nodes were reclaimed"
        % ring.encode())
PY

# --lines too: input that cannot be read is an error, not the end of it,
# and a line longer than a node is counted, not held in memory whole.
expect 1 "$SM_CLI" ring put "$r" --lines <&-
err_has "reading standard input: Bad file descriptor"
expect 1 "$SM_CLI" ring put "$r" --lines <"$T_TMP"
err_has "reading standard input: Is a directory"
python3 - "$SM_CLI" "$r" "$T_TMP/err" <<'PY' || fail "ring put --lines of a 200 MiB line"
import resource, subprocess, sys
cli, ring, err = sys.argv[1:]
with open(err, "w") as e:
    p = subprocess.Popen([cli, "ring", "put", ring, "--lines"], stdin=subprocess.PIPE, stderr=e)
    for _ in range(200):
        p.stdin.write(bytes(1 << 20))
    p.stdin.close()
    rc = p.wait()
peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
if rc != 1 or peak_mib > 100:
    sys.exit("exit status %d, at most %d MiB resident" % (rc, peak_mib))
PY
err_has "a message of 209715200 bytes is larger than the ring's node size (64 bytes)"

expect 1 "$SM_CLI" ring put "$r" --data a --data "$(printf 'x%.0s' $(seq 65))" --data c
err_has "nothing written"
expect 0 "$SM_CLI" ring get "$r" --all
[ -s "$T_TMP/out" ] && fail "a message went in: '$(cat "$T_TMP/out")'"

expect 2 "$SM_CLI" create buffer "$(t_name b)" --size 10 --label "$(printf 'a%.0s' $(seq 32))"
# (rpc serve cut it to 31 bytes and served; timeout ends that)
expect 2 timeout 10 "$SM_CLI" rpc serve "$(t_name c)" --label "$(printf 'a%.0s' $(seq 32))"
err_has "--label: at most 31 bytes (this one has 32)"
expect 2 "$SM_CLI" create buffer "$(t_name b)" --size 10 --mode 0000
# The owner reads and writes its segment (a 0400 one it could not open).
expect 2 "$SM_CLI" create buffer "$(t_name b)" --size 10 --mode 0400
err_has "the owner must be able to read and write it"
expect 2 "$SM_CLI" rpc serve "$(t_name c)" --mode 0244
expect 2 "$SM_CLI" rpc serve "$(t_name c)" --packet-size 10
expect 2 "$SM_CLI" bench compare --workloads ""
expect 0 "$SM_CLI" create buffer "$(t_name q)" --size 10 --quiet # as before the command
expect 0 "$SM_CLI" create buffer "$(t_name q2)" --size 10 -q # the short form too
expect 1 "$SM_CLI" create buffer "$r" --size 10 # the ring's creator exited
err_has "owner is dead"

ch=$(t_name ch)
"$SM_CLI" rpc serve "$ch" >/dev/null 2>&1 &
srv=$!
for _ in $(seq 100); do [ -e "/dev/shm/sm.$ch.s2c" ] && break; sleep 0.05; done
kill -9 "$srv"; wait "$srv" 2>/dev/null
# One ring of a channel alone is refused: the channel would be left unusable.
expect 1 "$SM_CLI" rm "$ch.c2s"
err_has "one of an RPC channel's rings (remove the channel instead)"
[ -e "/dev/shm/sm.$ch.c2s" ] || fail "rm removed a channel's ring without --force"
expect 0 "$SM_CLI" rm "$ch"
for f in "$ch" "$ch.c2s" "$ch.s2c"; do
	[ -e "/dev/shm/sm.$f" ] && fail "rm left $f"
done
exit 0
