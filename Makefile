# dipsample - GNU make.  See README.md for the targets a user needs:
#   make demo      the nightly stages on the bundled sample exports
#   make check     every test, under prove
#   make bench     benchmarks (measured and printed, never asserted)
#   make fuzz      libFuzzer harnesses (clang), FUZZ_SECONDS each
# Developer knobs: DEVELOPER=1 (warnings are errors), SANITIZE=address,undefined,
# V=1 (show commands).

VERSION   := 0.1.0
CC        ?= cc
# Link-time optimisation lets the compiler inline the shared library's
# small functions (string table, hash table, CSV cells) into each stage:
# 4-11% fewer instructions in the stages than -O2 alone (doc/benchmarks.md).
# With gcc only: clang's objects would need its own archiver.
ifneq ($(findstring clang,$(CC)),)
CFLAGS    ?= -O2 -g
else
CFLAGS    ?= -O3 -g -flto=auto
endif
# gcc-ar: an archive of link-time-optimised objects needs the compiler's
# plugin to index them.
AR        := gcc-ar
PKGS      := libxml-2.0 inih nettle zlib
DEB_PACKAGES := gcc libc6-dev pkg-config perl libxml2-dev libcsv-dev \
	zlib1g-dev libinih-dev nettle-dev gnuplot-nox libxml2-utils time
# Only the tests read the board pack as a reader would: its PDF's text
# (pdftotext) and index.html in a headless browser (chromium, driven by
# a Python script); and only they lint the manual pages (mandoc, groff).
# Chromium is large, so `make demo` does not install it; `make check`
# tries to, and the tests that need it skip, saying why, where it cannot
# be had.
CHECK_PACKAGES := poppler-utils chromium python3 mandoc groff-base

# Recursive (=) on purpose: pkg-config runs only after `deps` has
# installed it, when a recipe first needs the flags.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lcsv -lm
WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 \
	-Wno-format-nonliteral
