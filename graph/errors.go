package graph

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Error is any answer from Graph outside 2xx, with what support asks for
// (request-id, date) and what the user can do about it (Hint).
type Error struct {
	Status int
	// Code is Graph's error code ("Forbidden", "No method match route template").
	Code string
	// Message is readable: when Intune nests a JSON document in the message,
	// this is that document's own message without its trail of IDs.
	Message string
	// Phrase is Intune's CustomApiErrorPhrase, when it sent one.
	Phrase string
	// Detail is the full message Intune nested (operation and activity IDs,
	// internal URL), for support; empty when the message was plain.
	Detail string

	RequestID, ClientRequestID string
	// Date comes from the error body's innerError: a browser cannot read
	// the Date header.
	Date string
	// RetryAfter is how long the service asked to wait, when it said so in a
	// header the client could read or inside Intune's nested message.
	RetryAfter time.Duration

	Method, URL string
	Body        []byte
}

// Error reads like "graph: PATCH https://…: 403 Forbidden: message (request-id …)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("graph: ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.URL)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.Status))
	if e.Code != "" {
		b.WriteByte(' ')
		b.WriteString(e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Phrase != "" && !strings.Contains(e.Message, e.Phrase) {
		b.WriteString(" (" + e.Phrase + ")")
	}
	if e.RequestID != "" {
		b.WriteString(" [request-id " + e.RequestID + "]")
	}
	return b.String()
}

// routeRefusalCode is what Intune answers when it has no route for a method
// on a path: reported for POST, DELETE and PATCH on assignment paths.
const routeRefusalCode = "No method match route template"

// IsRouteRefusal reports Intune's "No method match route template" 400: the
// service does not accept this method on this path at all.
func (e *Error) IsRouteRefusal() bool {
	return e.Status == http.StatusBadRequest &&
		(strings.EqualFold(e.Code, routeRefusalCode) || strings.Contains(e.Message, "No OData route exists"))
}

// Hint is the sentence to show beside the error: what it means and what to do.
func (e *Error) Hint() string {
	switch {
	case e.IsRouteRefusal():
		return "This service does not accept " + e.Method + " on this path. Assignments can still be changed by replacing the configuration's whole set with the assign action."
	case e.Status == http.StatusBadRequest:
		return "Graph refused the request as invalid. Check the target and IDs; the message says what it objected to."
	case e.Status == http.StatusUnauthorized:
		return "Your sign-in is no longer accepted (it expired, or belongs to another tenant or cloud). Sign in again."
	case e.Status == http.StatusForbidden:
		return e.forbiddenHint()
	case e.Status == http.StatusNotFound:
		return "It does not exist (any more): someone may have deleted it, or the ID is wrong. Reload the list."
	case e.Status == http.StatusConflict:
		return "It conflicts with the current state: someone else may have changed it, or it already exists. Reload and try again."
	case e.Status == http.StatusPreconditionFailed:
		return "It changed after you loaded it. Reload to see the current version before saving again."
	case e.Status == http.StatusTooManyRequests:
		return "Microsoft Graph is throttling this tenant's Intune requests. " + e.waitAdvice()
	case e.Status >= 500:
		return "Microsoft Graph or Intune failed to answer (" + strconv.Itoa(e.Status) + "). " + e.waitAdvice() + e.supportAdvice()
	}
	return ""
}

// IsScopeRefusal reports a 403 for want of a permission in the token:
// Intune names the scopes the application must have, the directory
// answers Authorization_RequestDenied.
func (e *Error) IsScopeRefusal() bool {
	return e.Status == http.StatusForbidden && (strings.EqualFold(e.Code, "Authorization_RequestDenied") ||
		strings.Contains(e.Message, "Application is not authorized") || strings.Contains(e.Message, "following scopes"))
}

// IsRoleRefusal reports Intune's 403 for a user whose Intune role does not
// allow the request: the token's permission was fine (Entra does not
// narrow it for the role), so the message names no scope.
func (e *Error) IsRoleRefusal() bool {
	return e.Status == http.StatusForbidden && strings.Contains(e.URL, "/deviceManagement/") && !e.IsScopeRefusal()
}

// IntuneWriteRoles are the Intune roles that may change enrollment
// configuration assignments.
const IntuneWriteRoles = "Intune Administrator or Policy and Profile Manager"

func (e *Error) forbiddenHint() string {
	if strings.Contains(e.URL, "/assignmentFilters") {
		return "The signed-in account may not read assignment filters: the app needs the permission " + FilterReadPermission +
			" with admin consent. Filters are shown by ID until then, and cannot be changed here."
	}
	if e.IsRoleRefusal() && e.Method == http.MethodGet {
		return "Intune refused to show this to your account: your Intune role does not include reading device enrollment configurations (Read Only Operator and the roles above it do). The app's permission is fine."
	}
	if e.IsRoleRefusal() {
		return "Intune refused this change because your Intune role does not allow it (the app's permission is fine). The " + IntuneWriteRoles +
			" role allows it: ask an administrator to assign one, then try again."
	}
	if strings.Contains(e.URL, "/groups") {
		return "The signed-in account may not read groups: the app needs GroupMember.Read.All (or Group.Read.All) with admin consent."
	}
	need := "DeviceManagementServiceConfig.ReadWrite.All"
	if e.Method == http.MethodGet {
		need = "DeviceManagementServiceConfig.Read.All or " + need
	}
	return "The signed-in account may not do this: the app needs the permission " + need +
		" with admin consent, the account needs an Intune role that allows it, and the tenant an active Intune licence."
}

func (e *Error) waitAdvice() string {
	if e.RetryAfter > 0 {
		return "Wait " + roundedSeconds(e.RetryAfter) + " before trying again."
	}
	return "Wait a minute before trying again."
}

func (e *Error) supportAdvice() string {
	if e.RequestID == "" {
		return ""
	}
	s := " If it persists, give Microsoft support the request-id " + e.RequestID
	if e.Date != "" {
		s += " and date " + e.Date
	}
	return s + "."
}

// roundedSeconds writes d as whole seconds, rounded up: "3 seconds".
func roundedSeconds(d time.Duration) string {
	n := int64((d + time.Second - 1) / time.Second)
	if n == 1 {
		return "1 second"
	}
	return strconv.FormatInt(n, 10) + " seconds"
}

// graphErrorBody is Graph's error document. OData writes "innererror",
// Graph "innerError": both are read.
type graphErrorBody struct {
	Error *struct {
		Code       string      `json:"code"`
		Message    string      `json:"message"`
		InnerError *innerError `json:"innerError"`
		InnerLower *innerError `json:"innererror"`
	} `json:"error"`
}

type innerError struct {
	Date            string `json:"date"`
	RequestID       string `json:"request-id"`
	ClientRequestID string `json:"client-request-id"`
}

// intuneMessage is the JSON document Intune puts, as a string, in
// error.message.
type intuneMessage struct {
	Message              string          `json:"Message"`
	CustomApiErrorPhrase string          `json:"CustomApiErrorPhrase"`
	RetryAfter           json.RawMessage `json:"RetryAfter"`
	HTTPHeaders          string          `json:"HttpHeaders"`
}

// errorBodyLimit bounds how much of an error body is kept.
const errorBodyLimit = 1 << 20

// newError reads a non-2xx response into an Error. It never fails: a body
// that is not Graph's JSON (a proxy's HTML page, nothing at all) still gives
// a status, a readable message and whatever headers were visible.
func newError(method, url string, status int, header http.Header, body []byte, now time.Time) *Error {
	e := &Error{Status: status, Method: method, URL: url, Body: body}
	if !e.readGraphBody(body, now) {
		e.Message = plainMessage(status, header.Get("Content-Type"), body)
	}
	e.RequestID = firstNonEmpty(e.RequestID, header.Get("request-id"))
	e.ClientRequestID = firstNonEmpty(e.ClientRequestID, header.Get("client-request-id"))
	e.Date = firstNonEmpty(e.Date, header.Get("Date"))
	if d, ok := parseRetryAfter(header.Get("Retry-After"), now); ok {
		e.RetryAfter = d
	}
	return e
}

// readGraphBody fills e from Graph's error document, reporting whether
// body was one.
func (e *Error) readGraphBody(body []byte, now time.Time) bool {
	var doc graphErrorBody
	if json.Unmarshal(body, &doc) != nil || doc.Error == nil {
		return false
	}
	e.Code = doc.Error.Code
	e.Message = doc.Error.Message
	inner := doc.Error.InnerError
	if inner == nil {
		inner = doc.Error.InnerLower
	}
	if inner != nil {
		e.RequestID, e.ClientRequestID, e.Date = inner.RequestID, inner.ClientRequestID, inner.Date
	}
	e.readIntuneMessage(now)
	if e.Message == "" {
		e.Message = statusText(e.Status)
	}
	return true
}

// readIntuneMessage parses the JSON document Intune nests in the message,
// when there is one, and surfaces its readable part.
func (e *Error) readIntuneMessage(now time.Time) {
	trimmed := strings.TrimSpace(e.Message)
	if !strings.HasPrefix(trimmed, "{") {
		return
	}
	var m intuneMessage
	if json.Unmarshal([]byte(trimmed), &m) != nil || (m.Message == "" && m.CustomApiErrorPhrase == "") {
		return
	}
	e.Detail = m.Message
	e.Phrase = m.CustomApiErrorPhrase
	e.Message = readablePart(m.Message)
	if e.Message == "" {
		e.Message = m.CustomApiErrorPhrase
	}
	if d, ok := intuneRetryAfter(m, now); ok {
		e.RetryAfter = d
	}
}

// readablePart cuts Intune's trail (" - Operation ID (for customer
// support): … - Activity ID: … - Url: …") off a message.
func readablePart(msg string) string {
	for _, marker := range []string{" - Operation ID", " - Activity ID", " - Url:", " - CustomApiErrorPhrase"} {
		if i := strings.Index(msg, marker); i >= 0 {
			msg = msg[:i]
		}
	}
	return strings.TrimSpace(msg)
}

// intuneRetryAfter reads the wait Intune states in its nested message,
// readable where the Retry-After header is hidden from the browser.
func intuneRetryAfter(m intuneMessage, now time.Time) (time.Duration, bool) {
	raw := strings.Trim(string(bytes.TrimSpace(m.RetryAfter)), `"`)
	if raw != "" && raw != "null" {
		if d, ok := parseRetryAfter(raw, now); ok {
			return d, true
		}
	}
	var headers map[string]string
	if json.Unmarshal([]byte(m.HTTPHeaders), &headers) != nil {
		return 0, false
	}
	for k, v := range headers {
		if strings.EqualFold(k, "Retry-After") {
			return parseRetryAfter(v, now)
		}
	}
	return 0, false
}

// plainMessage summarises a body that is not Graph's JSON: an HTML page's
// title or its text, plain text as is, cut short.
func plainMessage(status int, contentType string, body []byte) string {
	text := strings.TrimSpace(string(body))
	if strings.Contains(contentType, "html") || strings.HasPrefix(text, "<") {
		text = htmlSummary(text)
	}
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return statusText(status)
	}
	const limit = 200
	if len(text) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text
}

