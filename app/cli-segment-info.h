/* cli-segment-info.h — text and JSON for one struct sm_segment_info,
 * shared by `list` and `inspect`. */
#ifndef SM_CLI_SEGMENT_INFO_H
#define SM_CLI_SEGMENT_INFO_H

#include <stddef.h>
#include <stdint.h>

#include "cli-util.h"
#include "sharedmem/segment.h"

/* "1234 alive" / "1234 dead" / "-" into buf. */
const char *cli_info_owner(const struct sm_segment_info *s, char *buf, size_t size);
/* "12,345" list of attached pids (as many whole ones as fit, then ",+N"
 * for the rest; ",?" when more may map it unseen), or "-". */
const char *cli_info_attached(const struct sm_segment_info *s, char *buf, size_t size);
/* "ok", "stale", "closed", "initialising" or "broken: <why>". */
const char *cli_info_status(const struct sm_segment_info *s, char *buf, size_t size);
/* Seconds since creation (0 if in the future or unknown). */
uint64_t cli_info_age_s(const struct sm_segment_info *s);
/* The age as the workbench shows it too (sm_age_text()): "3h02m", "in the
 * future"; buf needs SM_AGE_TEXT_SIZE bytes. */
const char *cli_info_age(const struct sm_segment_info *s, char *buf, size_t size);
/* The login name of uid, or the number. */
const char *cli_user_name(uint32_t uid, char *buf, size_t size);
/* One JSON object describing s (the stable fields documented in README). */
void cli_info_json(struct cli_json *j, const char *key, const struct sm_segment_info *s);

#endif