ifdef DEVELOPER
WARN      += -Werror -include dip/banned.h
endif
ifdef SANITIZE
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
endif
ALL_CFLAGS = -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DDIP_VERSION='"$(VERSION)"' -Iinclude -Istages $(PKG_CFLAGS) $(WARN) \
	$(CFLAGS) $(SAN_FLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(filter -O% -g -flto%,$(CFLAGS)) -pthread \
	$(SAN_FLAGS)

ifndef V
Q_CC = @echo "  CC    $@";
Q_LD = @echo "  LINK  $@";
Q_AR = @echo "  AR    $@";
endif

B := build
# One static library per layer (HACKING.md): the core every program uses
# (headers in include/dip/), and the libraries of one kind of program,
# each with its headers beside it (#include "mstage/cases.h").
CORE_SRC   := $(wildcard stages/core/*.c)
MSTAGE_SRC := $(wildcard stages/mstage/*.c)
INGEST_SRC := $(wildcard stages/ingest/*.c)
SYNTH_SRC  := $(wildcard stages/synth/*.c)
CHARTS_SRC := $(wildcard stages/charts/*.c)
# Every program is a line of pipeline/stages: NAME SOURCE KIND NIGHTLY
# READS CARRY (its comments say more).  stages/repeat_cp.c builds
# bin/dip-repeat-cp.
STAGE_LIST := pipeline/stages
# stage_list COLUMN CONDITION: that column of the entries (the lines that
# start with a name) for which the awk CONDITION holds.
stage_list = $(shell awk '$$1 ~ /^[a-z]/ $(2) { print $$$(1) }' $(STAGE_LIST))
STAGES     := $(patsubst stages/%.c,%,$(call stage_list,2))
STAGE_BINS := $(addprefix bin/dip-,$(subst _,-,$(STAGES)))
UNIT_SRC   := $(filter-out tests/unit/tap.c,$(wildcard tests/unit/*.c))
UNIT_BINS  := $(patsubst tests/unit/%.c,$(B)/tests/%.t,$(UNIT_SRC))
CLI_TESTS  := $(sort $(wildcard tests/cli/t*.sh))
# Small programs the CLI tests call (build/tests/tools/NAME).
TOOL_SRC   := $(wildcard tests/tools/*.c)
TOOL_BINS  := $(patsubst tests/tools/%.c,$(B)/tests/tools/%,$(TOOL_SRC))

CORE_OBJ   := $(patsubst %.c,$(B)/%.o,$(CORE_SRC))
MSTAGE_OBJ := $(patsubst %.c,$(B)/%.o,$(MSTAGE_SRC))
INGEST_OBJ := $(patsubst %.c,$(B)/%.o,$(INGEST_SRC))
SYNTH_OBJ  := $(patsubst %.c,$(B)/%.o,$(SYNTH_SRC))
CHARTS_OBJ := $(patsubst %.c,$(B)/%.o,$(CHARTS_SRC))
# Each stage links only what it uses from these.
LIBS       := $(B)/libcharts.a $(B)/libmstage.a $(B)/libsynth.a \
	$(B)/libingest.a $(B)/libdip.a
ALL_OBJ    := $(CORE_OBJ) $(MSTAGE_OBJ) $(INGEST_OBJ) $(SYNTH_OBJ) \
	$(CHARTS_OBJ) \
	$(patsubst %,$(B)/stages/%.o,$(STAGES)) \
	$(patsubst %.c,$(B)/%.o,$(UNIT_SRC) tests/unit/tap.c $(TOOL_SRC)) \
	$(B)/tests/bench/sax-floor.o

.PHONY: all deps check-deps check test demo bench install clean FORCE \
	fuzz fuzz-deps fuzz-bins fuzz-replay-bins fuzz-replay fuzz-cov
.DEFAULT_GOAL := all
.SECONDARY:

all: $(STAGE_BINS)

# Install missing Debian packages as root; otherwise say what to run.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:" $$missing; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing \
			>/dev/null || $(DEPS_FAILED); \
		else \
			echo "missing packages; as root run:" >&2; \
			echo "  apt-get install $$missing" >&2; $(DEPS_FAILED); \
		fi; \
	fi
DEPS_FAILED := exit 1

check-deps:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES='$(CHECK_PACKAGES)' \
		DEPS_FAILED='echo "the tests that need them will skip" >&2'

# Any change of flags (SANITIZE, CFLAGS, DEVELOPER) rebuilds everything.
$(B)/flags: FORCE | deps
	@mkdir -p $(B)
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@

$(B)/%.o: %.c $(B)/flags
	@mkdir -p $(dir $@)
	$(Q_CC)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libdip.a: $(CORE_OBJ)
	$(Q_AR)rm -f $@ && $(AR) rcs $@ $^

$(B)/libmstage.a: $(MSTAGE_OBJ)
	$(Q_AR)rm -f $@ && $(AR) rcs $@ $^

$(B)/libingest.a: $(INGEST_OBJ)
	$(Q_AR)rm -f $@ && $(AR) rcs $@ $^

$(B)/libsynth.a: $(SYNTH_OBJ)
	$(Q_AR)rm -f $@ && $(AR) rcs $@ $^

$(B)/libcharts.a: $(CHARTS_OBJ)
	$(Q_AR)rm -f $@ && $(AR) rcs $@ $^

.SECONDEXPANSION:
bin/dip-%: $(B)/stages/$$(subst -,_,$$*).o $(LIBS)
	@mkdir -p bin
	$(Q_LD)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/tests/%.t: $(B)/tests/unit/%.o $(B)/tests/unit/tap.o $(LIBS)
	@mkdir -p $(dir $@)
	$(Q_LD)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/tests/tools/%: $(B)/tests/tools/%.o $(LIBS)
	$(Q_LD)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

-include $(ALL_OBJ:.o=.d)

# prove -e '' runs each test as a program: C tests and shell scripts alike.
test check: all check-deps $(UNIT_BINS) $(TOOL_BINS)
	DIP_ROOT=$(CURDIR) prove -e '' $(if $(V),-v) $(UNIT_BINS) $(CLI_TESTS)

demo: all
	pipeline/demo

# Measurements, not tests: see tests/bench/run.
bench: all $(B)/bench/sax-floor
	tests/bench/run
	tests/bench/merge

$(B)/bench/sax-floor: $(B)/tests/bench/sax-floor.o
	@mkdir -p $(dir $@)
	$(Q_LD)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Fuzzing: one harness per input family in tests/fuzz/, seed corpora in
# tests/fuzz/corpus/NAME/ (doc/fuzzing.md).
#   make fuzz [FUZZ_SECONDS=600]  clang + libFuzzer, each harness in turn
#   make fuzz-replay   every corpus input and XML fixture through the
#                      harnesses, built with $(CC) and a replay main()
#                      (CI runs it with SANITIZE=address,undefined)
#   make fuzz-cov      llvm-cov line coverage of that replay, per file
FUZZERS       := ingest tables config
FUZZ_SECONDS  ?= 60
FUZZ_PACKAGES := clang libclang-rt-dev llvm
# The tables harness runs each stage that reads tables (pipeline/stages,
# READS "tables": the metric stages and dip-worklist) from its own main(), built a second time
# under another name, then dip-areas on what they wrote.
FUZZ_STAGES   := $(sort $(patsubst stages/%.c,%,\
	$(call stage_list,2,&& $$5 == "tables")))
FUZZ_OBJ      := $(B)/tests/fuzz/fuzz.o \
	$(patsubst %,$(B)/fuzz/stage_%.o,$(FUZZ_STAGES) areas)
FUZZ_DEFS     := -DDIP_FUZZ_ROOT='"$(CURDIR)"' \
	'-DDIP_FUZZ_STAGES=$(foreach s,$(FUZZ_STAGES),X($(s)))'
# The harnesses see the stage list and the tree's path: rebuilt when
# either changes, as everything is when a flag does.
$(B)/fuzz/defs: FORCE $(B)/flags
	@mkdir -p $(dir $@)
	@echo '$(CURDIR) $(FUZZ_STAGES)' | cmp -s - $@ || \
		echo '$(CURDIR) $(FUZZ_STAGES)' > $@

$(B)/tests/fuzz/%.o: tests/fuzz/%.c $(B)/flags $(B)/fuzz/defs
	@mkdir -p $(dir $@)
	$(Q_CC)$(CC) $(ALL_CFLAGS) $(FUZZ_DEFS) -MMD -MP -c -o $@ $<

$(B)/fuzz/stage_%.o: stages/%.c $(B)/flags
	@mkdir -p $(dir $@)
	$(Q_CC)$(CC) $(ALL_CFLAGS) -Dmain=fuzz_main_$* -MMD -MP -c -o $@ $<

$(B)/fuzz/replay-%: $(B)/tests/fuzz/%.o $(B)/tests/fuzz/replay.o \
		$(FUZZ_OBJ) $(LIBS)
	$(Q_LD)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/fuzz/fuzz-%: $(B)/tests/fuzz/%.o $(FUZZ_OBJ) $(LIBS)
	$(Q_LD)$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

-include $(patsubst %.c,$(B)/%.d,$(wildcard tests/fuzz/*.c)) \
	$(FUZZ_OBJ:.o=.d)

fuzz-deps:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES='$(FUZZ_PACKAGES)'

fuzz-bins: $(patsubst %,$(B)/fuzz/fuzz-%,$(FUZZERS))
fuzz-replay-bins: $(patsubst %,$(B)/fuzz/replay-%,$(FUZZERS))

fuzz-replay: fuzz-replay-bins
	$(B)/fuzz/replay-ingest tests/fuzz/corpus/ingest \
		$$(find fixtures -type f \( -name '*.xml' -o -name '*.gz' \) | sort)
	$(B)/fuzz/replay-tables tests/fuzz/corpus/tables
	$(B)/fuzz/replay-config tests/fuzz/corpus/config

# Every object is built again with clang, instrumented for libFuzzer.
fuzz: fuzz-deps
	$(MAKE) B=$(B)/libfuzzer CC=clang SANITIZE=address,undefined \
		CFLAGS='-O1 -g -fsanitize=fuzzer-no-link' fuzz-bins
	tests/fuzz/run $(B)/libfuzzer/fuzz $(B)/fuzz-work $(FUZZ_SECONDS) \
		$(FUZZERS)

fuzz-cov: fuzz-deps
	rm -rf $(B)/cov/profile
	$(MAKE) B=$(B)/cov CC=clang CFLAGS='-O0 -g -fprofile-instr-generate \
		-fcoverage-mapping' LDFLAGS=-fprofile-instr-generate fuzz-replay-bins
	LLVM_PROFILE_FILE='$(CURDIR)/$(B)/cov/profile/%p.profraw' \
		$(MAKE) --no-print-directory B=$(B)/cov CC=clang \
		CFLAGS='-O0 -g -fprofile-instr-generate -fcoverage-mapping' \
		LDFLAGS=-fprofile-instr-generate fuzz-replay
	llvm-profdata merge -sparse -o $(B)/cov/fuzz.profdata \
		$(B)/cov/profile/*.profraw
	llvm-cov report -show-region-summary=false -show-branch-summary=false \
		-instr-profile=$(B)/cov/fuzz.profdata \
		$(B)/cov/fuzz/replay-$(firstword $(FUZZERS)) \
		$(patsubst %,-object $(B)/cov/fuzz/replay-%,$(wordlist 2,99,$(FUZZERS))) \
		$(CURDIR)/stages

# make install PREFIX=/usr/local DESTDIR=: the stages, the pipeline as
# dipsample-nightly and dipsample-rerun, the default config in
# PREFIX/etc/dipsample (where the stages look, beside their bin/), the
# stage list (which the scripts read) and the scheduling examples in
# PREFIX/share/dipsample and the manual pages
# (doc/man, one per program and dipsample.conf(5)) in PREFIX/share/man.
PREFIX ?= /usr/local
MANDIR ?= $(PREFIX)/share/man
# Config files already installed are never overwritten (local edits).
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/etc/dipsample \
		$(DESTDIR)$(PREFIX)/share/dipsample $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5
	install -m 755 $(STAGE_BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 755 pipeline/nightly $(DESTDIR)$(PREFIX)/bin/dipsample-nightly
	install -m 755 pipeline/rerun $(DESTDIR)$(PREFIX)/bin/dipsample-rerun
	install -m 644 $(STAGE_LIST) $(DESTDIR)$(PREFIX)/share/dipsample/stages
	cp -Rn config/. $(DESTDIR)$(PREFIX)/etc/dipsample/
	install -m 644 pipeline/cron.example pipeline/dipsample-nightly.service \
		pipeline/dipsample-nightly.timer $(DESTDIR)$(PREFIX)/share/dipsample/
	install -m 644 $(wildcard doc/man/*.1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(wildcard doc/man/*.5) $(DESTDIR)$(MANDIR)/man5/

clean:
	rm -rf $(B) bin