// statusText names any status, even one net/http does not know.
func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "HTTP status " + strconv.Itoa(status)
}

// htmlSummary is an HTML page's <title>, or its text without tags.
func htmlSummary(page string) string {
	lower := strings.ToLower(page)
	if i := strings.Index(lower, "<title>"); i >= 0 {
		if j := strings.Index(lower[i:], "</title>"); j >= 0 {
			if t := strings.TrimSpace(page[i+len("<title>") : i+j]); t != "" {
				return t
			}
		}
	}
	var b strings.Builder
	inTag := false
	for _, r := range page {
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
			b.WriteByte(' ')
		case !inTag:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// ValidationError is a request refused before it was sent, naming the field.
type ValidationError struct {
	Field, Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

// Warning is something worth showing that does not stop a request.
type Warning struct {
	Field, Message string
}

// ConflictError says the configuration's assignments changed between the
// moment the user loaded them and the moment the client was about to replace
// them: nothing was written, so nobody's change was overwritten.
type ConflictError struct {
	Configuration string // ID of the configuration
	Reason        string
	Expected      []Assignment // as the user loaded them
	Actual        []Assignment // as the service has them now
}

func (e *ConflictError) Error() string {
	return "graph: the assignments of configuration " + e.Configuration +
		" changed since they were loaded (" + e.Reason + "); nothing was written, reload before saving"
}
