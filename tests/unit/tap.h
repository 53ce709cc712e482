/*
 * tap.h - a minimal TAP producer for the C unit tests (after Russ
 * Allbery's c-tap-harness basic.h): plan(), ok(), is_int(), is_string(),
 * diag(), and test_path() for files under fixtures/.
 * The process exits non-zero if any test failed or the plan was wrong.
 */
#ifndef DIP_TAP_H
#define DIP_TAP_H

void plan(int n);
void plan_lazy(void);     /* print the plan at exit */
int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int is_int(long want, long got, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int is_string(const char *want, const char *got, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void skip_all(const char *why) __attribute__((noreturn));
/* $DIP_ROOT/rel (the project root); caller frees. */
char *test_path(const char *rel);
/* Write text to dir/name; returns the path (caller frees). */
char *test_write_file(const char *dir, const char *name, const char *text);
/* A fresh temporary directory, removed at exit; caller frees. */
char *test_tmpdir(void);

#endif
