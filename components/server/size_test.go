//go:build !wasm

package server

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAFunctionIsCountedInThePackageThatDeclaresIt(t *testing.T) {
	pkgs := newPackages([]string{"net", "net/http", "github.com/maxence-charriere/go-app/v10/pkg/app", "enrollassign/components", "enrollassign"})
	for name, want := range map[string]string{
		"net_http.__Transport_.RoundTrip": "net/http",
		"net.Dial":                        "net",
		"github.com_maxence_charriere_go_app_v10_pkg_app.__Engine_.Load": "github.com/maxence-charriere/go-app/v10/pkg/app",
		"enrollassign_components.__Shell_.Render":                        "enrollassign/components",
		"enrollassign.main":         "enrollassign",
		"type_.eq.net_http.Request": "(compiler)",
		"go_buildid":                "(compiler)",
	} {
		assert.Equal(t, want, pkgs.of(name), name)
	}
}

func TestTheStandardLibraryAndModulesAreGrouped(t *testing.T) {
	for pkg, want := range map[string]string{
		"enrollassign/graph/bulk":                                                       "enrollassign/graph/bulk",
		"github.com/maxence-charriere/go-app/v10/pkg/errors":                            "go-app",
		"github.com/AzureAD/microsoft-authentication-library-for-go/apps/internal/json": "MSAL for Go",
		"github.com/golang-jwt/jwt/v5":                                                  "github.com/golang-jwt/jwt",
		"vendor/golang.org/x/net/http2/hpack":                                           "net/http (client, server, HTTP/2)",
		"crypto/internal/fips140/nistec":                                                "crypto/… (TLS, x509, hashes)",
		"encoding/json":                                                                 "encoding/…",
		"runtime":                                                                       "runtime",
	} {
		assert.Equal(t, want, Group(pkg), pkg)
	}
}

// A hand-made binary: one imported function, then two functions of net/http
// and one of runtime, with their names; a data segment of 5 bytes.
func TestReadSizesSplitsTheCodeByPackage(t *testing.T) {
	var w wasmWriter
	w.section(sectionImport, w.vec(1, w.name("go"), w.name("debug"), []byte{0, 0}))
	w.section(sectionCode, w.vec(3, w.body(10), w.body(20), w.body(7)))
	w.section(sectionData, []byte{1, 2, 3, 4, 5})
	w.section(sectionCustom, append(w.name("name"), w.sub(1, w.vec(4,
		w.named(0, "go.debug"), w.named(1, "net_http.Get"), w.named(2, "net_http.__Client_.Do"), w.named(3, "runtime.main")))...))
	rep, err := ReadSizes(w.bytes(), []string{"net/http", "runtime"})
	require.NoError(t, err)
	assert.Len(t, rep.Code["net/http"], 30+2) // the bodies with their local-count byte and code
	assert.Len(t, rep.Code["runtime"], 7+1)
	assert.Equal(t, 5, rep.Data)
	assert.Equal(t, len(w.bytes()), rep.Total)

	_, err = ReadSizes(w.bytesWithout(sectionCustom), nil)
	assert.ErrorContains(t, err, "no function names")
	_, err = ReadSizes([]byte("not wasm at all"), nil)
	assert.Error(t, err)
}

// wasmWriter assembles the few sections ReadSizes reads.
type wasmWriter struct {
	sections []struct {
		id   byte
		body []byte
	}
}

func (w *wasmWriter) section(id byte, body []byte) {
	w.sections = append(w.sections, struct {
		id   byte
		body []byte
	}{id, body})
}

func (w *wasmWriter) bytesWithout(skip byte) []byte {
	out := []byte("\x00asm\x01\x00\x00\x00")
	for _, s := range w.sections {
		if s.id == skip {
			continue
		}
		out = append(out, s.id)
		out = binary.AppendUvarint(out, uint64(len(s.body)))
		out = append(out, s.body...)
	}
	return out
}

func (w *wasmWriter) bytes() []byte { return w.bytesWithout(255) }

func (*wasmWriter) vec(n int, items ...[]byte) []byte {
	return append(binary.AppendUvarint(nil, uint64(n)), bytes.Join(items, nil)...)
}

func (*wasmWriter) name(s string) []byte {
	return append(binary.AppendUvarint(nil, uint64(len(s))), s...)
}

// body is a function body of n bytes of code after its local count.
func (*wasmWriter) body(n int) []byte {
	b := append([]byte{0}, bytes.Repeat([]byte{1}, n)...) // no locals, then n instructions
	return append(binary.AppendUvarint(nil, uint64(len(b))), b...)
}

func (w *wasmWriter) named(index int, s string) []byte {
	return append(binary.AppendUvarint(nil, uint64(index)), w.name(s)...)
}

func (*wasmWriter) sub(id byte, body []byte) []byte {
	return append(binary.AppendUvarint([]byte{id}, uint64(len(body))), body...)
}
