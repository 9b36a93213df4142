package graph

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// request is one Graph call before it is sent.
type request struct {
	method string
	url    string
	body   []byte      // nil: no body
	header http.Header // extra headers, e.g. ConsistencyLevel
}

// response is a 2xx answer, read in full.
type response struct {
	status int
	header http.Header
	body   []byte
	// sentRequestID is the client-request-id sent, for when the answer's
	// copy is not readable.
	sentRequestID string
}

// responseLimit bounds a success body: a page of configurations with their
// assignments is far smaller, a runaway proxy is not.
const responseLimit = 32 << 20

// do sends r, renewing the token once after a 401 and retrying what
// RetryPolicy allows. Every non-2xx answer becomes an *Error.
func (c *Client) do(ctx context.Context, r request) (response, error) {
	token, err := c.tokens.Token(ctx)
	if err != nil {
		return response{}, fmt.Errorf("getting a token for %s %s: %w", r.method, r.url, err)
	}
	if c.sendCRID {
		r.header = r.header.Clone()
		if r.header == nil {
			r.header = http.Header{}
		}
		r.header.Set("client-request-id", c.requestID())
	}
	start := c.retry.Clock.Now()
	renewed := false
	for attempt := 1; ; attempt++ {
		resp, err := c.send(ctx, r, token)
		if err == nil {
			return resp, nil
		}
		if renewer, ok := c.tokens.(TokenRenewer); ok && !renewed && isStatus(err, http.StatusUnauthorized) {
			renewed = true
			if token, err = renewer.RenewToken(ctx, token); err != nil {
				return response{}, fmt.Errorf("renewing the token for %s %s: %w", r.method, r.url, err)
			}
			attempt--
			continue
		}
		if err := c.waitToRetry(ctx, r, attempt, start, err); err != nil {
			return response{}, err
		}
	}
}

// waitToRetry waits before the next attempt, or returns the error to give up
// with: failed itself when it may not or cannot be retried in time.
func (c *Client) waitToRetry(ctx context.Context, r request, attempt int, start time.Time, failed error) error {
	status, retryAfter := failureFacts(failed)
	if attempt >= c.retry.MaxAttempts || !retryable(r.method, status) {
		return failed
	}
	wait := c.retry.delay(attempt, retryAfter, retryAfter > 0)
	if !c.retry.fits(ctx, start, wait) {
		return failed
	}
	if c.retry.OnRetry != nil {
		c.retry.OnRetry(RetryEvent{Method: r.method, URL: r.url, Attempt: attempt, Status: status,
			Err: failed, Wait: wait, FromRetryAfter: retryAfter > 0})
	}
	if err := c.retry.Clock.Sleep(ctx, wait); err != nil {
		return fmt.Errorf("waiting to retry %s %s: %w; last answer: %w", r.method, r.url, err, failed)
	}
	return nil
}

// failureFacts is the status of a failed attempt (0: no answer, -1: not a
// service failure, such as a cancelled context) and the wait it asked for.
func failureFacts(err error) (int, time.Duration) {
	var ge *Error
	if errors.As(err, &ge) {
		return ge.Status, ge.RetryAfter
	}
	var de *droppedError
	if errors.As(err, &de) {
		return 0, 0
	}
	return -1, 0
}

// send makes one attempt.
func (c *Client) send(ctx context.Context, r request, token string) (response, error) {
	req, err := c.newHTTPRequest(ctx, r, token)
	if err != nil {
		return response{}, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return response{}, fmt.Errorf("%s %s: %w", r.method, r.url, ctx.Err())
		}
		return response{}, &droppedError{method: r.method, url: r.url, err: err}
	}
	defer resp.Body.Close()
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	limit := int64(errorBodyLimit)
	if ok {
		limit = responseLimit
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		if ctx.Err() != nil {
			return response{}, fmt.Errorf("%s %s: %w", r.method, r.url, ctx.Err())
		}
		return response{}, &droppedError{method: r.method, url: r.url, err: err}
	}
	if !ok {
		return response{}, newError(r.method, r.url, resp.StatusCode, resp.Header, body, c.retry.Clock.Now())
	}
	return response{status: resp.StatusCode, header: resp.Header, body: body, sentRequestID: r.header.Get("client-request-id")}, nil
}

func (c *Client) newHTTPRequest(ctx context.Context, r request, token string) (*http.Request, error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return nil, fmt.Errorf("building %s %s: %w", r.method, r.url, err)
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// droppedError is a request that got no answer: the connection failed or
// dropped (in a browser: "Failed to fetch", which a CORS refusal also gives).
type droppedError struct {
	method, url string
	err         error
}

func (e *droppedError) Error() string {
	return "graph: " + e.method + " " + e.url + ": no answer from the service: " + e.err.Error()
}

func (e *droppedError) Unwrap() error { return e.err }

func isStatus(err error, status int) bool {
	var ge *Error
	return errors.As(err, &ge) && ge.Status == status
}

// NewUUID makes a random (version 4) UUID: Graph's client-request-id, and
// any ID the app mints for its own records.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
