/* cli-parse.h — the CLI's reading of option values and segment names:
 * sizes, counts, timeouts, durations, modes and names, each refused with
 * one line that names the option. */
#ifndef SM_CLI_PARSE_H
#define SM_CLI_PARSE_H

#include <stdint.h>

/* Parse helpers: 0 on success, or CLI_USAGE after printing what is wrong
 * (`what` names the option). */
/* An unsigned number with an optional binary suffix: 64, 4K, 4KiB, 1M, 2G. */
int cli_parse_size(const char *s, const char *what, uint64_t max, uint64_t *out);
/* An integer in [min, max], with the binary suffixes of a size but B (1K =
 * 1024): counts take them as sizes do, wherever they are given. */
int cli_parse_int(const char *s, const char *what, long long min, long long max,
		  long long *out);
/* The same, straight into a field of that width (out untouched on error). */
int cli_parse_u32(const char *s, const char *what, long long min, long long max, uint32_t *out);
int cli_parse_i32(const char *s, const char *what, long long min, long long max, int32_t *out);
int cli_parse_u64(const char *s, const char *what, long long min, long long max, uint64_t *out);
/* An RPC channel's packet (ring node) size, header included:
 * SM_RPC_MIN_PACKET_SIZE .. SM_RPC_MAX_PACKET_SIZE. */
int cli_parse_packet_size(const char *s, const char *what, uint32_t *out);
/* An RPC channel's packet is a node of its two rings: its size goes by
 * either name, --packet-size or --node-size (rpc serve, create rpc, bench
 * rpc); both given are refused with this. */
#define CLI_PACKET_SIZE_TWICE \
	"--packet-size and --node-size do not go together (two names of one size: " \
	"an RPC channel's packet is its rings' node)"
/* The options an RPC channel's size comes from, as cli_fail_sized()
 * names them (rpc serve, create rpc, bench rpc). */
#define CLI_RPC_SIZED_BY "--nodes and --packet-size"
/* A timeout in milliseconds as the library takes it: -1 (forever) .. INT32_MAX. */
int cli_parse_timeout(const char *s, const char *what, int32_t *ms);
/* A duration: "2" or "2s" seconds, "500ms", "1.5s" (decimal digits, a
 * '.' allowed: no blank, sign, exponent or hex); more than 0 and at most
 * max seconds. */
int cli_parse_seconds(const char *s, const char *what, double max, double *out);

/* A ring mode (--ring-mode): mpmc, spsc, spmc or mpsc, as SM_RING_SINGLE_* flags. */
int cli_parse_ring_mode(const char *s, unsigned *flags);

/* A --label: at most SM_LABEL_MAX bytes (the library would cut a longer one). */
int cli_parse_label(const char *s, const char **out);

/* A file mode in octal (0600), permission bits only. */
int cli_parse_mode(const char *s, unsigned *out);

/* A segment name as the library accepts it; else CLI_USAGE with the reason. */
int cli_check_name(const char *name);
/* After getopt: exactly one positional argument, a valid segment name
 * (`what` names it in the message: "ring").  0, or CLI_USAGE after saying
 * what is wrong. */
int cli_one_name(int argc, char **argv, const char *what, const char **name);
/* The same for an RPC channel, whose names are shorter (SM_RPC_NAME_MAX). */
int cli_check_channel_name(const char *name);

#endif
