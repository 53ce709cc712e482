/*
 * Text into gnuplot scripts: gp_str() keeps every byte 0x00-0xFF and the
 * sequences that would run a shell (quotes, backquotes, "!", system(),
 * line breaks, backslashes) inside one string literal.  With gnuplot
 * installed, a script labelled with each of them runs no command and
 * draws the printable ones verbatim in its SVG.
 */
#include "charts/gnuplot.h"
#include "charts/gpscript.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const nasty[] = {
	"\"; system(\"touch PWNED\")",
	"'; system('touch PWNED'); '",
	"`touch PWNED`",
	"a\n!touch PWNED",
	"a\r!touch PWNED\n",
	"x'\n!touch PWNED\n'",
	"!touch PWNED",
	"'\" . system(\"touch PWNED\") . \"'",
	"@PWN",
	"back\\slash\\",
	"trailing\\",
	"# not a comment; set output 'PWNED'",
	"it's \"quoted\"",
	"$(touch PWNED)",
	"\x7ftouch PWNED",
};

/* Undo gp_str(): strip the quotes, decode \ooo.  NULL if the literal
 * holds a raw quote, backslash or anything but an escape after one. */
static char *unquote(const char *lit, size_t len)
{
	char *out = malloc(len + 1), *o = out;

	if (len < 2 || lit[0] != '"' || lit[len - 1] != '"') {
		free(out);
		return NULL;
	}
	for (size_t i = 1; i < len - 1; i++) {
		if (strchr("\"'`!@#;$", lit[i])) {
			free(out);
			return NULL;
		}
		if (lit[i] == '\\') {
			/* As gnuplot reads it: four digits after "\0",
			 * three after "\1"; gp_str() always writes them all. */
			size_t nd = lit[i + 1] == '0' ? 4 : 3;
			int v = 0;

			for (size_t k = 1; k <= nd; k++) {
				if (i + k >= len - 1 || !strchr("01234567", lit[i + k])) {
					free(out);
					return NULL;
				}
				v = v * 8 + (lit[i + k] - '0');
			}
			*o++ = (char)v;
			i += nd;
			continue;
		}
		*o++ = lit[i];
	}
	*o = '\0';
	return out;
}

/* What the literal must hold: S with each control character a space. */
static char *expected(const char *s, size_t n)
{
	char *e = malloc(n + 1);

	for (size_t i = 0; i < n; i++)
		e[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? ' ' : s[i];
	e[n] = '\0';
	return e;
}

static int literal_ok(const char *s, size_t n)
{
	struct strbuf b;
	char *u, *want;
	int ok = 1;

	strbuf_init(&b);
	gp_strn(&b, s, n);
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.buf[i] < 0x20 || b.buf[i] == 0x7f)
			ok = 0;
	u = unquote(b.buf, b.len);
	want = expected(s, n);
	if (!u || strcmp(u, want))
		ok = 0;
	free(u);
	free(want);
	strbuf_release(&b);
	return ok;
}

/* S as gnuplot's SVG terminal writes text ('>' as it is). */
static void xml(struct strbuf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': strbuf_adds(b, "&amp;"); break;
		case '<': strbuf_adds(b, "&lt;"); break;
		default: strbuf_add(b, s, 1);
		}
}

/* 1 when the SVG holds TEXT as a whole text element. */
static int drawn(const char *svg, const char *text)
{
	struct strbuf want;
	int found;

	strbuf_init(&want);
	strbuf_adds(&want, ">");
	xml(&want, text);
	strbuf_adds(&want, "<");
	found = strstr(svg, want.buf) != NULL;
	if (!found)
		diag("not drawn verbatim: %s", text);
	strbuf_release(&want);
	return found;
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf b;
	char buf[4096];
	size_t n;

	strbuf_init(&b);
	strbuf_adds(&b, "");
	if (!fp)
		return b.buf;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&b, buf, n);
	fclose(fp);
	return b.buf;
}

