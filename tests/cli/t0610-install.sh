#!/bin/sh
# make install (doc/pipeline.md, "Installing"): the programs, the pipeline scripts
# under their installed names and the stage list they read, the config,
# the scheduling examples and a
# manual page for each program and for dipsample.conf(5), under DESTDIR.
. "$(dirname "$0")/lib.sh"

# -o all: install what this build made, never rebuild it (the suite may
# be running a sanitizer build, which a rebuild here would replace).
# The make running the suite passes its own flags; this one needs none.
install_to() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -s -C "$DIP_ROOT" -o all install DESTDIR="$1" PREFIX=/usr/local
}

test_expect_success 'make install DESTDIR= puts everything under it' '
	install_to "$TRASH/dest" >out 2>&1 &&
	p=$TRASH/dest/usr/local &&
	for b in "$DIP_ROOT"/bin/dip-*; do
		test -x "$p/bin/$(basename "$b")" || { echo "no $b"; exit 1; }
	done &&
	test -x "$p/bin/dipsample-nightly" && test -x "$p/bin/dipsample-rerun" &&
	test -f "$p/etc/dipsample/dipsample.conf" &&
	test -f "$p/share/dipsample/cron.example"
'

test_expect_success 'a manual page for every installed program, and the config' '
	p=$TRASH/dest/usr/local &&
	for b in "$p"/bin/*; do
		test -f "$p/share/man/man1/$(basename "$b").1" ||
			{ echo "no page for $b"; exit 1; }
	done &&
	test -f "$p/share/man/man5/dipsample.conf.5" &&
	ls "$p/share/man/man1" | sed "s/\\.1\$//" >pages &&
	ls "$p/bin" >bins &&
	test_cmp bins pages
'

test_expect_success 'the stage list installed beside the examples' '
	test_cmp "$DIP_ROOT/pipeline/stages" "$TRASH/dest/usr/local/share/dipsample/stages"
'
# The installed nightly finds the installed stage list, programs and
# config by itself.
test_expect_success 'the installed nightly runs the listed stages, in order' '
	p=$TRASH/dest/usr/local &&
	cp -r "$FIXTURES/ingest/history" ex &&
	env -u DIPSAMPLE_CONFIG "$p/bin/dipsample-nightly" --as-of 2026-11-20 -o runs ex &&
	sed -n "s/^[^ ]* start dip-//p" runs/latest/log >ran &&
	stages_of nightly >want &&
	test_cmp want ran &&
	env -u DIPSAMPLE_CONFIG "$p/bin/dipsample-rerun" charts runs/latest &&
	tail -n 1 runs/latest/log | grep -q " rerun charts status 0$"
'
test_expect_success 'a second install keeps the edited config' '
	p=$TRASH/dest/usr/local &&
	echo "; edited" >>"$p/etc/dipsample/dipsample.conf" &&
	install_to "$TRASH/dest" >out 2>&1 &&
	tail -n 1 "$p/etc/dipsample/dipsample.conf" | grep -q "^; edited\$"
'
test_done
