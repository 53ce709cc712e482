/* xmlin.c - untrusted XML through zlib and the libxml2 push parser. */
#include "ingest/xmlin.h"
#include "dip/exitcode.h"
#include "ingest/scanahead.h"
#include "ingest/tagscan.h"
#include "dip/util.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (256 * 1024)
/* Expansion is judged only past this much output: small files with
 * long runs of white space compress very well and are harmless. */
#define EXPANSION_GRACE (64ull << 20)

struct xmlin {
	const char *label;
	const struct xmlin_limits *lim;
	const struct xmlin_sax *sax;
	void *user;
	xmlParserCtxtPtr ctxt;
	struct dip_err *err;
	struct xmlin_info *info;
	int failed;
	/* An error raised where libxml2 gives no position (a character
	 * set conversion): placed where the parser stops, which is at the
	 * undecodable bytes or just before them. */
	int pos_pending;
	struct tagscan scan;
	struct scanahead *ahead;   /* runs the scan a buffer ahead */
	int depth;
	size_t text_len;
	const char *cur_name;   /* valid during callbacks only */
};

/* No external entity or DTD is ever loaded, whatever libxml2 asks. */
static xmlParserInputPtr deny_loader(const char *url, const char *id,
				     xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

void xmlin_global_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	LIBXML_TEST_VERSION
	xmlSetExternalEntityLoader(deny_loader);
}

void *xmlin_user(struct xmlin *x)
{
	return x->user;
}

/* What xmlSAX2GetLineNumber() returns, without a call into the library
 * for each element. */
long xmlin_line(struct xmlin *x)
{
	return x->ctxt && x->ctxt->input ? x->ctxt->input->line : 0;
}

long xmlin_col(struct xmlin *x)
{
	return x->ctxt ? xmlSAX2GetColumnNumber(x->ctxt) : 0;
}

void xmlin_fail(struct xmlin *x, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	if (x->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(x->err, DIP_EXIT_DATA, x->label, xmlin_line(x), xmlin_col(x),
		"%s", msg);
	x->failed = 1;
	if (x->ctxt)
		xmlStopParser(x->ctxt);
}

/* libxml2's callbacks: the depth and text caps, then the caller's. */
static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
		     const xmlChar *uri, int nns, const xmlChar **ns,
		     int nattr, int ndef, const xmlChar **attr)
{
	struct xmlin *x = ctx;

	(void)prefix; (void)nns; (void)ns; (void)nattr; (void)ndef; (void)attr;
	if (x->failed)
		return;
	if (++x->depth > x->lim->max_depth) {
		xmlin_fail(x, "elements nested deeper than %d", x->lim->max_depth);
		return;
	}
	x->text_len = 0;
	x->cur_name = (const char *)local;
	x->sax->start(x, (const char *)uri, (const char *)local, xmlin_line(x));
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
		   const xmlChar *uri)
{
	struct xmlin *x = ctx;

	(void)prefix;
	if (x->failed)
		return;
	x->depth--;
	x->text_len = 0;
	x->sax->end(x, (const char *)uri, (const char *)local);
}

static void on_text(void *ctx, const xmlChar *s, int n)
{
	struct xmlin *x = ctx;

	if (x->failed)
		return;
	x->text_len += (size_t)n;
	if (x->text_len > x->lim->max_text) {
		xmlin_fail(x, "text longer than %zu bytes", x->lim->max_text);
		return;
	}
	x->sax->text(x, (const char *)s, (size_t)n);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
		       const xmlChar *sys)
{
	(void)name; (void)ext; (void)sys;
	xmlin_fail(ctx, "document type declarations are not allowed"
		   " (entities are never expanded)");
}

/*
 * Every libxml2 error ends here, whichever way it came: the file fails
 * and the count a harness can check goes up.  line 0: no position
 * known yet (see pos_pending).
 */
