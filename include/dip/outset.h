/*
 * outset.h - every file one stage writes, replaced all together or not
 * at all.
 *
 * A stage's outputs live under one root directory (dip-ingest's and
 * dip-synth's -o DIR, a metric stage's RUN_DIR), some in subdirectories
 * that other stages write into too (metrics/, lists/), so the unit that
 * is swapped is the file, never a shared directory.  Each member is
 * written to a temporary name beside its target (outfile.h).
 * outset_commit() flushes and fsyncs every member, then swaps each into
 * place with renameat2(RENAME_EXCHANGE): the temporary name holds the old
 * file until the whole set is in.  If any swap fails (a target that has
 * become a directory, a full disk), the swaps already made are swapped
 * back, and every old file is as it was.
 *
 * A journal, ROOT/.dip-OWNER.journal, names each member (relative to
 * ROOT) with the device and inode of its new file, so a target can be
 * told new from old by identity, not by name.  It is locked (flock)
 * while the set is open: two runs of one stage into one root cannot
 * interleave (the second fails, once the lock has stayed held for half a
 * second: another stage starting in the same root holds it for a moment
 * while it looks for a killed run's journal).  A run killed at any point, even by
 * SIGKILL, leaves the journal behind, and the next run of any stage in
 * that root reads it first (a journal another running stage holds
 * locked is left to that stage): every target that holds a new file gets its
 * old file back (or is removed if there was none) and every temporary
 * file goes.  A "committed" record, written after the last swap, tells
 * that run the new set was whole and only the old files remain to
 * delete.  SIGINT, SIGTERM and SIGHUP are held off during the swaps.
 *
 * Where the file system has no RENAME_EXCHANGE (renameat2 says EINVAL or
 * ENOSYS), each old file is hard-linked to a backup name ".NAME.old-…"
 * (renamed there if links are refused too) and the new file renamed
 * over the target: undoing and the journal work the same, but with the
 * rename fallback a reader can find a target missing for an instant.
 *
 * Every failure to create, write, sync or rename is DIP_EXIT_IO.
 *
 * Returns: what can fail returns 0, or -1 (NULL for outset_open()) with
 * err set, every failure DIP_EXIT_IO.  A FILE * from outset_open()
 * belongs to the set: the caller writes to it and never closes it;
 * outset_commit() closes it (flushed and fsynced) and outset_release()
 * closes and deletes whatever was not committed.
 */
#ifndef DIP_OUTSET_H
#define DIP_OUTSET_H

#include <stdio.h>
#include <sys/types.h>

#include "dip/error.h"

struct outfile;

struct outset_member;

struct outset {
	char *root;
	char *journal;               /* ROOT/.dip-OWNER.journal */
	int jfd;                     /* locked journal, -1 until opened */
	struct outset_member **m;    /* each allocated alone: they must not
					move while outfile.c links them */
	size_t n, cap;
};

/* owner names the stage ("ingest", "overdue"): one journal each. */
void outset_init(struct outset *s, const char *root, const char *owner);
/* A new member ROOT/sub/name (sub may be NULL), created with mode; ROOT
 * and sub are made if missing.  The first call locks the journal and
 * recovers from a killed run.  NULL on error (err set). */
FILE *outset_open(struct outset *s, const char *sub, const char *name,
		  mode_t mode, struct dip_err *err);
/* A member whose bytes are copied from the file `from` (made by a child
 * process, e.g. gnuplot).  0 or -1 (err set). */
int outset_copy(struct outset *s, const char *sub, const char *name,
		const char *from, mode_t mode, struct dip_err *err);
/* The file a member is being written to (its descriptor, and the CRC-32
 * of what has been written), or NULL if fp is not a member. */
const struct outfile *outset_file(const struct outset *s, FILE *fp);
/* -1 with err naming the member and the system's reason if a write to
 * any member has failed; else 0. */
int outset_write_error(struct outset *s, struct dip_err *err);
/* A write has failed: err names the member and the system's reason, or,
 * if no member knows of it (a scratch file, a short count), says "write
 * failed" about what.  Always -1. */
int outset_failed(struct outset *s, const char *what, struct dip_err *err);
/* Replace every target, or none.  0 or -1 (err set). */
int outset_commit(struct outset *s, struct dip_err *err);
/* Discard what was not committed and unlock; safe after a commit. */
void outset_release(struct outset *s);

/* For tests of the fallback: behave as if RENAME_EXCHANGE were refused. */
extern int outset_no_exchange;

#endif
