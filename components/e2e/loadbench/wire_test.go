//go:build !js

package loadbench

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func gzipped(t *testing.T, s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, err := w.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return b.Bytes()
}

func brotlied(t *testing.T, s string) []byte {
	var b bytes.Buffer
	w := brotli.NewWriter(&b)
	_, err := w.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return b.Bytes()
}

func TestResponseRawIsTheDecodedSize(t *testing.T) {
	text := strings.Repeat("the same words again ", 100)
	for _, r := range []Response{
		{Coding: "", Body: []byte(text)},
		{Coding: "gzip", Body: gzipped(t, text)},
		{Coding: "br", Body: brotlied(t, text)},
	} {
		n, err := r.Raw()
		require.NoError(t, err, r.Coding)
		assert.Equal(t, len(text), n, r.Coding)
	}
	_, err := Response{Coding: "zstd", Body: []byte("x")}.Raw()
	assert.Error(t, err)
}

// The proxy passes the browser's Accept-Encoding and the server's coding
// through untouched, and the wire counts every byte the browser received.
func TestWireRecordsWhatTheProxyPassesThrough(t *testing.T) {
	body := gzipped(t, strings.Repeat("compressed ", 200))
	backend := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "gzip", r.Header.Get("Accept-Encoding"))
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(body)
	})}
	var backWire Wire
	ln, err := backWire.Listen()
	require.NoError(t, err)
	go backend.Serve(ln)
	defer backend.Close()

	var w Wire
	base, stop, err := w.Serve(Proxy(&url.URL{Scheme: "http", Host: ln.Addr().String()}))
	require.NoError(t, err)
	defer stop()

	req, err := http.NewRequest(http.MethodGet, base+"/web/app.wasm", nil)
	require.NoError(t, err)
	req.Header.Set("Accept-Encoding", "gzip") // set by hand: the client keeps the body compressed
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, body, got)

	require.Eventually(t, func() bool { return len(w.Responses()) == 1 }, 5*time.Second, 10*time.Millisecond)
	r := w.Responses()[0]
	assert.Equal(t, "/web/app.wasm", r.Path)
	assert.Equal(t, "gzip", r.Coding)
	assert.Equal(t, body, r.Body)
	assert.Greater(t, w.Sent(), int64(len(body)), "headers are on the wire too")
	assert.Less(t, w.Sent(), int64(len(body)+1000))

	w.Reset()
	assert.Zero(t, w.Sent())
	assert.Empty(t, w.Responses())
}

func TestLinkPacesBytes(t *testing.T) {
	var l *Link
	l.pace(1 << 20) // a nil link is loopback: no wait
	l.wait()

	now := time.Now()
	fast := &Link{BytesPerSecond: 1e6}
	fast.pace(1000)
	fast.pace(1000)
	assert.False(t, fast.next.Before(now.Add(2*time.Millisecond)), "2000 bytes at 1 MB/s end 2 ms later at the earliest")
}
