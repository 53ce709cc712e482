/*
 * Whole numbers written in decimal (number.h): the values at the edges
 * worked out by hand below, then every value in a sweep against what
 * snprintf() writes, which is the form the tables have always had.
 */
#include "dip/number.h"
#include "tap.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	char buf[DIP_NUM_LEN], want[DIP_NUM_LEN];
	int same = 1;

	plan(11);
	is_string("0", fmt_long(buf, 0), "0");
	is_string("7", fmt_long(buf, 7), "one digit");
	is_string("10", fmt_long(buf, 10), "a carry into a second digit");
	is_string("-1", fmt_long(buf, -1), "minus one");
	is_string("-45", fmt_long(buf, -45), "a negative count of days");
	is_string("9223372036854775807", fmt_long(buf, LONG_MAX),
		  "the largest long: 2^63 - 1");
	is_string("-9223372036854775808", fmt_long(buf, LONG_MIN),
		  "the smallest long, which has no positive long");
	is_string("18446744073709551615", fmt_ull(buf, ULLONG_MAX),
		  "the largest unsigned long long: 2^64 - 1, 20 digits");
	is_string("100", fmt_ull(buf, 100), "zeros inside");
	ok(fmt_long(buf, 3) == buf, "the buffer is returned");
	for (long v = -100000; v <= 100000 && same; v += 7) {
		snprintf(want, sizeof(want), "%ld", v * 1000003);
		same = !strcmp(want, fmt_long(buf, v * 1000003));
	}
	ok(same, "as snprintf writes them, from -100,000,300,000 up");
	return 0;
}
