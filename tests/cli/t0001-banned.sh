#!/bin/sh
# Developer builds include include/dip/banned.h in every C file: each
# banned call must fail to compile there, naming itself, while the
# replacements compile.
. "$(dirname "$0")/lib.sh"

CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || test_skip_all "no C compiler"
compile() {
	printf '%s\n' "$1" >t.c &&
	"$CC" -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
		-I"$DIP_ROOT/include" -include dip/banned.h -c -o t.o t.c 2>err
}
for call in 'strcpy(d, s)' 'strcat(d, s)' 'strncpy(d, s, 1)' 'strncat(d, s, 1)' \
	    'sprintf(d, "%s", s)' 'atoi(s)' 'atol(s)' 'atoll(s)' 'atof(s)' \
	    'strtok(d, s)' 'gmtime(&t)' 'localtime(&t)' 'ctime(&t)' 'asctime(0)' \
	    'mktemp(d)' 'tmpnam(d)'
do
	name=${call%%(*}
	test_expect_success "$name does not compile" "
		test_must_fail compile 'void f(char *d, const char *s, time_t t) { (void)(long)($call); }' &&
		grep -q 'sorry_${name}_is_a_banned_function' err
	"
done
test_expect_success 'the replacements compile' '
	compile "#include <stdio.h>
#include <string.h>
#include <time.h>
void f(char *d, const char *s, time_t t) { struct tm tm; snprintf(d, 4, \"%s\", s); strtol(s, 0, 10); gmtime_r(&t, &tm); }"
'
test_done
