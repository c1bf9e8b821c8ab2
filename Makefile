# asamblea — build, run and test.
#   make run     install missing packages (only what building and running need), build, create and seed data/asamblea.db (with the sample
#                edition "ejemplo", open for sign-up), serve on :8080
#   make test    install missing packages, build, run every test (unit, sanitizers, API, browser)
#   make check   the unit and API tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench   baselines and service in one run, ratios into bench/RESULTS.md (bench/run.sh)
#   make fuzz    each libFuzzer target of tests/fuzz/ for FUZZ_SECONDS (default 60); fuzz-short (in make test): 5 s each
#   make valgrind  the unit test binaries under valgrind (memory errors and leaks fail)
#   make deb     the Debian package build/asamblea_<VERSION>_<arch>.deb (tools/build-deb.sh), from
#                build/asamblea (built with Debian's hardening flags), with the man page
#                build/asamblea.1 and packaging/asamblea.conf, both printed by build/asamblea
#   make         just build build/asamblea

CC      ?= cc
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -I. -Iserver -Ibuild/gen -MMD -MP
LIBS    := -lmicrohttpd -lgnutls -lsqlite3 -lcjson -lhpdf -lhyphen -lqrencode -ljpeg -lpng16 -lz -lbrotlienc -lsodium -lcurl -lcrack -lxlsxwriter -lpthread -lm
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SERVER_SRC := $(wildcard server/*.c)
SQL_FILES  := $(sort $(wildcard sql/*.sql)) $(sort $(wildcard sql/seed/*.sql)) $(sort $(wildcard sql/sample/*.sql))
I18N_FILES := $(sort $(wildcard i18n/*.json))
UNIT_SRC   := $(wildcard tests/unit/test_*.c)

# The static libraries of DESIGN.md, one per folder, listed dependents first (badges uses pdf):
# each is built from its folder's .c files as build/lib<dir>.a (and build/asan/lib<dir>.a).
LIB_DIRS := badges pdf
.DEFAULT_GOAL := all

# Objects of one build flavour: $(call objs,DIR); then the static libraries after them
objs = $(patsubst server/%.c,$(1)/obj/%.o,$(SERVER_SRC)) $(1)/obj/embedded.o $(foreach d,$(LIB_DIRS),$(1)/lib$(d).a)
lib_objs = $(filter-out $(1)/obj/main.o,$(call objs,$(1)))

# $(call static_lib,FLAVOUR DIR,LIB DIR,EXTRA CFLAGS)
define static_lib
$(1)/lib$(2).a: $(patsubst $(2)/%.c,$(1)/obj/$(2)/%.o,$(wildcard $(2)/*.c))
	@rm -f $$@
	ar rcs $$@ $$^
$(1)/obj/$(2)/%.o: $(2)/%.c
	@mkdir -p $$(@D)
	$(CC) $(ALL_CFLAGS) $(3) -c -o $$@ $$<
endef
$(foreach d,$(LIB_DIRS),$(eval $(call static_lib,build,$(d),$$(HARDEN_CFLAGS))))
$(foreach d,$(LIB_DIRS),$(eval $(call static_lib,build/asan,$(d),$(SAN) -O1)))

# build/asamblea is what the Debian package ships, so it is built once, with Debian's flags and
# every hardening feature (PIE, stack protector, _FORTIFY_SOURCE, full RELRO, bindnow): the tests
# run the very binary that is packaged. Computed once per make, after `make deps` has dpkg-dev.
HARDEN_CFLAGS  = $(eval HARDEN_CFLAGS := $(shell DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CPPFLAGS) \
                   $(shell DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CFLAGS))$(HARDEN_CFLAGS)
HARDEN_LDFLAGS = $(eval HARDEN_LDFLAGS := $(shell DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get LDFLAGS))$(HARDEN_LDFLAGS)
VERSION := $(shell cat VERSION)
DEB     := build/asamblea_$(VERSION)_$(shell dpkg --print-architecture 2>/dev/null).deb

DB   ?= data/asamblea.db
PORT ?= 8080

.PHONY: format format-check all deb deps deps-run run test check unit unit-asan api api-asan browser clean bench-pdf bench fuzz fuzz-short valgrind vendor lighthouse
all: build/asamblea

deps:
	@./tools/deps.sh test
deps-run:
	@./tools/deps.sh run

build/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

build/gen/embedded.c: build/tools/embed $(SQL_FILES) $(I18N_FILES)
	@mkdir -p $(@D)
	build/tools/embed $@ $(SQL_FILES) $(I18N_FILES)

# The version compiled in (`asamblea --version`, the man page), from the VERSION file; every
# object waits for it (order-only: the .d files then say which objects really include it).
build/gen/version.h: VERSION
	@mkdir -p $(@D)
	printf '#define ASAMBLEA_VERSION "%s"\n' "$$(cat VERSION)" >$@

# The man page and the package's sample configuration, printed by the binary from its option
# tables (cli_commands.c): the same text as `asamblea --help`.
build/asamblea.1: build/asamblea
	build/asamblea --man >$@
packaging/asamblea.conf: build/asamblea
	build/asamblea --sample-config >$@

# --- normal build (build/) and sanitizer build (build/asan/) ---
build/obj/%.o: server/%.c | build/gen/version.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(HARDEN_CFLAGS) -c -o $@ $<
build/obj/embedded.o: build/gen/embedded.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(HARDEN_CFLAGS) -c -o $@ $<
build/asamblea: $(call objs,build)
	$(CC) $(CFLAGS) $(HARDEN_CFLAGS) $(HARDEN_LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LIBS)

# --- the Debian package (tools/build-deb.sh), with the man page and the sample configuration ---
deb: $(DEB)
$(DEB): build/asamblea build/asamblea.1 packaging/asamblea.conf tools/build-deb.sh VERSION README.md $(wildcard packaging/* packaging/*/*) $(shell find web -type f -not -path '*/node_modules/*')
	tools/build-deb.sh build/asamblea $@

