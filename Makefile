# enrollassign — build, serve, test.
#
#   make run     build, then serve the app on 127.0.0.1:8000 with the demo
#                emulator (Entra on :8001, Graph on :8002)
#   make test    everything: vet (native and js/wasm), unit, browser and fuzz tests
#   make static  write the whole PWA to static/ for any static host, with the
#                brotli and gzip variants of every text file beside it: a
#                production app (STATIC_FLAGS=-demo adds make run's demo tenant)
#   make bench   Go benchmarks, then the load benchmark: enrollassign against
#                go-app's floor in headless Chromium (several minutes)
#   make size    what each package's code weighs in app.wasm, raw and brotli
#   make screenshots  the README's pictures (docs/screenshots/*.png), taken by
#                the accessibility tests in headless Chromium
#   make clean   remove build outputs

GO          ?= go
GOROOT      := $(shell $(GO) env GOROOT)
# nethttpomithttp2 leaves Go's HTTP/2 out of the client: under js/wasm,
# net/http sends through the browser's fetch, which speaks HTTP/2 itself,
# and Go's copy was dead code (0.8 MB raw, 0.12 MB brotli).
WASM_FLAGS  := -trimpath -ldflags="-s -w" -tags=nethttpomithttp2
SERVER      := bin/enrollassign
FUZZTIME    ?= 5s
# 0: no minimizing in make test's short runs (see fuzz below).
FUZZMINIMIZETIME ?= 0
ADDR        ?= 127.0.0.1:8000
ENTRA_ADDR  ?= 127.0.0.1:8001
GRAPH_ADDR  ?= 127.0.0.1:8002
CHROMIUM    ?= /usr/bin/chromium
# axe-core, which the browser tests run on every screen: pinned, from npm,
# into a git-ignored cache under the repository (never a browser download).
AXE_VERSION ?= 4.11.4
NPM_CACHE   := .cache/npm
AXE_CORE    := $(NPM_CACHE)/node_modules/axe-core

# Packages that run in the browser must build for js/wasm on their own.
CLIENT_PKGS := ./graph ./graph/auth ./graph/cloud ./graph/bulk ./graph/backup ./components/...

.PHONY: all build precompress run static size test vet unit fuzz bench loadbench chromium npm axe screenshots clean

all: build

build: wasm_exec.js web/app.wasm $(SERVER) precompress

# The toolchain's own JS glue, served at /wasm_exec.js in place of go-app's
# embedded copy so that it always matches the compiler that built app.wasm.
wasm_exec.js: $(GOROOT)/lib/wasm/wasm_exec.js
	cp $< $@

# Rebuilt every time: Go's build cache makes an unchanged build cheap, and
# listing every source file here would drift.
web/app.wasm: FORCE
	GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -o $@ .

$(SERVER): FORCE
	$(GO) build -trimpath -o $@ .

# web/app.wasm.br and web/app.wasm.gz, which the server (and static hosts)
# send to browsers that accept them: brotli 11 takes about half a minute, so
# it runs here, once per build, and is skipped when the variants already
# match app.wasm.
precompress: web/app.wasm $(SERVER)
	./$(SERVER) precompress web/app.wasm

# The same build keeping its function names (no -s; the code is the same),
# weighed by package: `enrollassign size` groups the code section by the
# package each function belongs to and compresses each group alone.
size: build
	GOOS=js GOARCH=wasm $(GO) build -trimpath -tags=nethttpomithttp2 -o bin/app-names.wasm .
	./$(SERVER) size bin/app-names.wasm web/app.wasm

run: build
	./$(SERVER) -addr $(ADDR) -entra-addr $(ENTRA_ADDR) -graph-addr $(GRAPH_ADDR)

# A production app; STATIC_FLAGS passes -clouds, or -demo for the demo tenant.
STATIC_FLAGS ?=

static: build
	./$(SERVER) static -out static $(STATIC_FLAGS)

# ---------------------------------------------------------------- tests

# The fuzz targets run 2 s each here (make fuzz: 5 s, or FUZZTIME=…): their
# seed corpora already run with the unit tests, and make test stays within
# ten minutes on a 2-core machine.
test: chromium axe wasm_exec.js vet unit
	$(MAKE) fuzz FUZZTIME=2s

# Debian's chromium drives the browser tests. Installed when missing and
# running as root; no test tool may download a browser of its own.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
		echo "the browser tests need Debian's chromium at $(CHROMIUM):"; \
		echo "    sudo apt-get install -y chromium"; \
		exit 1; \
	fi

