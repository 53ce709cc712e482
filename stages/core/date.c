/* date.c - day numbers and ISO dates; see date.h. */
#include "dip/date.h"

#include <time.h>

int date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };

	if (m == 2 && date_is_leap(y))
		return 29;
	return days[m - 1];
}

/* Howard Hinnant's days_from_civil / civil_from_days algorithms. */
dip_date date_from_ymd(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (dip_date)(era * 146097 + doe - 719468);
}

void date_to_ymd(dip_date z0, int *y, int *m, int *d)
{
	long z = (long)z0 + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

int date_weekday(dip_date d)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	long w = ((long)d + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

/* The n characters at s as a number: 0, or -1 for anything but
 * ASCII digits. */
static int digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Accept "", "Z" or "+hh:mm"/"-hh:mm" after a date or time. */
static int zone_ok(const char *s, size_t n)
{
	int hh, mm;

	if (n == 0 || (n == 1 && s[0] == 'Z'))
		return 1;
	if (n != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':')
		return 0;
	if (digits(s + 1, 2, &hh) || digits(s + 4, 2, &mm))
		return 0;
	return hh <= 14 && mm <= 59;
}

/* "YYYY-MM-DD" at s (10 bytes, not checked here): 0, or -1 unless it
 * is a real calendar date. */
static int ymd_parse(const char *s, int *y, int *m, int *d)
{
	if (s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, y) || digits(s + 5, 2, m) || digits(s + 8, 2, d))
		return -1;
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 ||
	    *d > date_days_in_month(*y, *m))
		return -1;
	return 0;
}

int date_parse(const char *s, size_t n, dip_date *out)
{
	int y, m, d;

	if (n < 10 || ymd_parse(s, &y, &m, &d) || !zone_ok(s + 10, n - 10))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

char *date_format(dip_date d, char *buf)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	buf[0] = (char)('0' + y / 1000 % 10);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
	return buf;
}

int datetime_parse(const char *s, size_t n, char *out)
{
	int y, m, d, hh, mi, ss;
	size_t i = 19;

	if (n < 19 || ymd_parse(s, &y, &m, &d) || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || digits(s + 11, 2, &hh) ||
	    digits(s + 14, 2, &mi) || digits(s + 17, 2, &ss))
		return -1;
	if (hh > 24 || mi > 59 || ss > 60 || (hh == 24 && (mi || ss)))
		return -1;
	if (i < n && s[i] == '.') {
		size_t start = ++i;

		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return -1;
	}
	if (!zone_ok(s + i, n - i))
		return -1;
	for (i = 0; i < 19; i++)
		out[i] = s[i];
	out[19] = '\0';
	return 0;
}

dip_date date_add_months(dip_date d, int n)
{
	int y, m, dd, dim;
	long months;

	date_to_ymd(d, &y, &m, &dd);
	months = (long)y * 12 + (m - 1) + n;
	y = (int)(months >= 0 ? months / 12 : (months - 11) / 12);
	m = (int)(months - (long)y * 12) + 1;
	dim = date_days_in_month(y, m);
	return date_from_ymd(y, m, dd > dim ? dim : dd);
}

dip_date date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