build/asan/obj/%.o: server/%.c | build/gen/version.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -c -o $@ $<
build/asan/obj/embedded.o: build/gen/embedded.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -c -o $@ $<
build/asan/asamblea: $(call objs,build/asan)
	$(CC) $(SAN) -o $@ $(filter %.o %.a,$^) $(LIBS)

# --- unit tests (cmocka): one binary per tests/unit/test_*.c, linked with the server modules ---
build/unit/%: tests/unit/%.c $(call lib_objs,build)
	@mkdir -p $(@D)
	@echo "  LINK $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $(filter %.c %.o %.a,$^) $(LIBS) -lcmocka
build/asan/unit/%: tests/unit/%.c $(call lib_objs,build/asan)
	@mkdir -p $(@D)
	@echo "  LINK $@"
	@$(CC) $(ALL_CFLAGS) $(SAN) -O1 -o $@ $(filter %.c %.o %.a,$^) $(LIBS) -lcmocka

# --- the PDF benchmark: renders the Latacunga memoria N times, writes samples to /tmp/pdfshots ---
build/bench_pdf: tests/pdf/bench_pdf.c build/libpdf.a
	$(CC) $(ALL_CFLAGS) -o $@ $(filter %.c %.a,$^) $(LIBS)
bench-pdf: build/bench_pdf
	build/bench_pdf 20 /tmp/pdfshots

# --- the benchmark: installs its own extras (wrk, ReportLab) when missing; see bench/run.sh ---
bench:
	bench/run.sh

# Lighthouse scores of the pages phones open (not part of make test: they depend on the machine);
# lighthouse itself is pinned in bench/lighthouse/package-lock.json. Writes bench/RESULTS.md.
lighthouse: deps build/asamblea
	cd bench/lighthouse && { [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; }
	node bench/lighthouse/run.mjs

# --- browser libraries: pinned in web/package.json, copied into web/vendor/ (committed) ---
vendor:
	tools/vendor.sh

UNIT_BINS      := $(patsubst tests/unit/%.c,build/unit/%,$(UNIT_SRC))
UNIT_ASAN_BINS := $(patsubst tests/unit/%.c,build/asan/unit/%,$(UNIT_SRC))

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done
unit-asan: $(UNIT_ASAN_BINS)
	@set -e; for t in $(UNIT_ASAN_BINS); do echo "== $$t (asan+ubsan)"; $$t; done

# --- fuzzing (clang + libFuzzer): tests/fuzz/fuzz_NAME.c → build/fuzz/fuzz_NAME, linked with every
# module built by clang with coverage and ASan+UBSan into build/fuzz/libasamblea.a (a target pulls in
# only the objects it needs). tests/fuzz/run.sh runs them; see docs/reliability.md.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g -fno-omit-frame-pointer -I. -Iserver -Ibuild/gen -MMD -MP \
                -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_LIB_SRC := $(filter-out server/main.c,$(SERVER_SRC)) $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c)) build/gen/embedded.c
