/*
 * banned.h - functions this project does not call, after git's banned.h.
 *
 * Included in every C file by developer builds (make DEVELOPER=1, which
 * CI uses), so a banned call fails to compile there.  Each has a
 * replacement that cannot overflow or fail silently:
 *   strcpy, strcat, strncpy, strncat  ->  snprintf, or a strbuf (util.h)
 *   sprintf, vsprintf                 ->  snprintf, vsnprintf, strbuf_addf
 *   atoi, atol, atoll, atof           ->  parse_uint, parse_decimal (number.h)
 *   strtok                            ->  strcspn/strspn, or strtok_r
 *   gmtime, localtime, ctime, asctime ->  the _r forms (no shared buffer)
 *   mktemp, tmpnam                    ->  mkstemp, mkdtemp
 *   gets                              ->  getline
 *
 * Returns: nothing callable is declared here.
 */
#ifndef DIP_BANNED_H
#define DIP_BANNED_H

/*
 * Bring in the declarations first, so the macros below replace calls
 * only and the system headers still parse.  Being included before the
 * file's own first line, this fixes the feature macros for the whole
 * file: the widest set, the one the files that need GNU calls ask for
 * with the same definition.  The normal build (no banned.h) keeps each
 * file's own, and CI builds both.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atoll
#define atoll(x) BANNED(atoll)
#undef atof
#define atof(x) BANNED(atof)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef asctime
#define asctime(t) BANNED(asctime)
#undef mktemp
#define mktemp(x) BANNED(mktemp)
#undef tmpnam
#define tmpnam(x) BANNED(tmpnam)
#undef gets
#define gets(x) BANNED(gets)

#endif