static void xml_error(struct xmlin *x, long line, long col, const char *text)
{
	char msg[400];
	size_t n;

	x->info->xml_errors++;
	if (x->failed)
		return;
	snprintf(msg, sizeof(msg), "%s", text && *text ? text : "error");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	/* One error, one line ("... indicate encoding !\nBytes: 0xFF"). */
	for (char *nl = msg; (nl = strchr(nl, '\n'));)
		*nl = ' ';
	/* libxml2 capitalises; the house style does not. */
	if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		msg[0] = (char)(msg[0] - 'A' + 'a');
	err_set(x->err, DIP_EXIT_DATA, x->label, line, col,
		"malformed xml: %s", msg);
	x->failed = 1;
	if (line <= 0)
		x->pos_pending = 1;
	else if (x->ctxt)
		xmlStopParser(x->ctxt);
}

/* The structured channel: the parser context's own handler, and the
 * thread's global one for errors raised with no context (character set
 * conversion, input buffers).  A warning does not fail the file. */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
	struct xmlin *x = ctx;

	if (!e || e->level < XML_ERR_ERROR)
		return;
	/* e->line and e->int2 describe the parser's input only when the
	 * error came from a parser context. */
	if (e->ctxt && e->line > 0)
		xml_error(x, e->line, e->int2, e->message);
	else
		xml_error(x, 0, 0, e->message);
}

/* The generic channel: libxml2 writes some errors straight to it
 * ("xmlParseChunk: encoder error"), never to a structured handler. */
static void on_generic_error(void *ctx, const char *fmt, ...)
{
	va_list ap;
	char msg[400];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	xml_error(ctx, 0, 0, msg);
}

/* Route the thread's global channels to x for one parse; restore()
 * puts back what was there. */
struct xml_channels {
	xmlStructuredErrorFunc serror;
	void *sctx;
	xmlGenericErrorFunc generic;
	void *gctx;
};

static void channels_take(struct xml_channels *old, struct xmlin *x)
{
	old->serror = xmlStructuredError;
	old->sctx = xmlStructuredErrorContext;
	old->generic = xmlGenericError;
	old->gctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(x, on_xml_error);
	xmlSetGenericErrorFunc(x, on_generic_error);
}

static void channels_restore(const struct xml_channels *old)
{
	xmlSetStructuredErrorFunc(old->sctx, old->serror);
	xmlSetGenericErrorFunc(old->gctx, old->generic);
}

/* Bytes still waiting for conversion when the input has ended: libxml2
 * 2.9 keeps a partial character (an odd byte of UTF-16, half a
 * surrogate pair) at the end of the input and says nothing. */
static int undecoded(xmlParserCtxtPtr ctxt)
{
	xmlParserInputBufferPtr in = ctxt->input ? ctxt->input->buf : NULL;

	return in && in->encoder && in->raw && xmlBufUse(in->raw) > 0;
}

/*
 * One call of xmlParseChunk(), its result checked: a non-zero return
 * is an error even if no handler heard of it (libxml2 2.9 halts on an
 * undecodable byte and returns XML_ERR_INVALID_ENCODING with the
 * context still marked well-formed).
 */
static void parse_chunk(struct xmlin *x, const char *buf, size_t n,
			int terminate)
{
	int rc = xmlParseChunk(x->ctxt, buf, (int)n, terminate);

	if (x->pos_pending) {
		x->pos_pending = 0;
		x->err->line = xmlin_line(x);
		x->err->col = xmlin_col(x);
		xmlStopParser(x->ctxt);
	}
	if (rc != 0 && !x->failed) {
		char msg[64];

		snprintf(msg, sizeof(msg), "the parser stopped (libxml2 error"
			 " %d)", rc);
		xml_error(x, xmlin_line(x), xmlin_col(x), msg);
	}
	if (terminate && !x->failed &&
	    (!x->ctxt->wellFormed || !x->ctxt->nsWellFormed ||
	     x->ctxt->errNo != XML_ERR_OK))
		xml_error(x, xmlin_line(x), xmlin_col(x), "not well-formed");
	if (terminate && !x->failed && undecoded(x->ctxt))
		xml_error(x, xmlin_line(x), xmlin_col(x), "the file ends"
			  " inside a character: bytes left that the declared"
			  " encoding cannot read");
}

