/* xmlin.c - untrusted XML through zlib and the libxml2 push parser. */
#include "dip/xmlin.h"
#include "dip/exitcode.h"
#include "dip/util.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdarg.h>
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
	int failed;
	int depth;
	size_t text_len;
	const char *cur_name;   /* valid during callbacks only */
};

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

long xmlin_line(struct xmlin *x)
{
	return x->ctxt ? xmlSAX2GetLineNumber(x->ctxt) : 0;
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

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
	struct xmlin *x = ctx;
	char msg[400];
	size_t n;

	if (x->failed || !e || e->level < XML_ERR_ERROR)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "error");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	/* libxml2 capitalises; the house style does not. */
	if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		msg[0] = (char)(msg[0] - 'A' + 'a');
	err_set(x->err, DIP_EXIT_DATA, x->label, e->line, e->int2,
		"malformed xml: %s", msg);
	x->failed = 1;
}

/*
 * The checksum is computed by a second thread reading the file on its
 * own, so that on two cores hashing costs no parse time.  The parsing
 * thread checks afterwards that the file did not change in between.
 */
struct hasher {
	pthread_t thread;
	const char *path;
	char hex[65];
	unsigned long long bytes;
	int failed;
};

static void hex(const uint8_t *d, size_t n, char *out);

static void *hash_file(void *p)
{
	struct hasher *h = p;
	struct sha256_ctx sha;
	uint8_t digest[SHA256_DIGEST_SIZE];
	static unsigned char buf[1 << 20];
	int fd = open(h->path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		h->failed = 1;
		return NULL;
	}
	sha256_init(&sha);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			h->failed = 1;
			break;
		}
		sha256_update(&sha, (size_t)n, buf);
		h->bytes += (unsigned long long)n;
	}
	close(fd);
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

/* Hand decompressed (or plain) bytes to the parser, enforcing the caps. */
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
	if (n && !x->failed)
		xmlParseChunk(x->ctxt, buf, (int)n, 0);
	return x->failed ? -1 : 0;
}

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
	xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA
#ifdef XML_PARSE_NO_XXE
			  | XML_PARSE_NO_XXE
#endif
	);
	return 0;
}

int xmlin_parse(const char *path, const char *label,
		const struct xmlin_limits *lim, const struct xmlin_sax *sax,
		void *user, struct xmlin_info *info, struct dip_err *err)
{
	struct xmlin x = { 0 };
	xmlSAXHandler handler;
	struct hasher hasher = { 0 };
	struct progress prog;
	static unsigned char in[CHUNK], out[CHUNK];
	z_stream z;
	int zinit = 0, zended = 0, first = 1, fd, hashing;
	struct stat st, st_end;
	ssize_t got;
	unsigned long long consumed = 0, raw = 0;

	xmlin_global_init();
	memset(info, 0, sizeof(*info));
	x.label = label ? label : path;
	x.lim = lim;
	x.sax = sax;
	x.user = user;
	x.err = err;
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		err_set(err, DIP_EXIT_IO, x.label, 0, 0, "cannot open: %s",
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		err_set(err, DIP_EXIT_IO, x.label, 0, 0,
			"cannot read: is a directory");
		close(fd);
		return -1;
	}
	info->file_bytes = (unsigned long long)st.st_size;
	progress_init(&prog, x.label, info->file_bytes);
	if (setup_parser(&x, &handler)) {
		close(fd);
		return -1;
	}
	hasher.path = path;
	hashing = pthread_create(&hasher.thread, NULL, hash_file, &hasher) == 0;
	memset(&z, 0, sizeof(z));
	while (!x.failed && (got = read(fd, in, sizeof(in))) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			err_set(err, DIP_EXIT_IO, x.label, 0, 0,
				"read error: %s", strerror(errno));
			x.failed = 1;
			break;
		}
		raw += (unsigned long long)got;
		progress_show(&prog, raw);
		if (first) {
			first = 0;
			info->gzip = got >= 2 && in[0] == 0x1f && in[1] == 0x8b;
			if (info->gzip) {
				if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
					err_set(err, DIP_EXIT_INTERNAL, x.label,
						0, 0, "cannot start zlib");
					x.failed = 1;
					break;
				}
				zinit = 1;
			}
		}
		if (!info->gzip) {
			feed(&x, info, (const char *)in, (size_t)got);
			continue;
		}
		z.next_in = in;
		z.avail_in = (uInt)got;
		while (!x.failed && z.avail_in > 0) {
			int zr;

			if (zended) {
				/* Another gzip member may follow the first. */
				if (z.next_in[0] != 0x1f) {
					err_set(err, DIP_EXIT_DATA, x.label, 0,
						0, "data after the end of the"
						" gzip stream at byte %llu",
						consumed + (unsigned long long)
						(got - z.avail_in));
					x.failed = 1;
					break;
				}
				inflateReset(&z);
				zended = 0;
			}
			z.next_out = out;
			z.avail_out = sizeof(out);
			zr = inflate(&z, Z_NO_FLUSH);
			if (zr != Z_OK && zr != Z_STREAM_END &&
			    zr != Z_BUF_ERROR) {
				err_set(err, DIP_EXIT_DATA, x.label, 0, 0,
					"corrupt gzip data: %s",
					z.msg ? z.msg : zError(zr));
				x.failed = 1;
				break;
			}
			if (zr == Z_STREAM_END)
				zended = 1;
			feed(&x, info, (const char *)out,
			     sizeof(out) - z.avail_out);
		}
		consumed += (unsigned long long)got;
	}
	if (!x.failed && info->gzip && !zended)
		err_set(err, DIP_EXIT_DATA, x.label, 0, 0,
			"truncated gzip data: the compressed stream ends"
			" early"), x.failed = 1;
	if (!x.failed && first)
		err_set(err, DIP_EXIT_DATA, x.label, 0, 0, "empty file"),
			x.failed = 1;
	if (!x.failed) {
		xmlParseChunk(x.ctxt, NULL, 0, 1);
		if (!x.failed && !x.ctxt->wellFormed)
			err_set(err, DIP_EXIT_DATA, x.label, 0, 0,
				"malformed xml"), x.failed = 1;
	}
	progress_end(&prog);
	if (zinit)
		inflateEnd(&z);
	if (hashing)
		pthread_join(hasher.thread, NULL);
	else
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
	if (x.ctxt) {
		if (x.ctxt->myDoc)
			xmlFreeDoc(x.ctxt->myDoc);
		xmlFreeParserCtxt(x.ctxt);
	}
	return x.failed ? -1 : 0;
}
