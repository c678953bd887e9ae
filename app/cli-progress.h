/* cli-progress.h — a progress line on stderr while a benchmark runs, only
 * when stderr is a terminal (and not --quiet): "label  1.2 s / 2.0 s". */
#ifndef SM_CLI_PROGRESS_H
#define SM_CLI_PROGRESS_H

/* Start showing `label` with the elapsed time against `seconds` (0: no
 * total).  A thread redraws the line a few times a second. */
void cli_progress_start(const char *label, double seconds);
/* Stop and erase the line.  Harmless when not started. */
void cli_progress_stop(void);

#endif
