//go:build !wasm

package server

import (
	"net/http"
	"time"
)

// How long a connection may take at each step, so that a client which
// sends slowly, reads slowly or idles cannot hold one for ever.
const (
	// readHeaderTimeout bounds sending the request line and headers.
	readHeaderTimeout = 10 * time.Second
	// readTimeout bounds the whole request: the app's are GETs without a
	// body, so little more than their headers.
	readTimeout = 20 * time.Second
	// writeTimeout is what a response may take, from the end of its
	// request's headers; a resource gets more, by its size (writeTime).
	writeTimeout = 30 * time.Second
	// idleTimeout closes a keep-alive connection no request has used for
	// that long (browsers reopen one in a round trip).
	idleTimeout = 60 * time.Second
	// maxHeaderBytes bounds a request's headers (Go's default is 1 MB).
	// The app sets no cookie, so a browser's headers are a few hundred
	// bytes to a few kB.
	maxHeaderBytes = 32 << 10
)

// slowestLink is the slowest link, in bytes per second, over which every
// resource must still download in one piece: 1 Mbit/s.
const slowestLink = 1_000_000 / 8

// newHTTPServer serves h within those bounds.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

// writeTime is how long a response of n bytes may take: writeTimeout, plus
// the time n bytes take over the slowest link. app.wasm (16.7 MB; 4.0 MB
// in gzip, 2.8 MB in brotli) thus gets 164 s as it is, 62 s in gzip and
// 52 s in brotli; anything of a few kB about writeTimeout.
func writeTime(n int) time.Duration {
	return writeTimeout + time.Duration(n)*time.Second/slowestLink
}

// allowWriting extends the response's write deadline to writeTime(n) from
// now. A writer without deadlines (a test's recorder) has nothing to extend.
func allowWriting(w http.ResponseWriter, n int) {
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(writeTime(n)))
}