static int has_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

int main(void)
{
	char s[3];
	int all = 1;
	struct strbuf sc;
	char *dir;
	struct dip_err err = { 0 };

	plan_lazy();
	for (int c = 0; c < 256; c++) {
		s[0] = 'a';
		s[1] = (char)c;
		s[2] = 'b';
		all &= literal_ok(s, 3);
		s[0] = (char)c;
		s[1] = '0';
		s[2] = '7';
		all &= literal_ok(s, 3);
	}
	ok(all, "every byte 0x00-0xFF stays inside one literal");
	all = 1;
	for (size_t i = 0; i < sizeof(nasty) / sizeof(nasty[0]); i++)
		all &= literal_ok(nasty[i], strlen(nasty[i]));
	ok(all, "quotes, backquotes, line breaks, ! and system( stay inside");

	ok(gp_is_number("85") && gp_is_number("-1.5") && gp_is_number("1e3"),
	   "numbers are numbers");
	ok(!gp_is_number("") && !gp_is_number("inf") && !gp_is_number("nan") &&
	   !gp_is_number("0x10") && !gp_is_number("1/0") &&
	   !gp_is_number("85 ; system('x')") && !gp_is_number(NULL),
	   "anything else is not");

	if (!has_gnuplot()) {
		diag("gnuplot is not installed: the script is not run");
		return 0;
	}
	dir = test_tmpdir();
	if (!ok(chdir(dir) == 0, "into %s", dir))
		return 1;
	free(dir);
	strbuf_init(&sc);
	strbuf_adds(&sc, "set terminal svg noenhanced\nset output 'out.svg'\n"
		    "PWN = \"touch PWNED\"\nset title ");
	gp_str(&sc, "title `touch PWNED`");
	strbuf_adds(&sc, "\nset xrange [0:1]\nset yrange [0:300]\n");
	for (int c = 0; c < 256; c++) {
		char t[3] = { 'a', (char)c, 'b' }, u[3] = { (char)c, '0', '7' };

		strbuf_adds(&sc, "set label ");
		gp_strn(&sc, t, 3);
		strbuf_addf(&sc, " at 0.1,%d\n", c);
		strbuf_adds(&sc, "set label ");
		gp_strn(&sc, u, 3);
		strbuf_addf(&sc, " at 0.3,%d\n", c);
	}
	for (size_t i = 0; i < sizeof(nasty) / sizeof(nasty[0]); i++) {
		strbuf_adds(&sc, "set label ");
		gp_str(&sc, nasty[i]);
		strbuf_addf(&sc, " at 0.6,%zu\n", 10 * i + 5);
	}
	strbuf_adds(&sc, "plot -1 notitle\nunset output\n");
	{
		FILE *fp = fopen("fuzz.gp", "w");

		fwrite(sc.buf, 1, sc.len, fp);
		fclose(fp);
	}
	ok(gnuplot_run(&(const char *){ "fuzz.gp" },
		       &(const char *){ "fuzz.log" }, 1, &err) == 0,
	   "gnuplot runs the script: %s", err.msg);
	ok(access("PWNED", F_OK) != 0, "no command ran");
	{
		char *svg = slurp("out.svg");
		int verbatim = 1;

		for (int c = 0x20; c < 0x7f; c++) {
			char t[4] = { 'a', (char)c, 'b', 0 }, u[4] = { (char)c, '0', '7', 0 };

			verbatim &= drawn(svg, t) & drawn(svg, u);
		}
		for (size_t i = 0; i < sizeof(nasty) / sizeof(nasty[0]); i++) {
			char *e = expected(nasty[i], strlen(nasty[i]));

			verbatim &= drawn(svg, e);
			free(e);
		}
		ok(verbatim, "every printable label is drawn verbatim");
		free(svg);
	}
	strbuf_release(&sc);
	return 0;
}
