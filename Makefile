# verbatim — plain Makefile. `make` builds (and does nothing else), `make deps`
# installs the Debian packages it needs, `make test` runs every test a CI run
# runs, `make asan` runs them under ASan+UBSan, `make fuzz` fuzzes for a
# bounded time, `make bench` measures, `make golden-update` rewrites goldens,
# `make install` installs the binary (PREFIX, DESTDIR).

CC      ?= cc
BUILD   ?= build
PKGS    := libutf8proc jansson sqlite3 libxml-2.0 libcrypto libmicrohttpd libcurl libpq
SAN     ?=
OPT     ?= -O2 -g

WARN    := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CFLAGS_ALL = -std=c11 -D_DEFAULT_SOURCE -pthread -ffile-prefix-map=$(CURDIR)=. $(OPT) $(WARN) -Iinclude -Isrc \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(SAN) $(CFLAGS)
# The libraries every command uses are linked in from their static archives
# where Debian ships them (nothing for the dynamic loader to bind at each
# start); libpq, libcurl, libmicrohttpd, libxml2 and libcrypto are loaded by
# the commands that use them, on first use (src/core/dynlib.c), under the
# sonames found here. Tests and benchmarks that call them link them too.
LIGHT      := sqlite3 jansson utf8proc stemmer
comma      := ,
static_or_dynamic = $(if $(wildcard $(shell $(CC) -print-file-name=lib$(1).a)),-Wl$(comma)-Bstatic -l$(1) -Wl$(comma)-Bdynamic,-l$(1))
soname     = $(shell objdump -p "$$($(CC) -print-file-name=lib$(1).so)" 2>/dev/null | awk '/SONAME/ {print $$2}')
SONAMES   := $(foreach l,pq:PQ curl:CURL microhttpd:MHD xml2:XML2 crypto:CRYPTO,$(if $(call soname,$(word 1,$(subst :, ,$(l)))),-DVB_SONAME_$(word 2,$(subst :, ,$(l)))='"$(call soname,$(word 1,$(subst :, ,$(l))))"'))
LIBS_ALL   = $(foreach l,$(LIGHT),$(call static_or_dynamic,$(l))) -lm -ldl -pthread $(SAN)
HEAVY_LIBS = $(shell pkg-config --libs libxml-2.0 libcrypto libmicrohttpd libcurl libpq 2>/dev/null)
TEST_LIBS  = $(HEAVY_LIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

LIB_SRC  := $(sort $(shell find src -name '*.c' ! -path 'src/cli/*'))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
DATA     := $(sort $(wildcard data/*.txt))
WEB      := $(sort $(shell find web -type f ! -name '.*'))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/data.o $(BUILD)/gen/web.o $(BUILD)/gen/lexicon.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TESTS    := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Tools the accuracy scripts run (see tests/gold/<area>/).
GOLD_SRC := $(sort $(filter-out tests/gold/search/refstem.c,$(wildcard tests/gold/*/*.c)))
GOLD_BIN := $(GOLD_SRC:tests/gold/%.c=$(BUILD)/gold/%)
# Shell tests that drive the verbatim binary (TAP, like the unit tests).
SH_TESTS := $(sort $(filter-out tests/crash/lib.sh,$(wildcard tests/crash/*.sh)))
# Accuracy gates: each tests/gold/<area>/check.sh fails when a figure measured
# on real documents drops below the one recorded (TAP, like the others).
SH_TESTS += $(sort $(wildcard tests/gold/*/check.sh))
# The archive, search, watch, API and command tests run a second time with
# their archives on PostgreSQL (test_check and the crash tests are about
# SQLite's file; test_backends compares the two side by side).
PG_TESTS := $(addprefix $(BUILD)/tests/,test_store test_ingest test_watch test_entity_store test_counts test_http test_parses test_records \
              test_hostile test_cli test_quote_family)
PG_TESTS += $(BUILD)/tests/test_reindex
.PHONY: all test asan fuzz bench print-libs golden-update clean deps demo format lint browser eval install vendor

all: $(BUILD)/verbatim

# Installs (as root) or names (otherwise) the Debian packages to build and test with.
deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/src/core/dynlib.o: CFLAGS += $(SONAMES)

# data/ lists are compiled into the library: no data directory at run time.
$(BUILD)/gen/data.c: $(DATA) scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $(DATA) > $@

$(BUILD)/gen/data.o: $(BUILD)/gen/data.c
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# So is the built-in lexicon, made once here instead of in every process
# (a second of CPU from iso-codes' catalogues and the dictionary): the
# library without it (gen/nolexicon.o) makes it and writes its image.
LEX_INPUTS := $(wildcard /usr/share/iso-codes/json/iso_3166-*.json /usr/share/dict/american-english \
                /usr/share/locale/*/LC_MESSAGES/iso_3166-*.mo)
$(BUILD)/gen/mklexicon: scripts/mklexicon.c $(filter-out $(BUILD)/gen/lexicon.o,$(LIB_OBJ)) $(BUILD)/gen/nolexicon.o
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LIBS_ALL)

$(BUILD)/gen/lexicon.bin: $(BUILD)/gen/mklexicon $(LEX_INPUTS)
	$(BUILD)/gen/mklexicon $@

$(BUILD)/gen/nolexicon.c: scripts/embed-lexicon.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-lexicon.sh > $@

$(BUILD)/gen/lexicon.c: $(BUILD)/gen/lexicon.bin scripts/embed-lexicon.sh
	sh scripts/embed-lexicon.sh $< > $@

$(BUILD)/gen/nolexicon.o: $(BUILD)/gen/nolexicon.c
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/gen/lexicon.o: $(BUILD)/gen/lexicon.c $(BUILD)/gen/lexicon.bin
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# So are the web UI's files: `serve` needs no checkout (--web DIR overrides).
$(BUILD)/gen/web.c: $(WEB) scripts/embed-web.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-web.sh web > $@

$(BUILD)/gen/web.o: $(BUILD)/gen/web.c src/http/webfiles.h
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/libverbatim.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/verbatim: $(CLI_OBJ) $(BUILD)/libverbatim.a
	$(CC) -o $@ $(CLI_OBJ) $(BUILD)/libverbatim.a $(LIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(BUILD)/libverbatim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(BUILD)/libverbatim.a $(LIBS_ALL) $(TEST_LIBS)

# The search harness's reference analysis: libstemmer alone, nothing of verbatim.
$(BUILD)/tests/refstem: tests/gold/search/refstem.c $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< -lstemmer $(SAN)

# Runs every unit, golden, shell and accuracy test, on SQLite and, where a
# PostgreSQL server can be started here, again on PostgreSQL (it says which);
# ends with "N passed, N failed".
test: $(BUILD)/verbatim $(TESTS) $(BUILD)/tests/refstem $(GOLD_BIN)
	@BUILD=$(BUILD) sh tests/suite.sh $(TESTS) $(SH_TESTS) --postgres $(PG_TESTS)

# The web UI's chart libraries (uPlot, Cytoscape.js) from the npm registry,
# pinned with their checksums in scripts/vendor/package-lock.json, copied to
# web/vendor/ (not in git). The UI works without them, showing tables.
vendor: web/vendor/VERSIONS
web/vendor/VERSIONS: scripts/vendor.sh scripts/vendor/package.json scripts/vendor/package-lock.json
	@sh scripts/deps.sh vendor
	@BUILD=$(BUILD) sh scripts/vendor.sh

# The web UI in Debian's chromium (headless, puppeteer-core from npm), as
# the binary serves it: built again once web/vendor/ is there, to hold it.
browser: web/vendor/VERSIONS
	@$(MAKE) --no-print-directory $(BUILD)/verbatim
	@sh scripts/deps.sh browser
	@cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	@VERBATIM_BIN=$(CURDIR)/$(BUILD)/verbatim node tests/browser/ui.test.mjs

# clang where there is one: its UBSan also checks pointer arithmetic (a
# zero offset applied to a null pointer, as `v.v + i` on an empty vector),
# which gcc's does not; the fuzz targets are clang's too.
ASAN_CC ?= $(shell command -v clang >/dev/null 2>&1 && echo clang || echo $(CC))
asan:
	$(MAKE) BUILD=build-asan CC=$(ASAN_CC) OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" test

# libFuzzer targets, each run for FUZZ_SECONDS (clang).
FUZZ_SECONDS ?= 60
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_SRC)

# Tools the accuracy scripts run (tests/gold/<area>/*.c), built like tests.
$(BUILD)/gold/%: tests/gold/%.c $(BUILD)/libverbatim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libverbatim.a $(LIBS_ALL) $(HEAVY_LIBS)

BENCH_SRC := $(sort $(wildcard bench/bench_*.c))
BENCHES   := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
$(BUILD)/bench/%: bench/%.c $(BUILD)/libverbatim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libverbatim.a $(LIBS_ALL) $(HEAVY_LIBS)

bench: $(BUILD)/verbatim $(BENCHES)
	@BUILD=$(BUILD) sh bench/run.sh

# The libraries a program linked with libverbatim.a needs (bench scripts
# that link another commit's library).
print-libs:
	@echo $(LIBS_ALL) $(HEAVY_LIBS)

# Accuracy on real documents, per area (docs/ACCURACY.md records the figures).
eval: $(BUILD)/verbatim $(BUILD)/tests/refstem $(GOLD_BIN)
	@BUILD=$(BUILD) sh tests/gold/eval.sh

golden-update: $(BUILD)/verbatim
	@sh tests/golden/update.sh $(BUILD)/verbatim

# The main job on sample data: structure the model dispatch, archive it with
# the debate transcripts and the fixtures, and search the archive.
DEMO_DB := $(BUILD)/demo.db
demo: deps
	@$(MAKE) --no-print-directory web/vendor/VERSIONS
	@$(MAKE) --no-print-directory $(BUILD)/verbatim
	$(BUILD)/verbatim parse ../shared/corpus/memri/sd-10850.txt
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BUILD)/verbatim init $(DEMO_DB)
	$(BUILD)/verbatim ingest --db $(DEMO_DB) ../shared/corpus/memri ../shared/corpus/debates tests/golden
	$(BUILD)/verbatim search --db $(DEMO_DB) 'speaker:baraka kalashnikov' --facets speaker,month
	$(BUILD)/verbatim search --db $(DEMO_DB) '"prisoner swap" OR hizbullah' --limit 3

format:
	clang-format -i $$(find src include tests -name '*.[ch]')

lint:
	@sh scripts/banned.sh
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	  --suppress=missingIncludeSystem -Iinclude -Isrc src

PREFIX  ?= /usr/local
# The binary carries its data lists and web UI: installing it is enough.
install: $(BUILD)/verbatim
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	install -m 755 $(BUILD)/verbatim $(DESTDIR)$(PREFIX)/bin/verbatim
	install -m 644 $(BUILD)/libverbatim.a $(DESTDIR)$(PREFIX)/lib/libverbatim.a
	install -m 644 include/verbatim.h $(DESTDIR)$(PREFIX)/include/verbatim.h

clean:
	rm -rf build build-asan build-fuzz web/vendor

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
