# asamblea — build, run and test.
#   make run     install missing packages, build, create and seed data/asamblea.db, serve on :8080
#   make test    install missing packages, build, run every test (unit, sanitizers, API, browser)
#   make check   the unit and API tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench   baselines and service in one run, ratios into bench/RESULTS.md (bench/run.sh)
#   make fuzz    each libFuzzer target of tests/fuzz/ for FUZZ_SECONDS (default 60); fuzz-short: 10 s each
#   make valgrind  the unit test binaries under valgrind (memory errors and leaks fail)
#   make         just build build/asamblea

CC      ?= cc
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -I. -Iserver -Ibuild/gen -MMD -MP
LIBS    := -lmicrohttpd -lsqlite3 -lcjson -lhpdf -lqrencode -ljpeg -lpng16 -lz -lsodium -lcurl -lcrack -lpthread -lm
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SERVER_SRC := $(wildcard server/*.c)
SQL_FILES  := $(sort $(wildcard sql/*.sql)) $(sort $(wildcard sql/seed/*.sql))
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
$(foreach d,$(LIB_DIRS),$(eval $(call static_lib,build,$(d),)))
$(foreach d,$(LIB_DIRS),$(eval $(call static_lib,build/asan,$(d),$(SAN) -O1)))

DB   ?= data/asamblea.db
PORT ?= 8080

.PHONY: all deps run test check unit unit-asan api api-asan browser clean bench-pdf bench fuzz fuzz-short valgrind vendor
all: build/asamblea

deps:
	@./tools/deps.sh

build/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

build/gen/embedded.c: build/tools/embed $(SQL_FILES)
	@mkdir -p $(@D)
	build/tools/embed $@ $(SQL_FILES)

# --- normal build (build/) and sanitizer build (build/asan/) ---
build/obj/%.o: server/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
build/obj/embedded.o: build/gen/embedded.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
build/asamblea: $(call objs,build)
	$(CC) $(CFLAGS) -o $@ $(filter %.o %.a,$^) $(LIBS)

build/asan/obj/%.o: server/%.c
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

build/fuzz/obj/%.o: %.c
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
	tests/fuzz/run.sh 10 $(FUZZ_BINS)

# --- valgrind on the unit tests: any memory error or leak fails (tools/valgrind.sh) ---
valgrind: $(UNIT_BINS)
	tools/valgrind.sh $(UNIT_BINS)

api: build/asamblea
	node --test --test-concurrency=1 tests/api/
api-asan: build/asan/asamblea
	ASAMBLEA_BIN=build/asan/asamblea ASAN_OPTIONS=detect_leaks=1 node --test --test-concurrency=1 tests/api/
browser: build/asamblea
	node --test --test-concurrency=1 tests/browser/

check: deps
	$(MAKE) unit-asan api-asan

test: deps
	$(MAKE) all unit unit-asan fuzz-short api api-asan browser

run: deps build/asamblea
	build/asamblea seed --db $(DB)
	build/asamblea user ensure-admin --db $(DB)
	build/asamblea serve --db $(DB) --port $(PORT)

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