/*
 * The checksum is computed by a second thread reading the file on its
 * own, so that on two cores hashing costs no parse time.  The parsing
 * thread checks afterwards that the file did not change in between.
 */
struct hasher {
	pthread_t thread;
	int fd;                 /* shared: read with pread(), no offset */
	atomic_int stop;        /* the parse failed: the sum is not needed */
	char hex[65];
	unsigned long long bytes;
	int failed;
};

static void hex(const uint8_t *d, size_t n, char *out);

/* The hashing thread (or, if none starts, a call after the parse). */
static void *hash_file(void *p)
{
	struct hasher *h = p;
	struct sha256_ctx sha;
	uint8_t digest[SHA256_DIGEST_SIZE];
	static unsigned char buf[1 << 20];
	ssize_t n;

	sha256_init(&sha);
	while (!atomic_load(&h->stop) &&
	       (n = pread(h->fd, buf, sizeof(buf), (off_t)h->bytes)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			h->failed = 1;
			break;
		}
		sha256_update(&sha, (size_t)n, buf);
		h->bytes += (unsigned long long)n;
	}
	sha256_digest(&sha, sizeof(digest), digest);
	hex(digest, sizeof(digest), h->hex);
	return NULL;
}

/* Progress for a person at a terminal, on large files only; a log (not a
 * terminal) never sees it. */
struct progress {
	int on;
	unsigned long long total, next;
	const char *label;
};

static void progress_init(struct progress *p, const char *label,
			  unsigned long long total)
{
	p->on = total > (8ull << 20) && isatty(STDERR_FILENO);
	p->total = total;
	p->next = 0;
	p->label = label;
}

static void progress_show(struct progress *p, unsigned long long done)
{
	if (!p->on || done < p->next)
		return;
	p->next = done + p->total / 50;
	fprintf(stderr, "\r%s: %s %3llu%% (%llu of %llu MB)", error_progname(),
		p->label, 100 * done / p->total, done >> 20, p->total >> 20);
}

static void progress_end(struct progress *p)
{
	if (p->on)
		fprintf(stderr, "\r\033[K");
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	static const char digit[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digit[d[i] >> 4];
		out[2 * i + 1] = digit[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The buffer that last passed the attribute scan, to the parser. */
static void parse_passed(struct xmlin *x)
{
	size_t n;
	const char *p = scanahead_take(x->ahead, &n);

	if (p && !x->failed)
		parse_chunk(x, p, n, 0);
}

/* Hand decompressed (or plain) bytes to the parser, enforcing the caps.
 * 0, or -1 with x->failed and err set. */
static int feed(struct xmlin *x, struct xmlin_info *info, const char *buf,
		size_t n)
{
	info->xml_bytes += n;
	if (info->xml_bytes > x->lim->max_bytes) {
		err_set(x->err, DIP_EXIT_DATA, x->label, 0, 0,
			"input larger than %llu bytes after decompression",
			x->lim->max_bytes);
		x->failed = 1;
		return -1;
	}
	if (info->gzip && info->xml_bytes > EXPANSION_GRACE &&
	    (double)info->xml_bytes >
		    x->lim->max_expansion * (double)info->file_bytes) {
		err_set(x->err, DIP_EXIT_DATA, x->label, 0, 0,
			"gzip data expands more than %g times"
			" (a decompression bomb?)", x->lim->max_expansion);
		x->failed = 1;
		return -1;
	}
	if (!n)
		return x->failed ? -1 : 0;
	/* Before libxml2 sees a start tag, whose attributes it compares
	 * pair by pair: this buffer is scanned while the one before it,
	 * which passed, is parsed. */
	scanahead_submit(x->ahead, buf, n);
	parse_passed(x);
	if (scanahead_wait(x->ahead) && !x->failed) {
		err_set(x->err, DIP_EXIT_DATA, x->label, x->scan.tag_line,
			x->scan.tag_col, "more than %lu attributes in one"
			" start tag", x->lim->max_attributes);
		x->failed = 1;
	}
	return x->failed ? -1 : 0;
}

/* The push parser with our callbacks only (no DTD handlers) and
 * options that never reach the network.  0, or -1 with err. */
static int setup_parser(struct xmlin *x, xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof(*sax));
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = on_text;
	sax->cdataBlock = on_text;
	sax->internalSubset = on_doctype;
	sax->serror = on_xml_error;
	x->ctxt = xmlCreatePushParserCtxt(sax, x, NULL, 0, x->label);
	if (!x->ctxt) {
		err_set(x->err, DIP_EXIT_INTERNAL, x->label, 0, 0,
			"cannot create xml parser");
		return -1;
	}
	if (xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA
#ifdef XML_PARSE_NO_XXE
			      | XML_PARSE_NO_XXE
#endif
	    ) != 0) {
		err_set(x->err, DIP_EXIT_INTERNAL, x->label, 0, 0,
			"libxml2 refused the parser options");
		return -1;
	}
	return 0;
}

static const char *file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a fifo";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "an unknown kind of file";
}

