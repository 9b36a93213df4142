//go:build !wasm

package server

import (
	"bufio"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveBounded serves h as run does, after shorten has scaled the server's
// bounds down to what a test can wait for; it returns the address.
func serveBounded(t *testing.T, h http.Handler, shorten func(*http.Server)) string {
	t.Helper()
	srv := newHTTPServer(h)
	shorten(srv)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func TestTheServerBoundsEveryConnection(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler())
	assert.Equal(t, 10*time.Second, srv.ReadHeaderTimeout)
	assert.Equal(t, 20*time.Second, srv.ReadTimeout)
	assert.Equal(t, 30*time.Second, srv.WriteTimeout)
	assert.Equal(t, 60*time.Second, srv.IdleTimeout)
	assert.Equal(t, 32<<10, srv.MaxHeaderBytes)
}

func TestAnIdleConnectionIsClosed(t *testing.T) {
	addr := serveBounded(t, newFixture(t).handler(t), func(s *http.Server) { s.IdleTimeout = 300 * time.Millisecond })
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "GET /robots.txt HTTP/1.1\r\nHost: app\r\n\r\n")
	require.NoError(t, err)
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	require.NoError(t, err)
	_, err = io.Copy(io.Discard, resp.Body)
	require.NoError(t, err)
	assert.False(t, resp.Close, "kept alive")

	idle := time.Now()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	_, err = r.ReadByte()
	assert.ErrorIs(t, err, io.EOF, "the server closed the connection")
	assert.Less(t, time.Since(idle), 3*time.Second)
}

func TestAnOversizedHeaderGets431(t *testing.T) {
	addr := serveBounded(t, newFixture(t).handler(t), func(*http.Server) {})
	status := func(headerBytes int) int {
		req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/robots.txt", nil)
		require.NoError(t, err)
		req.Header.Set("X-Padding", strings.Repeat("a", headerBytes))
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusOK, status(16<<10), "a large but plausible header")
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, status(64<<10))
}

// A download that outlasts the server's ReadTimeout and WriteTimeout still
// arrives whole when its bytes need that time on the slowest link; the same
// bytes written by a handler that asks for no more time are cut.
func TestASlowDownloadIsGivenTheTimeItsSizeNeeds(t *testing.T) {
	f := newFixture(t)
	wasm := make([]byte, 8<<20) // random: no compressed variant, and more than the sockets buffer
	_, err := rand.Read(wasm)
	require.NoError(t, err)
	f.write(t, "web/app.wasm", wasm)
	pwa := f.handler(t)
	mux := http.NewServeMux()
	mux.Handle("/", pwa)
	mux.HandleFunc("/no-more-time", func(w http.ResponseWriter, _ *http.Request) { w.Write(wasm) })
	addr := serveBounded(t, mux, func(s *http.Server) { s.ReadTimeout, s.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond })

	slowly := func(path string) (int, error) {
		resp, err := http.Get("http://" + addr + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		var n int
		buf := make([]byte, 64<<10)
		for {
			time.Sleep(8 * time.Millisecond) // about 8 MB/s: the body takes a second
			m, err := resp.Body.Read(buf)
			n += m
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				return n, err
			}
		}
	}
	n, err := slowly("/no-more-time")
	require.True(t, err != nil || n < len(wasm), "the control must be cut, else this test proves nothing")
	n, err = slowly("/web/app.wasm")
	require.NoError(t, err)
	assert.Equal(t, len(wasm), n)
}

func TestWriteTimeCoversTheWasmAtOneMegabit(t *testing.T) {
	for _, tt := range []struct {
		coding string
		bytes  int
	}{{"identity", 16_700_000}, {"gzip", 3_990_000}, {"br", 2_800_000}} {
		atOneMegabit := time.Duration(tt.bytes*8) * time.Second / 1_000_000
		assert.Greater(t, writeTime(tt.bytes), atOneMegabit, tt.coding)
		assert.LessOrEqual(t, writeTime(tt.bytes), atOneMegabit+writeTimeout, tt.coding)
	}
	assert.Equal(t, writeTimeout, writeTime(0))
}
