# asamblea — build, run and test.
#   make run     install missing packages, build, create and seed data/asamblea.db, serve on :8080
#   make test    install missing packages, build, run every test (unit, sanitizers, API, browser)
#   make check   the unit and API tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make         just build build/asamblea

CC      ?= cc
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -I. -Iserver -Ibuild/gen -MMD -MP
LIBS    := -lmicrohttpd -lsqlite3 -lcjson -lhpdf -lqrencode -lz -lsodium -lcurl -lpthread -lm
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

.PHONY: all deps run test check unit unit-asan api api-asan browser clean bench-pdf
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

UNIT_BINS      := $(patsubst tests/unit/%.c,build/unit/%,$(UNIT_SRC))
UNIT_ASAN_BINS := $(patsubst tests/unit/%.c,build/asan/unit/%,$(UNIT_SRC))

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done
unit-asan: $(UNIT_ASAN_BINS)
	@set -e; for t in $(UNIT_ASAN_BINS); do echo "== $$t (asan+ubsan)"; $$t; done

api: build/asamblea
	node --test --test-concurrency=1 tests/api/
api-asan: build/asan/asamblea
	ASAMBLEA_BIN=build/asan/asamblea ASAN_OPTIONS=detect_leaks=1 node --test --test-concurrency=1 tests/api/
browser: build/asamblea
	node --test --test-concurrency=1 tests/browser/

check: deps
	$(MAKE) unit-asan api-asan

test: deps
	$(MAKE) all unit unit-asan api api-asan browser

run: deps build/asamblea
	build/asamblea seed --db $(DB)
	build/asamblea user ensure-admin --db $(DB)
	build/asamblea serve --db $(DB) --port $(PORT)

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