# npm, to install axe-core: Debian's nodejs and npm when missing and
# running as root, as for chromium.
npm:
	@if command -v npm >/dev/null; then \
		echo "npm: $$(command -v npm)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's nodejs and npm"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm; \
	else \
		echo "the accessibility tests need npm to install axe-core:"; \
		echo "    sudo apt-get install -y nodejs npm"; \
		exit 1; \
	fi

# axe-core $(AXE_VERSION) under $(AXE_CORE), installed again when the pin
# changes; the browser tests read axe.min.js from there.
axe: npm
	@if grep -qs '"version": "$(AXE_VERSION)"' $(AXE_CORE)/package.json; then \
		echo "axe-core $(AXE_VERSION): $(AXE_CORE)"; \
	else \
		mkdir -p $(NPM_CACHE) && \
		npm install --prefix $(NPM_CACHE) --cache $(NPM_CACHE)/cache --no-save --no-package-lock \
			--no-audit --no-fund --ignore-scripts axe-core@$(AXE_VERSION); \
	fi

# The README's screenshots: desktop light, phone, desktop dark, written by
# the accessibility tests when ENROLLASSIGN_SCREENSHOTS=1.
screenshots: chromium axe wasm_exec.js
	ENROLLASSIGN_SCREENSHOTS=1 $(GO) test -count=1 -run '^TestA11y' ./components/e2e

vet:
	@unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then \
		echo "$$unformatted"; echo "gofmt: the files above need formatting"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) build -o /dev/null $(CLIENT_PKGS)
	GOOS=js GOARCH=wasm $(GO) build -o /dev/null .

# The browser tests run in parallel in one package; on a slow or busy
# machine that package can outlast go test's default 10 minutes.
unit:
	$(GO) test -timeout 30m ./...

# Every Fuzz* target of every package, briefly, found in its test files (asking
# each package with `go test -list` linked ~30 test binaries: 35 s of make test);
# one line per target with its executions (the full output on a failure).
# Minimizing is off: with Go's default (60 s per input) a worker that finds
# new coverage spends the rest of a 5 s slot shrinking it, and a machine
# with one core ran 5 to 40 inputs per target. A failing input is still
# saved under testdata/fuzz, unminimized; for a long run that minimizes:
#   make fuzz FUZZTIME=10m FUZZMINIMIZETIME=60s
# Go 1.26's fuzz coordinator may report its own deadline as a failure
# ("context deadline exceeded", no failing input: go.dev/issue/75804, fixed
# in Go 1.27); that run is reported as such, not as a failure.
fuzz:
	@set -e; $(GO) list -f '{{.ImportPath}} {{.Dir}}' ./... | while read -r pkg dir; do \
		for target in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*\*testing\.F).*/\1/p' "$$dir"/*_test.go 2>/dev/null); do \
			note=""; \
			if ! out=$$($(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime=$(FUZZTIME) \
					-fuzzminimizetime=$(FUZZMINIMIZETIME) $$pkg 2>&1); then \
				if echo "$$out" | grep -q 'Failing input written to' || \
						! echo "$$out" | grep -qx '    context deadline exceeded'; then \
					echo "$$out"; echo "fuzz $$pkg $$target: FAIL"; exit 1; \
				fi; \
				note=" (stopped by Go's fuzz deadline race, go.dev/issue/75804: no failing input)"; \
			fi; \
			echo "fuzz $$target ($$pkg, $(FUZZTIME)) $$(echo "$$out" | grep 'execs:' | tail -1 | sed 's/^fuzz: //')$$note"; \
		done; \
	done

# LOADBENCH_FLAGS passes options to the load benchmark, e.g.
# LOADBENCH_FLAGS="-loadbench.runs=9 -loadbench.slow=false".
LOADBENCH_FLAGS ?=

bench: wasm_exec.js chromium
	$(GO) test -run '^$$' -bench . -benchmem $$($(GO) list ./... | grep -v /e2e/loadbench)
	$(MAKE) loadbench

# Builds go-app's floor, the floor with one http.Client request,
# enrollassign, go-app's documented hello served as enrollassign is, and the
# same hello served stock under bin/loadbench, then times them in Chromium,
# alternating; prints the table.
loadbench: chromium
	$(GO) test -run '^$$' -bench '^BenchmarkLoad$$' -benchtime 1x -timeout 60m ./components/e2e/loadbench -args $(LOADBENCH_FLAGS)

clean:
	rm -rf bin static web/app.wasm web/app.wasm.br web/app.wasm.gz wasm_exec.js

.PHONY: FORCE
FORCE:
