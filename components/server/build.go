//go:build !wasm

package server

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// wasmPath is where go-app's loader fetches the app from.
const wasmPath = "/web/app.wasm"

// startupCompressLimit is the largest resource the server compresses itself
// when it starts and the build left no variant for it (the CSS, an SVG);
// anything larger (app.wasm) is the build's job: brotli 11 takes seconds.
const startupCompressLimit = 256 << 10

// build is what a directory laid out by `make build` holds: web/ (app.wasm,
// its .br/.gz variants, CSS, icons) and the toolchain's wasm_exec.js.
type build struct {
	// web maps a URL path ("/web/app.css") to its resource.
	web      map[string]*resource
	wasmExec []byte
	// digest is app.wasm's SHA-256, the service worker's check of it.
	digest [sha256.Size]byte
	// files is the SHA-256 of every file's path and bytes, read once: each
	// handler's version starts from it (hashing 25 MB again per handler
	// cost every browser test's rig ~50 ms of a core).
	files [sha256.Size]byte
}

// Build is a client build read into memory, its compressed variants
// checked against it: one process serving the same build under several
// configurations (the browser tests, one per emulator) reads and checks
// it once. NewPWA reads Root itself when given none.
type Build struct{ b *build }

// LoadBuild reads root (web/ and wasm_exec.js) into memory.
func LoadBuild(root string, logf func(string, ...any)) (*Build, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	b, err := loadBuild(root, logf)
	if err != nil {
		return nil, err
	}
	return &Build{b: b}, nil
}

// loadBuild reads root into memory, so that what is served is one build
// from start to end even if `make build` rewrites the files meanwhile.
func loadBuild(root string, logf func(string, ...any)) (*build, error) {
	wasmExec, err := os.ReadFile(filepath.Join(root, "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("the toolchain's wasm_exec.js is missing (make build copies it): %w", err)
	}
	web, err := loadWeb(filepath.Join(root, "web"), logf)
	if err != nil {
		return nil, err
	}
	if _, ok := web[wasmPath]; !ok {
		return nil, fmt.Errorf("%s is missing: run make build", filepath.Join(root, "web", "app.wasm"))
	}
	b := &build{web: web, wasmExec: wasmExec, digest: sha256.Sum256(web[wasmPath].raw)}
	b.files = b.sumFiles()
	return b, nil
}

// sumFiles sums every file's path and bytes; app.wasm enters by its digest,
// already taken, rather than its 18 MB hashed a second time.
func (b *build) sumFiles() [sha256.Size]byte {
	sum := sha256.New()
	for _, p := range sortedKeys(b.web) {
		io.WriteString(sum, p+"\x00")
		if p == wasmPath {
			sum.Write(b.digest[:])
			continue
		}
		sum.Write(b.web[p].raw)
	}
	sum.Write(b.wasmExec)
	return [sha256.Size]byte(sum.Sum(nil))
}

// loadWeb reads the regular files of dir (web/ is flat) with their variants.
func loadWeb(dir string, logf func(string, ...any)) (map[string]*resource, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is missing: run make build", filepath.Join(dir, "app.wasm"))
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	web := map[string]*resource{}
	for _, e := range entries {
		if !e.Type().IsRegular() || isVariantOrTemp(e.Name()) {
			continue
		}
		res, err := loadFile(filepath.Join(dir, e.Name()), logf)
		if err != nil {
			return nil, err
		}
		web["/web/"+e.Name()] = res
	}
	return web, nil
}

// isVariantOrTemp tells the files that are not resources of their own: the
// compressed variants and a half-written one.
func isVariantOrTemp(name string) bool {
	if strings.HasPrefix(name, ".") {
		return true
	}
	for _, c := range codings {
		if strings.HasSuffix(name, c.suffix) {
			return true
		}
	}
	return false
}

func loadFile(path string, logf func(string, ...any)) (*resource, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	vs, stale, err := readVariants(path, raw)
	if err != nil {
		return nil, err
	}
	for _, s := range stale {
		logf("%s is not %s compressed (left by another build?): not serving it; make build rewrites it", s, filepath.Base(path))
	}
	if len(vs) == 0 && compressible(path) {
		if vs, err = compressAtStartup(path, raw, logf); err != nil {
			return nil, err
		}
	}
	return newResource(contentTypeOf(path), raw, vs), nil
}

func compressAtStartup(path string, raw []byte, logf func(string, ...any)) (variants, error) {
	if len(raw) > startupCompressLimit {
		logf("%s has no compressed variants: serving it uncompressed (make build writes them)", path)
		return variants{}, nil
	}
	vs, err := compressAll(raw)
	if err != nil {
		return nil, fmt.Errorf("compressing %s: %w", path, err)
	}
	return vs, nil
}

// wasm is app.wasm as built.
func (b *build) wasm() []byte { return b.web[wasmPath].raw }

// version names everything the browser caches, so that any change to a
// resource, the glue, the service worker or the client's environment
// installs a new service worker (and shows go-app's update prompt), while a
// restart of the same build does not.
func (b *build) version(env map[string]string, worker string) string {
	sum := sha256.New()
	sum.Write(b.files[:])
	io.WriteString(sum, worker)
	for _, k := range sortedKeys(env) {
		io.WriteString(sum, k+"="+env[k]+"\x00")
	}
	return hex.EncodeToString(sum.Sum(nil))[:16]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
