/*
 * scanahead.h - the attribute scan (tagscan.h) one buffer ahead of the
 * parser, on a second thread.
 *
 * While libxml2 parses buffer k, buffer k+1 is scanned; it reaches the
 * parser only once the scan has passed it, so a start tag over the cap
 * still stops the input before libxml2 compares its attributes.  On one
 * core (or if no thread can be started) the scan runs in the caller,
 * with the same results.
 *
 *	scanahead_submit(a, buf, n);           copied: buf may be reused
 *	                                       (or read into scanahead_slot(a)
 *	                                       first, and not copied at all)
 *	if ((p = scanahead_take(a, &len)))     what passed before
 *		parse(p, len);
 *	if (scanahead_wait(a))                 buf's verdict
 *		refuse at a->scan->tag_line, tag_col;
 *	...
 *	if ((p = scanahead_take(a, &len)))     at the end of the input
 *		parse(p, len);
 *
 * Returns: scanahead_wait() returns 0, or -1 when the scan refused (the
 * tagscan says where; nothing else is set).  scanahead_take() returns
 * NULL when no buffer is waiting.  Nothing else fails: out of memory
 * exits (util.h), and a thread that cannot start leaves the scan to the
 * caller's thread.  A pointer taken is a's, the tagscan the caller's,
 * who reads it only after scanahead_wait(): the scan's thread writes it
 * until then.  Call these from one thread.
 */
#ifndef DIP_SCANAHEAD_H
#define DIP_SCANAHEAD_H

#include <stddef.h>

#include "ingest/tagscan.h"

struct scanahead;

/* Scan with s (owned by the caller) buffers of at most max bytes. */
struct scanahead *scanahead_new(struct tagscan *s, size_t max);
void scanahead_free(struct scanahead *a);
/* Copy buf[0..n) (n <= max) and start scanning it; no copy when buf is
 * scanahead_slot(a).  Call scanahead_wait() before the next submit. */
void scanahead_submit(struct scanahead *a, const void *buf, size_t n);
/* The max bytes the next submit will scan from: a caller that fills
 * them there saves the copy.  Valid until that submit, with no
 * scanahead_take() in between; nothing else touches them till then. */
void *scanahead_slot(struct scanahead *a);
/* The buffer that last passed the scan, once: valid until the next
 * submit (which may reuse its slot); NULL if there is none. */
const char *scanahead_take(struct scanahead *a, size_t *n);
/* Wait for the scan of the buffer last submitted: 0 when it passed
 * (scanahead_take() will give it), -1 when a start tag in it is over the
 * cap (the tagscan says where). */
int scanahead_wait(struct scanahead *a);

#endif
