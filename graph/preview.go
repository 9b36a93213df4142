package graph

import (
	"net/http"
	"strconv"
)

// RequestPreview is the write UpdateAssignment will send next, for the user
// to read before saving. The token is never shown.
type RequestPreview struct {
	Method, URL string
	Headers     http.Header
	// Body is the exact bytes, or nil when they depend on a read not yet
	// made (assign without the loaded set).
	Body     []byte
	Strategy Strategy
	// Note says in words what happens and why this strategy.
	Note string
	// Request is the same write as a value, for the snippets in other
	// languages; nil when its body depends on a read not yet made.
	Request *Request
}

// Preview shows what UpdateAssignment(u) will send next, without sending
// anything. It refuses what UpdateAssignment would refuse.
func (c *Client) Preview(u Update) (RequestPreview, error) {
	next, err := u.check()
	if err != nil {
		return RequestPreview{}, err
	}
	strategy := c.strategyFor(u.Strategy)
	if strategy == StrategyPatch {
		k, err := patchCall(u.Configuration.ID, next)
		if err != nil {
			return RequestPreview{}, err
		}
		return c.preview(k, strategy, c.patchNote(u.Strategy)), nil
	}
	return c.previewAssign(u, next)
}

func (c *Client) previewAssign(u Update, next Assignment) (RequestPreview, error) {
	set := append([]Assignment(nil), u.loaded()...)
	i := indexOf(set, next.ID)
	if i >= 0 {
		set[i] = set[i].WithTarget(u.After.keeping(set[i].Target))
	}
	k, err := assignCall(u.Configuration.ID, set)
	if err != nil {
		return RequestPreview{}, err
	}
	note := "The configuration's whole set of assignments is replaced with the assign action. Before sending, the client reads the set again and sends nothing if it differs from what you loaded."
	if c.patchRefused.Load() && u.Strategy == StrategyAuto {
		note = "This service refused the documented PATCH, so " + lowerFirst(note)
	}
	if c != c.beta {
		note += " The set is read and sent through beta, so that what " + c.APIVersion() + " does not show (assignment filters, source) is kept."
	}
	p := c.beta.preview(k, StrategyAssign, note)
	if i < 0 {
		p.Body, p.Request = nil, nil
		p.Note += " The body is built from that read, with " + next.ID + " changed."
	} else {
		p.Note += " " + strconv.Itoa(len(set)) + " assignments are sent."
	}
	return p, nil
}

func (c *Client) patchNote(s Strategy) string {
	note := "The documented update: only this assignment's target is sent. Before sending, the client reads the assignment again and sends nothing if it changed since you loaded it."
	if c != c.beta {
		note += " If it carries an assignment filter, which " + c.APIVersion() + " does not show and a PATCH through " + c.APIVersion() + " would drop, the PATCH goes through beta with the filter kept."
	}
	if s == StrategyAuto {
		note += " If the service refuses it with \"No method match route template\", the client falls back to the assign action (re-read, check, replace the whole set)."
	}
	return note
}

func (c *Client) preview(k call, s Strategy, note string) RequestPreview {
	h := http.Header{}
	h.Set("Authorization", "Bearer <redacted>")
	h.Set("Accept", "application/json")
	if k.body != nil {
		h.Set("Content-Type", "application/json")
	}
	if c.sendCRID {
		h.Set("client-request-id", "<a new UUID for each request>")
	}
	r := c.describe(k)
	return RequestPreview{Method: k.method, URL: c.request(k).url, Headers: h, Body: k.body, Strategy: s, Note: note, Request: &r}
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
