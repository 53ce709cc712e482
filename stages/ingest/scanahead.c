/* scanahead.c - the attribute scan one buffer ahead; see scanahead.h. */
#include "ingest/scanahead.h"
#include "dip/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct scanahead {
	struct tagscan *scan;
	unsigned char *buf[2];
	size_t len[2];
	int scanning;            /* slot submitted last, or -1 */
	int held;                /* slot that passed, not yet taken, or -1 */
	int rc;                  /* verdict on the slot submitted last */
	/* the thread, when there is one */
	int threaded, busy, quit;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* The scan's thread: scans the slot submitted each time busy is set,
 * until quit. */
static void *scan_loop(void *arg)
{
	struct scanahead *a = arg;
	int rc;

	pthread_mutex_lock(&a->mu);
	for (;;) {
		while (!a->busy && !a->quit)
			pthread_cond_wait(&a->cv, &a->mu);
		if (a->quit)
			break;
		pthread_mutex_unlock(&a->mu);
		/* Only this thread touches the scan and the slot while
		 * busy is set. */
		rc = tagscan_feed(a->scan, a->buf[a->scanning],
				  a->len[a->scanning]);
		pthread_mutex_lock(&a->mu);
		a->rc = rc;
		a->busy = 0;
		pthread_cond_broadcast(&a->cv);
	}
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

struct scanahead *scanahead_new(struct tagscan *s, size_t max)
{
	struct scanahead *a = xcalloc(1, sizeof(*a));

	a->scan = s;
	a->buf[0] = xmalloc(max ? max : 1);
	a->buf[1] = xmalloc(max ? max : 1);
	a->scanning = a->held = -1;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	a->threaded = pthread_create(&a->thread, NULL, scan_loop, a) == 0;
	return a;
}

void scanahead_free(struct scanahead *a)
{
	if (!a)
		return;
	if (a->threaded) {
		pthread_mutex_lock(&a->mu);
		while (a->busy)
			pthread_cond_wait(&a->cv, &a->mu);
		a->quit = 1;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->thread, NULL);
	}
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
	free(a->buf[0]);
	free(a->buf[1]);
	free(a);
}

/* The slot the held buffer is not in: the next submit's. */
static int free_slot(const struct scanahead *a)
{
	return a->held == 0 ? 1 : 0;
}

void *scanahead_slot(struct scanahead *a)
{
	return a->buf[free_slot(a)];
}

void scanahead_submit(struct scanahead *a, const void *buf, size_t n)
{
	int slot = free_slot(a);

	if (buf != a->buf[slot])
		memcpy(a->buf[slot], buf, n);
	a->len[slot] = n;
	a->scanning = slot;
	if (!a->threaded) {
		a->rc = tagscan_feed(a->scan, a->buf[slot], n);
		return;
	}
	pthread_mutex_lock(&a->mu);
	a->busy = 1;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
}

const char *scanahead_take(struct scanahead *a, size_t *n)
{
	int slot = a->held;

	if (slot < 0)
		return NULL;
	a->held = -1;
	*n = a->len[slot];
	return (const char *)a->buf[slot];
}

int scanahead_wait(struct scanahead *a)
{
	if (a->scanning < 0)
		return 0;
	if (a->threaded) {
		pthread_mutex_lock(&a->mu);
		while (a->busy)
			pthread_cond_wait(&a->cv, &a->mu);
		pthread_mutex_unlock(&a->mu);
	}
	if (!a->rc)
		a->held = a->scanning;
	a->scanning = -1;
	return a->rc;
}
