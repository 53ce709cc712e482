/*
 * fuzz.h - what the fuzzing harnesses share.
 *
 * Each harness defines LLVMFuzzerInitialize() and LLVMFuzzerTestOneInput()
 * and is linked either with libFuzzer (make fuzz, clang) or with
 * replay.c's main() (make fuzz-replay, any compiler), which feeds it the
 * files of a corpus one by one.
 *
 * Files a harness writes go only into one private directory made with
 * mkdtemp() under $TMPDIR (else /dev/shm, else /tmp: the stages fsync
 * every file they write, which memory makes cheap); fuzz_clean() empties it after
 * every input and it is removed at exit and before a sanitizer report
 * ends the process.  The shipped configuration is read from the source
 * tree the harness was built in (DIP_FUZZ_ROOT), or from
 * $DIP_FUZZ_CONFIG.
 */
#ifndef DIP_FUZZ_H
#define DIP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Built with a sanitizer (clang says so by __has_feature, gcc by
 * __SANITIZE_ADDRESS__): its report and death hooks are there. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define HAVE_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_SANITIZER 1
#endif
#ifdef HAVE_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The private directory, made on first use. */
const char *fuzz_dir(void);
/* fuzz_dir()/name (name may hold '/'); caller frees. */
char *fuzz_path(const char *name);
/* Write n bytes to fuzz_dir()/name, making its directories; returns the
 * path (caller frees). */
char *fuzz_write(const char *name, const void *data, size_t n);
/* Remove everything inside fuzz_dir(). */
void fuzz_clean(void);

/* The shipped config file, and the source tree's root. */
const char *fuzz_config(void);
const char *fuzz_root(void);

/* Where fuzz_fail() and the replay write (the replay silences fd 2). */
extern int fuzz_report_fd;
/* Call fn first when a sanitizer report ends the process. */
void fuzz_at_death(void (*fn)(void));

/* A broken invariant: say what, clean up and abort(), which libFuzzer
 * and the replay both report as a crash with this input. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						    noreturn));

#endif
