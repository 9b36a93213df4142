package graph

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// intuneNested is the shape Intune nests in error.message (as reported in
// microsoftgraph/powershell-intune-samples#89), with this test's values.
func intuneNested(message, phrase, retryAfter, headers string) string {
	return "{\r\n  \"_version\": 3,\r\n  \"Message\": " + strconv.Quote(message) +
		",\r\n  \"CustomApiErrorPhrase\": " + strconv.Quote(phrase) +
		",\r\n  \"RetryAfter\": " + retryAfter +
		",\r\n  \"ErrorSourceService\": \"\",\r\n  \"HttpHeaders\": " + strconv.Quote(headers) + "\r\n}"
}

func TestEveryErrorClassIsTypedAndExplained(t *testing.T) {
	routeMessage := "No OData route exists that match template ~/singleton/navigation/key/navigation/key with http verb DELETE for request /DeviceEnrollmentFE/StatelessDeviceEnrollmentFEService/deviceManagement/deviceEnrollmentConfigurations('c1')/assignments('c1_x')."
	tests := []struct {
		name        string
		answer      step
		viaGroups   bool
		want        Error // fields compared when set
		hint        string
		isRoute     bool
		errContains string
	}{
		{name: "400 invalid", answer: reply(400, graphError("BadRequest", "Property target has an invalid value")),
			want: Error{Status: 400, Code: "BadRequest", Message: "Property target has an invalid value", RequestID: "req-body", ClientRequestID: "crid-body", Date: "2024-08-01T10:00:00"},
			hint: "refused the request as invalid"},
		{name: "400 no method match route template", answer: reply(400, graphError("No method match route template", routeMessage)),
			want: Error{Status: 400, Code: "No method match route template", Message: routeMessage},
			hint: "assign action", isRoute: true},
		{name: "401 expired token", answer: reply(401, graphError("InvalidAuthenticationToken", "Access token has expired or is not yet valid.")),
			want: Error{Status: 401, Code: "InvalidAuthenticationToken"}, hint: "Sign in again"},
		{name: "403 on a write names the permission", answer: reply(403, graphError("Forbidden", intuneNested("Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementServiceConfig.ReadWrite.All - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 1c0b3b1e - Url: https://fef.msua01.manage.microsoft.com/x", "", "null", "{}"))),
			want: Error{Status: 403, Code: "Forbidden", Message: "Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementServiceConfig.ReadWrite.All"},
			hint: "needs the permission DeviceManagementServiceConfig.ReadWrite.All with admin consent"},
		{name: "403 for the Intune role names the roles that may write", answer: reply(403, graphError("Forbidden", intuneNested("An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 2f4a - Url: https://fef.msua01.manage.microsoft.com/x", "", "null", "{}"))),
			want: Error{Status: 403, Code: "Forbidden", Message: "An error has occurred"},
			hint: "Intune Administrator or Policy and Profile Manager role allows it"},
		{name: "403 on groups names the group permission", viaGroups: true, answer: reply(403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.")),
			want: Error{Status: 403, Code: "Authorization_RequestDenied"}, hint: "GroupMember.Read.All"},
		{name: "404", answer: reply(404, graphError("ResourceNotFound", "Resource not found")),
			want: Error{Status: 404, Code: "ResourceNotFound"}, hint: "Reload the list"},
		{name: "409", answer: reply(409, graphError("Conflict", "An assignment for this group already exists")),
			want: Error{Status: 409, Code: "Conflict"}, hint: "someone else may have changed it"},
		{name: "412", answer: reply(412, graphError("PreconditionFailed", "ETag mismatch")),
			want: Error{Status: 412, Code: "PreconditionFailed"}, hint: "changed after you loaded it"},
		{name: "429 with a fractional Retry-After header", answer: reply(429, graphError("TooManyRequests", "Too many requests"), "Retry-After", "2.128"),
			want: Error{Status: 429, Code: "TooManyRequests", RetryAfter: 2128 * time.Millisecond}, hint: "Wait 3 seconds"},
		{name: "429 with the wait only inside Intune's message", answer: reply(429, graphError("TooManyRequests", intuneNested("Too many requests - Operation ID (for customer support): 0", "", "null", `{"Retry-After":"7"}`))),
			want: Error{Status: 429, Message: "Too many requests", RetryAfter: 7 * time.Second}, hint: "Wait 7 seconds"},
		{name: "429 with Intune's RetryAfter field", answer: reply(429, graphError("TooManyRequests", intuneNested("Throttled", "", "12", "{}"))),
			want: Error{Status: 429, RetryAfter: 12 * time.Second}, hint: "Wait 12 seconds"},
		{name: "429 with nothing readable", answer: reply(429, graphError("TooManyRequests", "Too many requests")),
			want: Error{Status: 429}, hint: "Wait a minute"},
		{name: "500 with Intune's nested document", answer: reply(500, `{"error":{"code":"Unknown","message":`+strconv.Quote(intuneNested("An internal server error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: f89fa640 - Url: https://fef.amsub0202.manage.microsoft.com/StatelessOnboardingService/deviceManagement?api-version=5018-10-05 - CustomApiErrorPhrase: ValidatePatchSet", "ValidatePatchSet", "null", "{}"))+`,"innerError":{"request-id":"f89fa640","date":"2019-04-10T14:15:26"}}}`),
			want: Error{Status: 500, Code: "Unknown", Message: "An internal server error has occurred", Phrase: "ValidatePatchSet", RequestID: "f89fa640", Date: "2019-04-10T14:15:26"},
			hint: "give Microsoft support the request-id f89fa640 and date 2019-04-10T14:15:26", errContains: "(ValidatePatchSet)"},
		{name: "502 from a proxy's HTML page", answer: reply(502, "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>", "Content-Type", "text/html", "request-id", "req-hdr"),
			want: Error{Status: 502, Code: "", Message: "502 Bad Gateway", RequestID: "req-hdr"}, hint: "failed to answer (502)"},
		{name: "503 with no body", answer: reply(503, ""),
			want: Error{Status: 503, Message: "Service Unavailable"}, hint: "Wait a minute"},
		{name: "504 with plain text", answer: reply(504, "upstream request timeout", "Content-Type", "text/plain"),
			want: Error{Status: 504, Message: "upstream request timeout"}},
		{name: "OData's lowercase innererror", answer: reply(400, `{"error":{"code":"BadRequest","message":"m","innererror":{"request-id":"r-low","date":"d-low"}}}`),
			want: Error{Status: 400, RequestID: "r-low", Date: "d-low"}},
		{name: "IDs from headers when the body has none", answer: reply(404, `{"error":{"code":"NotFound","message":"gone"}}`, "request-id", "r-hdr", "client-request-id", "c-hdr"),
			want: Error{Status: 404, RequestID: "r-hdr", ClientRequestID: "c-hdr"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, tt.answer)
			c, _ := testClient(t, f, func(cfg *Config) {
				cfg.Tokens = plainTokens{"t"}
				cfg.Retry.MaxAttempts = 1
			})
			var err error
			if tt.viaGroups {
				_, err = c.GetGroup(context.Background(), groupA)
			} else {
				err = c.DeleteAssignment(context.Background(), "c1", "c1_x")
			}
			var ge *Error
			require.True(t, errors.As(err, &ge), "got %v", err)
			assertErrorFields(t, tt.want, ge)
			assert.Equal(t, f.requests()[0].Method, ge.Method)
			assert.Contains(t, ge.Hint(), tt.hint)
			assert.Equal(t, tt.isRoute, ge.IsRouteRefusal())
			assert.Equal(t, strings.Contains(tt.name, "Intune role"), ge.IsRoleRefusal(), "a role refusal")
			assert.Contains(t, err.Error(), strconv.Itoa(tt.want.Status))
			if tt.errContains != "" {
				assert.Contains(t, err.Error(), tt.errContains)
			}
		})
	}
}