/*
 * Open path only if it is a regular file: a device or a FIFO never
 * ends (/dev/zero) or blocks.  stat() first, so that a device is never
 * opened at all (opening some has effects); then open without blocking,
 * because the name may have become a FIFO in between and open(2) would
 * wait for a writer; check what was opened, and only then block again.
 * Returns the descriptor, or -1 with err set (DIP_EXIT_IO).
 */
static int open_regular(const char *path, const char *label, struct stat *st,
			struct dip_err *err)
{
	int fd = -1, fl;

	if (stat(path, st) < 0)
		goto fail;
	if (!S_ISREG(st->st_mode))
		goto refuse;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, st) < 0)
		goto fail;
	if (!S_ISREG(st->st_mode))
		goto refuse;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
		goto fail;
	return fd;
fail:
	err_set(err, DIP_EXIT_IO, label, 0, 0, "cannot open: %s",
		strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
refuse:
	err_set(err, DIP_EXIT_IO, label, 0, 0,
		"cannot read: %s, not a regular file", file_kind(st->st_mode));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Read fd to its end through gunzip (if gzip) into the parser; stops at
 * the first failure (x->failed, err set).  raw: bytes read.  Its
 * buffer is static, off the stack: one parse at a time.  Bytes the
 * parser will see are read (or inflated) straight into the scan's next
 * slot, not copied there; the first read, which may be gzip, and
 * compressed bytes go to in. */
static void read_input(struct xmlin *x, int fd, struct xmlin_info *info,
		       struct progress *prog, unsigned long long *raw)
{
	static unsigned char in[CHUNK];
	unsigned char *dst = in, *out;
	z_stream z;
	int zinit = 0, zended = 0, first = 1;
	ssize_t got;
	unsigned long long consumed = 0;

	memset(&z, 0, sizeof(z));
	while (!x->failed &&
	       (dst = first || info->gzip ? in : scanahead_slot(x->ahead),
		got = read(fd, dst, CHUNK)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			err_set(x->err, DIP_EXIT_IO, x->label, 0, 0,
				"read error: %s", strerror(errno));
			x->failed = 1;
			break;
		}
		*raw += (unsigned long long)got;
		progress_show(prog, *raw);
		if (first) {
			first = 0;
			info->gzip = got >= 2 && in[0] == 0x1f && in[1] == 0x8b;
			if (info->gzip) {
				if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
					err_set(x->err, DIP_EXIT_INTERNAL,
						x->label, 0, 0,
						"cannot start zlib");
					x->failed = 1;
					break;
				}
				zinit = 1;
			}
		}
		if (!info->gzip) {
			feed(x, info, (const char *)dst, (size_t)got);
			continue;
		}
		z.next_in = in;
		z.avail_in = (uInt)got;
		while (!x->failed && z.avail_in > 0) {
			int zr;

			if (zended) {
				/* Another gzip member may follow the first. */
				if (z.next_in[0] != 0x1f) {
					err_set(x->err, DIP_EXIT_DATA, x->label,
						0, 0, "data after the end of"
						" the gzip stream at byte %llu",
						consumed + (unsigned long long)
						(got - z.avail_in));
					x->failed = 1;
					break;
				}
				inflateReset(&z);
				zended = 0;
			}
			out = scanahead_slot(x->ahead);
			z.next_out = out;
			z.avail_out = CHUNK;
			zr = inflate(&z, Z_NO_FLUSH);
			if (zr != Z_OK && zr != Z_STREAM_END &&
			    zr != Z_BUF_ERROR) {
				err_set(x->err, DIP_EXIT_DATA, x->label, 0, 0,
					"corrupt gzip data: %s",
					z.msg ? z.msg : zError(zr));
				x->failed = 1;
				break;
			}
			if (zr == Z_STREAM_END)
				zended = 1;
			feed(x, info, (const char *)out,
			     CHUNK - z.avail_out);
		}
		consumed += (unsigned long long)got;
	}
	if (!x->failed && info->gzip && !zended)
		err_set(x->err, DIP_EXIT_DATA, x->label, 0, 0,
			"truncated gzip data: the compressed stream ends"
			" early"), x->failed = 1;
	if (!x->failed && first)
		err_set(x->err, DIP_EXIT_DATA, x->label, 0, 0, "empty file"),
			x->failed = 1;
	parse_passed(x);
	if (!x->failed)
		parse_chunk(x, NULL, 0, 1);
	if (zinit)
		inflateEnd(&z);
}

