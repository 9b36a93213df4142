# enrollassign — build, serve, test.
#
#   make run     build, then serve the app on 127.0.0.1:8000 with the demo
#                emulator (Entra on :8001, Graph on :8002)
#   make test    everything: vet (native and js/wasm), unit, browser and fuzz tests
#   make static  write the whole PWA to static/ for any static host, with the
#                brotli and gzip variants of every text file beside it
#   make bench   Go benchmarks, then the load benchmark: enrollassign against
#                go-app's floor in headless Chromium (several minutes)
#   make size    what each package's code weighs in app.wasm, raw and brotli
#   make clean   remove build outputs

GO          ?= go
GOROOT      := $(shell $(GO) env GOROOT)
# nethttpomithttp2 leaves Go's HTTP/2 out of the client: under js/wasm,
# net/http sends through the browser's fetch, which speaks HTTP/2 itself,
# and Go's copy was dead code (0.8 MB raw, 0.12 MB brotli).
WASM_FLAGS  := -trimpath -ldflags="-s -w" -tags=nethttpomithttp2
SERVER      := bin/enrollassign
FUZZTIME    ?= 5s
ADDR        ?= 127.0.0.1:8000
ENTRA_ADDR  ?= 127.0.0.1:8001
GRAPH_ADDR  ?= 127.0.0.1:8002
CHROMIUM    ?= /usr/bin/chromium

# Packages that run in the browser must build for js/wasm on their own.
CLIENT_PKGS := ./graph ./graph/auth ./graph/cloud ./graph/bulk ./graph/backup ./components/...

.PHONY: all build precompress run static size test vet unit fuzz bench loadbench chromium clean

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

static: build
	./$(SERVER) static -out static

# ---------------------------------------------------------------- tests

test: chromium wasm_exec.js vet unit fuzz

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

# Every Fuzz* target of every package, briefly, found by asking each package.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime=$(FUZZTIME) $$pkg; \
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