// assertErrorFields compares the fields want sets.
func assertErrorFields(t *testing.T, want Error, got *Error) {
	t.Helper()
	assert.Equal(t, want.Status, got.Status)
	pairs := []struct{ name, want, got string }{
		{"Code", want.Code, got.Code}, {"Message", want.Message, got.Message}, {"Phrase", want.Phrase, got.Phrase},
		{"RequestID", want.RequestID, got.RequestID}, {"ClientRequestID", want.ClientRequestID, got.ClientRequestID},
		{"Date", want.Date, got.Date},
	}
	for _, p := range pairs {
		if p.want != "" {
			assert.Equal(t, p.want, p.got, p.name)
		}
	}
	if want.RetryAfter != 0 {
		assert.Equal(t, want.RetryAfter, got.RetryAfter)
	}
}

func TestPlainBodiesAreCutOnACharacter(t *testing.T) {
	long := strings.Repeat("é", 150) // 300 bytes: the cut falls inside a character
	msg := plainMessage(502, "text/plain", []byte(long))
	assert.True(t, utf8.ValidString(msg))
	assert.True(t, strings.HasSuffix(msg, "…"))
	assert.LessOrEqual(t, len(msg), 200+len("…"))

	assert.Equal(t, "Bad gateway at the proxy", plainMessage(502, "", []byte("<html><body><h1>Bad gateway</h1>\n<p>at the proxy</p></body></html>")))
	assert.Equal(t, "HTTP status 599", plainMessage(599, "", nil))
}
