//go:build !wasm

package server

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Compression settings: the strongest each format has. Brotli 11 with a
// 16 MiB window takes about 30 s on a 15 MB app.wasm, which is why it runs
// once per build (make build, make static) and never per request.
const (
	brotliQuality = 11
	brotliWindow  = 24
	gzipLevel     = gzip.BestCompression
)

// A variant is kept only for a resource of at least minCompressed bytes
// that it makes at least 10% smaller: below that, the Vary header and a
// second file cost more than they save.
const minCompressed = 512

func worthKeeping(raw, compressed int) bool {
	return raw >= minCompressed && compressed*10 <= raw*9
}

// compressibleExt are the extensions of resources a content coding shrinks;
// images such as PNG are compressed already.
var compressibleExt = map[string]bool{
	".html": true, ".js": true, ".mjs": true, ".css": true, ".json": true,
	".webmanifest": true, ".svg": true, ".wasm": true, ".txt": true, ".xml": true,
	".map": true,
}

func compressible(name string) bool {
	return compressibleExt[strings.ToLower(filepath.Ext(name))]
}

// encode compresses raw in one coding.
func encode(coding string, raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	var w io.WriteCloser
	switch coding {
	case encodingBrotli:
		w = brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotliQuality, LGWin: brotliWindow})
	case encodingGzip:
		gz, err := gzip.NewWriterLevel(&buf, gzipLevel)
		if err != nil {
			return nil, err
		}
		w = gz
	default:
		return nil, fmt.Errorf("unknown content coding %q", coding)
	}
	if _, err := w.Write(raw); err != nil {
		return nil, fmt.Errorf("compressing with %s: %w", coding, err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("compressing with %s: %w", coding, err)
	}
	return buf.Bytes(), nil
}

// decode undoes encode.
func decode(coding string, body []byte) ([]byte, error) {
	var r io.Reader
	switch coding {
	case encodingBrotli:
		r = brotli.NewReader(bytes.NewReader(body))
	case encodingGzip:
		gz, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		r = gz
	default:
		return nil, fmt.Errorf("unknown content coding %q", coding)
	}
	return io.ReadAll(r)
}

// variants maps a content coding to the resource's bytes in it.
type variants map[string][]byte

// compressAll makes every worthwhile variant of raw, the codings in parallel.
func compressAll(raw []byte) (variants, error) {
	out := variants{}
	if len(raw) < minCompressed {
		return out, nil
	}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
	)
	for _, c := range codings {
		wg.Go(func() {
			body, err := encode(c.name, raw)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				errs = append(errs, err)
			case worthKeeping(len(raw), len(body)):
				out[c.name] = body
			}
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// readVariants reads the variant files beside path (path.br, path.gz) and
// keeps those that decode to raw exactly: a variant left by an earlier build
// is never served for this one.
func readVariants(path string, raw []byte) (kept variants, stale []string, err error) {
	kept = variants{}
	for _, c := range codings {
		body, err := os.ReadFile(path + c.suffix)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("reading %s: %w", path+c.suffix, err)
		}
		if decoded, err := decode(c.name, body); err != nil || !bytes.Equal(decoded, raw) {
			stale = append(stale, path+c.suffix)
			continue
		}
		kept[c.name] = body
	}
	return kept, stale, nil
}

// writeVariants writes path.br and path.gz for the bytes raw of path,
// reusing files already right, and removes a variant no longer worth keeping.
func writeVariants(path string, raw []byte) (variants, error) {
	kept, _, err := readVariants(path, raw)
	if err != nil {
		return nil, err
	}
	if len(kept) == len(codings) {
		return kept, nil
	}
	made, err := compressAll(raw)
	if err != nil {
		return nil, fmt.Errorf("compressing %s: %w", path, err)
	}
	for _, c := range codings {
		if _, ok := kept[c.name]; ok {
			continue
		}
		body, ok := made[c.name]
		if !ok {
			if err := os.Remove(path + c.suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("removing %s: %w", path+c.suffix, err)
			}
			continue
		}
		if err := writeFileAtomically(path+c.suffix, body); err != nil {
			return nil, err
		}
		kept[c.name] = body
	}
	return kept, nil
}

// writeFileAtomically replaces a file in one rename, so a server starting
// meanwhile reads the old variant or the new one, never half of one.
func writeFileAtomically(path string, body []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// Precompress writes the brotli and gzip variants of each file (unless it
// already has right ones), for the server and for static hosts to send to
// browsers that accept them. It returns one line per file for the build log.
func Precompress(paths ...string) ([]string, error) {
	var report []string
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			return report, fmt.Errorf("precompressing: %w", err)
		}
		vs, err := writeVariants(path, raw)
		if err != nil {
			return report, err
		}
		report = append(report, describe(path, len(raw), vs))
	}
	return report, nil
}

// describe is a build log line: "web/app.wasm: 15.1 MB, br 2.6 MB, gzip 3.6 MB".
func describe(path string, raw int, vs variants) string {
	line := fmt.Sprintf("%s: %s", path, megabytes(raw))
	for _, c := range codings {
		if body, ok := vs[c.name]; ok {
			line += fmt.Sprintf(", %s %s", c.name, megabytes(len(body)))
		}
	}
	return line
}

func megabytes(n int) string {
	if n < 100_000 {
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.2f MB", float64(n)/1e6)
}