FUZZ_OBJS    := $(patsubst %.c,build/fuzz/obj/%.o,$(FUZZ_LIB_SRC))
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

build/fuzz/obj/%.o: %.c | build/gen/version.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
build/fuzz/libasamblea.a: $(FUZZ_OBJS)
	@rm -f $@
	ar rcs $@ $^
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build/fuzz/libasamblea.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libasamblea.a $(LIBS)

fuzz: $(FUZZ_BINS)
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)
fuzz-short: $(FUZZ_BINS)
	tests/fuzz/run.sh 5 $(FUZZ_BINS)

# --- valgrind on the unit tests: any memory error or leak fails (tools/valgrind.sh) ---
valgrind: $(UNIT_BINS)
	tools/valgrind.sh $(UNIT_BINS)

# node:test with its TAP report on the terminal and each file's time in build/times/TARGET.txt
# (tests/lib/file-times.mjs), slowest first
NODE_TEST = node --test --test-reporter=tap --test-reporter-destination=stdout \
	--test-reporter=./tests/lib/file-times.mjs --test-reporter-destination=build/times/$@.txt

# The C sources follow .clang-format; make format rewrites them, make format-check (part of
# make test) fails on any line that differs
FORMATTED := $(wildcard server/*.[ch] pdf/*.[ch] badges/*.[ch] tests/unit/*.[ch] tests/fuzz/*.[ch] tests/pdf/*.[ch])
format:
	@clang-format -i $(FORMATTED) && echo "format: $(words $(FORMATTED)) C files laid out by .clang-format"
format-check:
	@clang-format --dry-run --Werror $(FORMATTED) && echo "format-check: $(words $(FORMATTED)) C files follow .clang-format"

build/times:
	mkdir -p $@
# API test files run API_JOBS at a time (default 2): each starts its own server on its own
# database, and many of them mostly wait (for timeouts, mail rounds, SIGKILLed servers)
API_JOBS ?= 2
api: build/asamblea | build/times
	$(NODE_TEST) --test-concurrency=$(API_JOBS) tests/api/
# the same files against the sanitizer build, but two that test something else than the server's
# code: the package (the binary of make deb, not the sanitizer's) and qr-print (how Ghostscript,
# poppler, zbar and jsQR read printed badges; the badge code itself runs under the sanitizers in
# documents and media); both run once, in make api
API_ASAN_SKIP := tests/api/package.test.mjs tests/api/qr-print.test.mjs
api-asan: build/asan/asamblea | build/times
	ASAMBLEA_BIN=build/asan/asamblea ASAN_OPTIONS=detect_leaks=1 $(NODE_TEST) --test-concurrency=$(API_JOBS) \
	  $(filter-out $(API_ASAN_SKIP),$(sort $(wildcard tests/api/*.test.mjs)))
# browser test files BROWSER_JOBS at a time (each its own chromium and server); 1: on 2 cores two
# at a time took longer (718 s against 645 s), the CPUs being already busy with the other lane
BROWSER_JOBS ?= 1
browser: build/asamblea | build/times
	$(NODE_TEST) --test-concurrency=$(BROWSER_JOBS) tests/browser/

check: deps
	$(MAKE) unit-asan api-asan

# make test: first everything it runs is built, TEST_JOBS compilers at a time (default: the CPUs),
# the package included; then the browser suite, the longest, runs beside the others, which run
# one after another (its report is kept in build/browser.log and printed when all have ended).
TEST_JOBS ?= $(shell nproc)
test: deps
	$(MAKE) -j$(TEST_JOBS) all build/asan/asamblea $(UNIT_BINS) $(UNIT_ASAN_BINS) $(FUZZ_BINS) deb
	$(MAKE) format-check
	@$(MAKE) --no-print-directory browser >build/browser.log 2>&1 & browser=$$!; \
	  $(MAKE) --no-print-directory unit unit-asan fuzz-short api api-asan; others=$$?; \
	  wait $$browser; b=$$?; cat build/browser.log; \
	  echo "make test: browser suite exit $$b; unit, unit-asan, fuzz-short, api, api-asan exit $$others"; \
	  [ $$b -eq 0 ] && [ $$others -eq 0 ]

run: deps-run build/asamblea
	build/asamblea seed --sample --db $(DB)
	build/asamblea user ensure-admin --db $(DB)
	build/asamblea serve --db $(DB) --port $(PORT)

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
