//go:build !wasm

package server

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/andybalholm/brotli"
)

// SizeReport is what each package's code takes in a Go js/wasm binary:
// `enrollassign size FILE` prints it for `make size`. The binary must keep
// its function names (built without -ldflags=-s); the code of a build with
// -s -w is the same, only the names section is dropped.
type SizeReport struct {
	// Code is the code section's bytes by package; Data holds the data
	// segments (strings, type descriptors, the runtime's tables), which
	// carry no package name; Other is the rest of the file.
	Code        map[string][]byte
	Data, Other int
	Total       int
}

// wasm section ids.
const (
	sectionCustom = 0
	sectionImport = 2
	sectionCode   = 10
	sectionData   = 11
)

// ReadSizes reads a js/wasm binary's sections and groups its functions'
// code by the package that declares them, among importPaths (the build's
// `go list -deps`).
func ReadSizes(wasm []byte, importPaths []string) (SizeReport, error) {
	if len(wasm) < 8 || !bytes.Equal(wasm[:4], []byte("\x00asm")) {
		return SizeReport{}, errors.New("not a WebAssembly binary")
	}
	rep := SizeReport{Code: map[string][]byte{}, Total: len(wasm)}
	var imported int
	var bodies [][]byte
	var names map[int]string
	r := bytes.NewReader(wasm[8:])
	for r.Len() > 0 {
		id, err := r.ReadByte()
		if err != nil {
			return rep, err
		}
		size, err := binary.ReadUvarint(r)
		if err != nil {
			return rep, fmt.Errorf("section %d: %w", id, err)
		}
		body := make([]byte, size)
		if _, err := io.ReadFull(r, body); err != nil {
			return rep, fmt.Errorf("section %d: %w", id, err)
		}
		switch id {
		case sectionImport:
			if imported, err = importedFunctions(body); err != nil {
				return rep, err
			}
		case sectionCode:
			if bodies, err = functionBodies(body); err != nil {
				return rep, err
			}
		case sectionData:
			rep.Data += len(body)
		case sectionCustom:
			if n, err := functionNames(body); err == nil && n != nil {
				names = n
			}
		}
	}
	if names == nil {
		return rep, errors.New("the binary has no function names: build it without -ldflags=-s")
	}
	code := 0
	pkgs := newPackages(importPaths)
	for i, b := range bodies {
		pkg := pkgs.of(names[imported+i])
		rep.Code[pkg] = append(rep.Code[pkg], b...)
		code += len(b)
	}
	rep.Other = rep.Total - code - rep.Data
	return rep, nil
}

// importedFunctions counts the function imports, which come first in the
// function index space.
func importedFunctions(section []byte) (int, error) {
	r := bytes.NewReader(section)
	count, err := binary.ReadUvarint(r)
	if err != nil {
		return 0, err
	}
	funcs := 0
	for range count {
		for range 2 { // module and field names
			if err := skipName(r); err != nil {
				return 0, err
			}
		}
		kind, err := r.ReadByte()
		if err != nil {
			return 0, err
		}
		switch kind {
		case 0: // function: a type index
			funcs++
			_, err = binary.ReadUvarint(r)
		case 1: // table: element type and limits
			if _, err = r.ReadByte(); err == nil {
				err = skipLimits(r)
			}
		case 2: // memory: limits
			err = skipLimits(r)
		case 3: // global: value type and mutability
			_, err = r.Seek(2, io.SeekCurrent)
		default:
			return 0, fmt.Errorf("import of unknown kind %d", kind)
		}
		if err != nil {
			return 0, err
		}
	}
	return funcs, nil
}

func skipName(r *bytes.Reader) error {
	n, err := binary.ReadUvarint(r)
	if err == nil {
		_, err = r.Seek(int64(n), io.SeekCurrent)
	}
	return err
}

func skipLimits(r *bytes.Reader) error {
	flags, err := r.ReadByte()
	if err != nil {
		return err
	}
	if _, err := binary.ReadUvarint(r); err != nil {
		return err
	}
	if flags&1 != 0 {
		_, err = binary.ReadUvarint(r)
	}
	return err
}

// functionBodies splits the code section into each function's body.
func functionBodies(section []byte) ([][]byte, error) {
	r := bytes.NewReader(section)
	count, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, err
	}
	bodies := make([][]byte, 0, count)
	for range count {
		size, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, err
		}
		start := len(section) - r.Len()
		if uint64(r.Len()) < size {
			return nil, errors.New("a function body runs past the code section")
		}
		bodies = append(bodies, section[start:start+int(size)])
		if _, err := r.Seek(int64(size), io.SeekCurrent); err != nil {
			return nil, err
		}
	}
	return bodies, nil
}

