/* cli-parse.c — see cli-parse.h. */
#include "cli-parse.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli-util.h"
#include "sharedmem.h"

/* The binary suffix at *end (K, M, G; with `bytes`, also B and the KiB,
 * KB forms), stepped over: its shift, 0 for none, or -1 for one that is
 * not.  Sizes and counts read theirs here, so every option takes the same. */
static int suffix_shift(const char **end, bool bytes)
{
	const char *e = *end;
	int shift;
	if (!*e)
		return 0;
	switch (toupper((unsigned char)*e)) {
	case 'K': shift = 10; break;
	case 'M': shift = 20; break;
	case 'G': shift = 30; break;
	case 'B': shift = bytes ? 0 : -1; break;
	default: shift = -1;
	}
	e++;
	if (bytes && shift > 0 && (strcmp(e, "iB") == 0 || strcmp(e, "B") == 0 ||
				   strcmp(e, "ib") == 0 || strcmp(e, "b") == 0))
		e += strlen(e);
	if (shift < 0 || *e)
		return -1;
	*end = e;
	return shift;
}

int cli_parse_size(const char *s, const char *what, uint64_t max, uint64_t *out)
{
	char *digits_end;
	errno = 0;
	if (!s || !isdigit((unsigned char)s[0]))
		return cli_usage("%s: '%s' is not a size (e.g. 64, 4K, 1MiB)", what, s ? s : "");
	unsigned long long v = strtoull(s, &digits_end, 10);
	const char *end = digits_end;
	int shift = suffix_shift(&end, true);
	if (shift < 0)
		return cli_usage("%s: '%s' is not a size (e.g. 64, 4K, 1MiB)", what, s);
	if (errno == ERANGE || (shift && v > (UINT64_MAX >> shift)))
		return cli_usage("%s: '%s' is too large (at most %llu)", what, s, (unsigned long long)max);
	uint64_t bytes = (uint64_t)v << shift;
	if (bytes > max)
		return cli_usage("%s: '%s' is too large (at most %llu)", what, s, (unsigned long long)max);
	*out = bytes;
	return 0;
}

/* A number as written: a digit first, or '-' and a digit (strtoll would
 * also skip blanks and take a '+', which a size refuses). */
static bool starts_as_number(const char *s)
{
	return s && isdigit((unsigned char)s[s[0] == '-']);
}

int cli_parse_int(const char *s, const char *what, long long min, long long max,
		  long long *out)
{
	char *digits_end;
	errno = 0;
	bool number = starts_as_number(s);
	long long v = number ? strtoll(s, &digits_end, 10) : 0;
	const char *end = number ? digits_end : s;
	int shift = number ? suffix_shift(&end, false) : -1;
	if (!number || (errno && errno != ERANGE) || shift < 0)
		return cli_usage("%s: '%s' is not a number", what, s ? s : "");
	if (errno == ERANGE || v > (LLONG_MAX >> shift) || v < (LLONG_MIN >> shift))
		return cli_usage("%s: '%s' is out of range (%lld..%lld)", what, s, min, max);
	v *= 1LL << shift;
	if (v < min || v > max)
		return cli_usage("%s: %lld is out of range (%lld..%lld)", what, v, min, max);
	*out = v;
	return 0;
}

#define CLI_PARSE_INTO(fn, type)                                                              \
	int fn(const char *s, const char *what, long long min, long long max, type *out)      \
	{                                                                                     \
		long long v = 0;                                                              \
		int r = cli_parse_int(s, what, min, max, &v);                                 \
		if (!r)                                                                       \
			*out = (type)v;                                                       \
		return r;                                                                     \
	}
CLI_PARSE_INTO(cli_parse_u32, uint32_t)
CLI_PARSE_INTO(cli_parse_i32, int32_t)
CLI_PARSE_INTO(cli_parse_u64, uint64_t)
#undef CLI_PARSE_INTO

int cli_parse_packet_size(const char *s, const char *what, uint32_t *out)
{
	uint64_t v;
	int r = cli_parse_size(s, what, SM_RPC_MAX_PACKET_SIZE, &v);
	if (!r && v < SM_RPC_MIN_PACKET_SIZE)
		r = cli_usage("%s: at least %u bytes", what, SM_RPC_MIN_PACKET_SIZE);
	if (!r)
		*out = (uint32_t)v;
	return r;
}

