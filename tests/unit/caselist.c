/*
 * The dip-sample lists: every row starts with the case it is about, rows
 * come out most urgent first whatever order they went in, ties by child
 * id, and every cell goes through the formula guard.
 */
#include "mstage/caselist.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The list as written, in a string (caller frees). */
static char *written(struct caselist *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ok(caselist_write(l, fp) == 0, "the list is written");
	fclose(fp);
	return buf;
}

int main(void)
{
	static const char *const cols[] = { "working_days", "note" };
	struct c_child a = { 0 }, b = { 0 }, c = { 0 };
	struct c_episode ea = { 0 }, eb = { 0 }, ec = { 0 };
	struct caselist *l;
	struct caselist_who who;
	char *out;

	plan(5);
	a.lea = b.lea = c.lea = "999";
	a.id = "C01";
	b.id = "C02";
	c.id = "C03";
	ea.no = 1;
	ea.team = "Team A";
	ea.service_area = "DAT";
	ea.worker = "=cmd|' /C calc'!A0";
	eb.no = 2;
	eb.team = "Team B";
	ec.no = 1;

	/* Most working days first: C03 (80), then C01 and C02 tied at 50
	 * (by child id), whatever order they were added in. */
	l = caselist_new("x", cols, 2, CASELIST_DESC, CASELIST_UNUSED);
	who = caselist_episode(&b, &eb);
	caselist_add(l, &who, 50, 0, (const char *[]){ "50", NULL });
	who = caselist_episode(&a, &ea);
	caselist_add(l, &who, 50, 0, (const char *[]){ "50", "-x" });
	who = caselist_episode(&c, &ec);
	caselist_add(l, &who, 80, 0, (const char *[]){ "80", "late" });
	is_int(3, (long)caselist_rows(l), "three rows kept");
	out = written(l);
	is_string("lea,la_child_id,episode_no,team,service_area,worker,working_days,note\n"
		  "999,C03,1,,,,80,late\n"
		  "999,C01,1,Team A,DAT,'=cmd|' /C calc'!A0,50,'-x\n"
		  "999,C02,2,Team B,,,50,\n", out,
		  "most urgent first, ties by child id, every cell guarded");
	free(out);
	caselist_free(l);

	/* Two keys, both ascending: not done before done, then the
	 * earliest date; an audit's own team over the episode's; no
	 * episode leaves its cells empty. */
	l = caselist_new("y", cols, 2, CASELIST_ASC, CASELIST_ASC);
	who = (struct caselist_who){ "999", "C02", NULL, "Audit team", "CP" };
	caselist_add(l, &who, 1, 100, (const char *[]){ NULL, "done" });
	who = (struct caselist_who){ "999", "C01", &ea, "Audit team", NULL };
	caselist_add(l, &who, 0, 300, (const char *[]){ NULL, "later" });
	who = (struct caselist_who){ "999", "C03", &ec, NULL, NULL };
	caselist_add(l, &who, 0, 200, (const char *[]){ NULL, "sooner" });
	out = written(l);
	is_string("lea,la_child_id,episode_no,team,service_area,worker,working_days,note\n"
		  "999,C03,1,,,,,sooner\n"
		  "999,C01,1,Audit team,DAT,'=cmd|' /C calc'!A0,,later\n"
		  "999,C02,,Audit team,CP,,,done\n", out,
		  "first key, then second; the who's own team; no episode, no cells");
	free(out);
	caselist_free(l);
	return 0;
}
