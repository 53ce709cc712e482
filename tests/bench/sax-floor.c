/*
 * sax-floor - the least work libxml2 can do on a file: the same SAX2 push
 * parser, options and read loop as dip-ingest's xmlin.c, with handlers
 * that only count elements.  make bench reports dip-ingest as a ratio to
 * this: everything above it is path matching, checking, merging and
 * writing.
 */
#include <fcntl.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned long elements, text_bytes;

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
		     const xmlChar *uri, int nns, const xmlChar **ns,
		     int nattr, int ndef, const xmlChar **attr)
{
	(void)ctx; (void)local; (void)prefix; (void)uri; (void)nns; (void)ns;
	(void)nattr; (void)ndef; (void)attr;
	elements++;
}

static void on_text(void *ctx, const xmlChar *s, int n)
{
	(void)ctx;
	(void)s;
	text_bytes += (unsigned long)n;
}

int main(int argc, char **argv)
{
	static char buf[256 * 1024];
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt;
	ssize_t n;
	int fd, ok;

	if (argc != 2) {
		fprintf(stderr, "usage: sax-floor FILE.xml\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.characters = on_text;
	ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, argv[1]);
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		xmlParseChunk(ctxt, buf, (int)n, 0);
	xmlParseChunk(ctxt, NULL, 0, 1);
	ok = ctxt->wellFormed;
	xmlFreeParserCtxt(ctxt);
	close(fd);
	printf("%lu elements, %lu text bytes\n", elements, text_bytes);
	return ok ? 0 : 1;
}