int cli_parse_timeout(const char *s, const char *what, int32_t *ms)
{
	return cli_parse_i32(s, what, -1, INT32_MAX, ms);
}

/* The length of the decimal number s starts with: digits, at most one
 * '.' among them, at least one digit; 0 if none.  (strtod would also skip
 * blanks and take a sign, an exponent, hex, "inf" and "nan".) */
static size_t decimal_length(const char *s)
{
	size_t n = strspn(s, "0123456789"), digits = n;
	if (s[n] == '.') {
		size_t fraction = strspn(s + n + 1, "0123456789");
		digits += fraction;
		n += 1 + fraction;
	}
	return digits ? n : 0;
}

int cli_parse_seconds(const char *s, const char *what, double max, double *out)
{
	size_t n = s ? decimal_length(s) : 0;
	char *end = NULL;
	double v = n ? strtod(s, &end) : -1;
	if (!n || end != s + n || (*end && strcmp(end, "s") != 0 && strcmp(end, "ms") != 0))
		return cli_usage("%s: '%s' is not a duration (e.g. 2, 2s, 500ms)", what, s ? s : "");
	if (strcmp(end, "ms") == 0)
		v /= 1000.0;
	if (!(v > 0) || v > max)
		return cli_usage("%s: '%s' is out of range (more than 0, at most %g)", what, s, max);
	*out = v;
	return 0;
}

int cli_parse_ring_mode(const char *s, unsigned *flags)
{
	for (unsigned f = 0; f <= (SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER); f++)
		if (s && strcmp(s, sm_ring_mode_name(f)) == 0) {
			*flags = f;
			return 0;
		}
	return cli_usage("--ring-mode: '%s' is not mpmc, spsc, spmc or mpsc", s ? s : "");
}

int cli_parse_label(const char *s, const char **out)
{
	if (strlen(s) > SM_LABEL_MAX)
		return cli_usage("--label: at most %u bytes (this one has %zu)", SM_LABEL_MAX, strlen(s));
	*out = s;
	return 0;
}

int cli_parse_mode(const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long m = s && *s ? strtoul(s, &end, 8) : 01000;
	if (!s || !*s || errno || *end || m > 0777)
		return cli_usage("--mode: '%s' is not an octal mode like 0600", s ? s : "");
	if (m == 0 || !sm_mode_valid((unsigned)m)) /* (0 would mean "the default" to the library) */
		return cli_usage("--mode %s: the owner must be able to read and write it (0600 at least)", s);
	*out = (unsigned)m;
	return 0;
}

int cli_one_name(int argc, char **argv, const char *what, const char **name)
{
	if (optind >= argc)
		return cli_usage("which %s? (NAME is missing)", what);
	if (optind + 1 < argc)
		return cli_usage("unexpected argument '%s'", argv[optind + 1]);
	*name = argv[optind];
	return cli_check_name(*name);
}

int cli_check_channel_name(const char *name)
{
	int r = cli_check_name(name);
	if (r == 0 && strlen(name) > SM_RPC_NAME_MAX) { /* (a valid name: no need to show it) */
		cli_failf("bad channel name '%s': longer than %u characters (its rings add "
			  "\".c2s\" and \".s2c\")", name, SM_RPC_NAME_MAX);
		return CLI_USAGE;
	}
	return r;
}

int cli_check_name(const char *name)
{
	int r = sm_name_validate(name);
	if (r == 0)
		return 0;
	/* One line, as for every error about a segment (no --help hint); the
	 * name shown as list shows names, so that it stays one. */
	char shown[SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX)];
	sm_shown_text(name, shown, sizeof shown);
	if (r == -ENAMETOOLONG)
		cli_failf("bad segment name '%s': longer than %u characters", shown, SM_NAME_MAX);
	else
		cli_failf("bad segment name '%s': use 1..%u of A-Z a-z 0-9 . _ -, "
			  "not starting with '.', without '..'", shown, SM_NAME_MAX);
	return CLI_USAGE;
}
