//go:build !js

package loadbench

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
)

// Wire records what a server sends the browser: every byte written on its
// connections (headers included, exactly), and each response's path,
// content coding and body as sent, to be decoded afterwards for its raw
// size (decoding while the browser loads would steal its CPU).
type Wire struct {
	sent atomic.Int64
	link atomic.Pointer[Link]

	mu        sync.Mutex
	responses []Response
	active    int
	last      time.Time
}

// Response is one answer as it went on the wire.
type Response struct {
	Method, Path string
	Status       int
	// Coding is the Content-Encoding, "" for the identity.
	Coding string
	// Body is the body as sent (compressed when Coding is set).
	Body []byte
}

// Raw is the size of the body decoded: what the browser had to process.
func (r Response) Raw() (int, error) {
	var dec io.Reader
	switch r.Coding {
	case "":
		return len(r.Body), nil
	case "br":
		dec = brotli.NewReader(bytes.NewReader(r.Body))
	case "gzip":
		gz, err := gzip.NewReader(bytes.NewReader(r.Body))
		if err != nil {
			return 0, fmt.Errorf("%s: %w", r.Path, err)
		}
		dec = gz
	default:
		return 0, fmt.Errorf("%s: unknown coding %q", r.Path, r.Coding)
	}
	n, err := io.Copy(io.Discard, dec)
	if err != nil {
		return 0, fmt.Errorf("decoding %s: %w", r.Path, err)
	}
	return int(n), nil
}

// Link is the network the browser reaches the server through: a rate in
// bytes per second shared by all connections, and a round trip each
// response waits before its first byte. The zero Link is loopback as is.
type Link struct {
	Name           string
	BytesPerSecond float64
	RoundTrip      time.Duration

	mu   sync.Mutex
	next time.Time
}

// pace blocks until n more bytes can have crossed the link.
func (l *Link) pace(n int) {
	if l == nil || l.BytesPerSecond == 0 {
		return
	}
	l.mu.Lock()
	now := time.Now()
	if l.next.Before(now) {
		l.next = now
	}
	l.next = l.next.Add(time.Duration(float64(n) / l.BytesPerSecond * float64(time.Second)))
	until := l.next
	l.mu.Unlock()
	time.Sleep(time.Until(until))
}

// wait is the round trip before a response starts.
func (l *Link) wait() {
	if l != nil {
		time.Sleep(l.RoundTrip)
	}
}

// Use sends what follows through l (nil: loopback as is).
func (w *Wire) Use(l *Link) { w.link.Store(l) }

// Reset forgets everything recorded.
func (w *Wire) Reset() {
	w.sent.Store(0)
	w.mu.Lock()
	w.responses = nil
	w.mu.Unlock()
}

// Sent is the number of bytes written to the browser so far.
func (w *Wire) Sent() int64 { return w.sent.Load() }

// Responses copies the responses recorded so far.
func (w *Wire) Responses() []Response {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Response(nil), w.responses...)
}

// Quiet reports whether no response is in progress and none ended within d.
func (w *Wire) Quiet(d time.Duration) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.active == 0 && time.Since(w.last) >= d
}

// Listen is a loopback listener whose connections count what they write.
func (w *Wire) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	return countingListener{Listener: ln, wire: w}, nil
}

// Record wraps a handler so that each of its responses is recorded.
func (w *Wire) Record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.begin()
		w.link.Load().wait()
		rec := &recordingWriter{ResponseWriter: rw, status: http.StatusOK}
		defer func() {
			w.end(Response{
				Method: r.Method, Path: r.URL.Path, Status: rec.status,
				Coding: rw.Header().Get("Content-Encoding"), Body: rec.body.Bytes(),
			})
		}()
		next.ServeHTTP(rec, r)
	})
}

func (w *Wire) begin() {
	w.mu.Lock()
	w.active++
	w.mu.Unlock()
}

func (w *Wire) end(r Response) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.active--
	w.last = time.Now()
	w.responses = append(w.responses, r)
}

type recordingWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recordingWriter) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *recordingWriter) Write(p []byte) (int, error) {
	r.body.Write(p)
	return r.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController (the reverse proxy's flushes) reach
// the connection's writer.
func (r *recordingWriter) Unwrap() http.ResponseWriter { return r.ResponseWriter }

type countingListener struct {
	net.Listener
	wire *Wire
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{Conn: c, wire: l.wire}, nil
}

// countingConn counts what it writes, paced by the wire's link.
type countingConn struct {
	net.Conn
	wire *Wire
}

// The bytes are counted before they are written (and the count mended
// after a short write): counted after, a reader could already hold them
// while Sent does not yet say so.
func (c countingConn) Write(p []byte) (int, error) {
	c.wire.link.Load().pace(len(p))
	c.wire.sent.Add(int64(len(p)))
	n, err := c.Conn.Write(p)
	if n < len(p) {
		c.wire.sent.Add(int64(n - len(p)))
	}
	return n, err
}

// Proxy forwards requests untouched to a backend (Accept-Encoding
// included, and the browser's Host kept), so that every server measured
// sits behind the same hop.
func Proxy(backend *url.URL) http.Handler {
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(backend)
			pr.Out.Host = pr.In.Host
		},
		Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 16},
		// A browser closed at the end of a run cancels what it was still
		// fetching: that is no error worth a line.
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if r.Context().Err() == nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
			}
		},
	}
}

// Serve serves h behind w on a loopback port until stop is called.
func (w *Wire) Serve(h http.Handler) (base string, stop func(), err error) {
	ln, err := w.Listen()
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: w.Record(h), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}
