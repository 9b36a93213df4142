package graphapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"enrollassign/graph/emulator/internal/ids"
)

// apiError is a Graph refusal. Intune-layer errors (intune) nest a JSON
// document in `message`, as the real workload does; gateway and OData-layer
// errors carry a plain sentence.
type apiError struct {
	status  int
	code    string
	message string
	// intune marks a workload error; phrase is its CustomApiErrorPhrase.
	intune bool
	phrase string
	// header is added to the response (Retry-After, WWW-Authenticate).
	header http.Header
}

func odataError(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func intuneError(status int, code, phrase, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...), intune: true, phrase: phrase}
}

// errorBody is Graph's error envelope.
type errorBody struct {
	Error struct {
		Code       string     `json:"code"`
		Message    string     `json:"message"`
		InnerError innerError `json:"innerError"`
	} `json:"error"`
}

type innerError struct {
	Date            string `json:"date"`
	RequestID       string `json:"request-id"`
	ClientRequestID string `json:"client-request-id"`
}

// intuneMessage is the document Intune nests, as a string, in `message`.
type intuneMessage struct {
	Version              int     `json:"_version"`
	Message              string  `json:"Message"`
	CustomAPIErrorPhrase string  `json:"CustomApiErrorPhrase"`
	RetryAfter           *string `json:"RetryAfter"`
	ErrorSourceService   string  `json:"ErrorSourceService"`
	HTTPHeaders          string  `json:"HttpHeaders"`
}

// body renders the error for one request.
func (e *apiError) body(c *call, now time.Time) []byte {
	var b errorBody
	b.Error.Code = e.code
	b.Error.Message = e.message
	if e.intune {
		b.Error.Message = e.nested(c)
	}
	b.Error.InnerError = innerError{Date: now.UTC().Format("2006-01-02T15:04:05"), RequestID: c.requestID, ClientRequestID: c.clientRequestID}
	raw, _ := json.Marshal(b)
	return raw
}

func (e *apiError) nested(c *call) string {
	url := "https://fef.msua06.manage.microsoft.com/DeviceEnrollmentFE/StatelessDeviceEnrollmentFEService/" +
		strings.Join(c.odataPath(), "/") + "?api-version=5024-09-13"
	m := intuneMessage{
		Version: 3,
		Message: fmt.Sprintf("%s - Operation ID (for customer support): %s - Activity ID: %s - Url: %s - CustomApiErrorPhrase: %s",
			e.message, ids.NewUUID(), c.requestID, url, e.phrase),
		CustomAPIErrorPhrase: e.phrase,
		HTTPHeaders:          "{}",
	}
	raw, _ := json.Marshal(m)
	return string(raw)
}

// Gateway refusals shared by every route.
func errUnknownSegment(segment string) *apiError {
	return odataError(http.StatusBadRequest, "BadRequest", "Resource not found for the segment '%s'.", segment)
}

func errBadJSON() *apiError {
	return odataError(http.StatusBadRequest, "BadRequest",
		"Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.")
}

func errThrottled(retryAfter string) *apiError {
	e := odataError(http.StatusTooManyRequests, "TooManyRequests", "Too many requests. Please retry after the time given in the Retry-After header.")
	e.header = http.Header{"Retry-After": {retryAfter}}
	return e
}