int xmlin_parse(const char *path, const char *label,
		const struct xmlin_limits *lim, const struct xmlin_sax *sax,
		void *user, struct xmlin_info *info, struct dip_err *err)
{
	struct xmlin x = { 0 };
	xmlSAXHandler handler;
	struct xml_channels channels;
	struct hasher hasher = { 0 };
	struct progress prog;
	int fd, hashing;
	struct stat st, st_end;
	unsigned long long raw = 0;

	xmlin_global_init();
	memset(info, 0, sizeof(*info));
	x.label = label ? label : path;
	x.lim = lim;
	x.sax = sax;
	x.user = user;
	x.err = err;
	x.info = info;
	tagscan_init(&x.scan, lim->max_attributes);
	fd = open_regular(path, x.label, &st, err);
	if (fd < 0)
		return -1;
	info->file_bytes = (unsigned long long)st.st_size;
	progress_init(&prog, x.label, info->file_bytes);
	channels_take(&channels, &x);
	if (setup_parser(&x, &handler)) {
		channels_restore(&channels);
		close(fd);
		return -1;
	}
	hasher.fd = fd;
	atomic_init(&hasher.stop, 0);
	hashing = pthread_create(&hasher.thread, NULL, hash_file, &hasher) == 0;
	x.ahead = scanahead_new(&x.scan, CHUNK);
	read_input(&x, fd, info, &prog, &raw);
	scanahead_free(x.ahead);
	progress_end(&prog);
	if (x.failed)
		atomic_store(&hasher.stop, 1);
	if (hashing)
		pthread_join(hasher.thread, NULL);
	else if (!x.failed)
		hash_file(&hasher);
	if (!x.failed && (hasher.failed || fstat(fd, &st_end) < 0 ||
			  st_end.st_size != st.st_size ||
			  st_end.st_mtim.tv_sec != st.st_mtim.tv_sec ||
			  st_end.st_mtim.tv_nsec != st.st_mtim.tv_nsec ||
			  hasher.bytes != raw)) {
		err_set(err, DIP_EXIT_IO, x.label, 0, 0,
			"the file changed or could not be read again while"
			" it was being read");
		x.failed = 1;
	}
	close(fd);
	memcpy(info->sha256, hasher.hex, sizeof(info->sha256));
	if (x.ctxt->myDoc)
		xmlFreeDoc(x.ctxt->myDoc);
	xmlFreeParserCtxt(x.ctxt);
	channels_restore(&channels);
	/* However an error was raised, it failed the parse. */
	if (info->xml_errors && !x.failed)
		abort();
	return x.failed ? -1 : 0;
}