// functionNames reads the "name" custom section's function names by index;
// nil for another custom section.
func functionNames(section []byte) (map[int]string, error) {
	r := bytes.NewReader(section)
	n, err := binary.ReadUvarint(r)
	if err != nil || n != 4 {
		return nil, err
	}
	name := make([]byte, 4)
	if _, err := io.ReadFull(r, name); err != nil || string(name) != "name" {
		return nil, err
	}
	for r.Len() > 0 {
		id, err := r.ReadByte()
		if err != nil {
			return nil, err
		}
		size, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, err
		}
		if id != 1 { // not the function names
			if _, err := r.Seek(int64(size), io.SeekCurrent); err != nil {
				return nil, err
			}
			continue
		}
		count, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, err
		}
		names := make(map[int]string, count)
		for range count {
			index, err := binary.ReadUvarint(r)
			if err != nil {
				return nil, err
			}
			length, err := binary.ReadUvarint(r)
			if err != nil {
				return nil, err
			}
			b := make([]byte, length)
			if _, err := io.ReadFull(r, b); err != nil {
				return nil, err
			}
			names[int(index)] = string(b)
		}
		return names, nil
	}
	return nil, nil
}

// packages names the package of a function by its name in the binary,
// where the linker has replaced every character but letters, digits, '_'
// and '.' with '_' ("net/http.(*Transport).RoundTrip" is
// "net_http.__Transport_.RoundTrip"): the longest of the build's import
// paths, so written, that the name starts with, followed by a dot.
type packages map[string]string

var notInWasmNames = regexp.MustCompile(`[^\w.]`)

// newPackages knows the import paths of a build (`go list -deps`).
func newPackages(paths []string) packages {
	p := packages{}
	for _, path := range paths {
		p[notInWasmNames.ReplaceAllString(path, "_")] = path
	}
	return p
}

// of is a function's package; "(compiler)" for what the compiler and
// linker make (type equality functions, wrappers, the build ID).
func (p packages) of(fn string) string {
	best := ""
	for i := 0; i < len(fn); i++ {
		if fn[i] != '.' {
			continue
		}
		if path, ok := p[fn[:i]]; ok {
			best = path
		}
	}
	if best == "" {
		return "(compiler)"
	}
	return best
}

// Group is the line a package is counted in: the app's packages each on
// their own, every other module as a whole, the standard library by its
// first path elements (net/http apart from net, crypto/… together).
func Group(pkg string) string {
	switch {
	case pkg == "enrollassign" || strings.HasPrefix(pkg, "enrollassign/"):
		return pkg
	case strings.HasPrefix(pkg, "github.com/maxence-charriere/go-app/"):
		return "go-app"
	case strings.HasPrefix(pkg, "github.com/AzureAD/microsoft-authentication-library-for-go/"):
		return "MSAL for Go"
	case strings.Contains(strings.SplitN(pkg, "/", 2)[0], "."):
		parts := strings.SplitN(pkg, "/", 4)
		return strings.Join(parts[:min(3, len(parts))], "/")
	case strings.HasPrefix(pkg, "net/http"), strings.HasPrefix(pkg, "vendor/golang.org/x/net/http"):
		return "net/http (client, server, HTTP/2)"
	case strings.HasPrefix(pkg, "crypto/"), strings.HasPrefix(pkg, "vendor/golang.org/x/crypto/"):
		return "crypto/… (TLS, x509, hashes)"
	case strings.HasPrefix(pkg, "encoding/"):
		return "encoding/…"
	}
	return pkg
}

// sizeLine is one line of the printed table.
type sizeLine struct {
	name        string
	raw, brotli int
}

// Lines groups the report's code by Group and measures each group's
// brotli size on its own (quality q; a group compressed alone is a little
// larger than its share of the whole file).
func (rep SizeReport) Lines(quality int) ([]sizeLine, error) {
	groups := map[string][]byte{}
	for pkg, code := range rep.Code {
		g := Group(pkg)
		groups[g] = append(groups[g], code...)
	}
	var lines []sizeLine
	for name, code := range groups {
		n, err := brotliSize(code, quality)
		if err != nil {
			return nil, err
		}
		lines = append(lines, sizeLine{name: name, raw: len(code), brotli: n})
	}
	slices.SortFunc(lines, func(a, b sizeLine) int { return b.raw - a.raw })
	return lines, nil
}

func brotliSize(b []byte, quality int) (int, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, quality)
	if _, err := w.Write(b); err != nil {
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	return buf.Len(), nil
}

// Print writes the table: every group of at least minRaw bytes of code, the
// rest summed, the data and the file's total.
func (rep SizeReport) Print(w io.Writer, lines []sizeLine, minRaw int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "code of\traw (MB)\tbrotli alone (MB)\t")
	var rest sizeLine
	for _, l := range lines {
		if l.raw < minRaw {
			rest.raw, rest.brotli = rest.raw+l.raw, rest.brotli+l.brotli
			continue
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t\n", l.name, mb(l.raw), mb(l.brotli))
	}
	fmt.Fprintf(tw, "every other package\t%.3f\t%.3f\t\n", mb(rest.raw), mb(rest.brotli))
	fmt.Fprintf(tw, "data (strings, types, the runtime's tables)\t%.3f\t\t\n", mb(rep.Data))
	fmt.Fprintf(tw, "the rest of the file\t%.3f\t\t\n", mb(rep.Other))
	fmt.Fprintf(tw, "app.wasm with names\t%.3f\t\t\n", mb(rep.Total))
	tw.Flush()
}

func mb(n int) float64 { return float64(n) / 1e6 }
