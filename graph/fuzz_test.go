package graph

import (
	"bytes"
	"encoding/json"
	"math/big"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzAssignmentRoundTrip: whatever decodes as an assignment encodes again
// without losing or inventing a property, and encodes stably.
func FuzzAssignmentRoundTrip(f *testing.F) {
	for _, name := range []string{"testdata/seed-request.json", "testdata/seed-response.json"} {
		seed, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(seed)
	}
	for _, s := range []string{liveA, liveB, liveAtoC, `{}`, `{"id":""}`, `{"target":null}`, `{"target":{}}`,
		`{"id":"x","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget"}}`,
		`{"target":{"@odata.type":"#","groupId":"g"}}`,
		`{"target":{"@odata.type":"microsoft.graph.allDevicesAssignmentTarget","groupId":"stray","n":1.50}}`,
		`{"@odata.type":"microsoft.graph.enrollmentConfigurationAssignment","sourceId":null,"x@y":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Assignment
		if json.Unmarshal(data, &a) != nil {
			return
		}
		out, err := json.Marshal(a)
		require.NoError(t, err, "a decoded assignment always encodes")
		var again Assignment
		require.NoError(t, json.Unmarshal(out, &again), "%s", out)
		out2, err := json.Marshal(again)
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2), "encoding is stable")
		require.True(t, a.Equal(again))
		require.Equal(t, meaningfulAssignment(t, data), meaningfulAssignment(t, out), "in: %s\nout: %s", data, out)
		if _, err := a.PatchBody(); err != nil {
			t.Fatalf("PatchBody of a decoded assignment: %v", err)
		}
	})
}

// FuzzTargetRoundTrip: the same for a target on its own, and validation of
// anything decoded never panics.
func FuzzTargetRoundTrip(f *testing.F) {
	for _, k := range TargetKinds {
		f.Add([]byte(`{"@odata.type":"` + shortType(k.ODataType()) + `","groupId":"` + groupA + `","collectionId":"SMS00001"}`))
	}
	f.Add([]byte(`{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"exclude"}`))
	f.Add([]byte(`{"@odata.type":null,"collectionId":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var target Target
		if json.Unmarshal(data, &target) != nil {
			return
		}
		out, err := json.Marshal(target)
		require.NoError(t, err)
		var again Target
		require.NoError(t, json.Unmarshal(out, &again), "%s", out)
		require.True(t, target.Equal(again))
		require.Equal(t, meaningfulTarget(t, data), meaningfulTarget(t, out), "in: %s\nout: %s", data, out)
		warnings, err := ValidateTarget(target)
		if err == nil {
			_, err := Assignment{ID: "a", Target: target}.PatchBody()
			require.NoError(t, err)
		} else {
			require.Empty(t, warnings)
		}
	})
}

// meaningfulAssignment is a decoded assignment's data as a generic value:
// without annotations (which describe a response, not the entity) and
// without empty values of known properties (absent and empty are the same).
func meaningfulAssignment(t *testing.T, data []byte) map[string]any {
	m := decodeGeneric(t, data)
	out := map[string]any{}
	for k, v := range m {
		switch {
		case strings.Contains(k, "@"):
		case k == "id" && (v == nil || v == ""):
		case k == "target" && v == nil:
		case k == "target":
			// A target that says nothing is no data: it is not written back.
			if target := normaliseTarget(v.(map[string]any)); len(target) > 0 {
				out[k] = target
			}
		default:
			out[k] = v
		}
	}
	return out
}

func meaningfulTarget(t *testing.T, data []byte) map[string]any {
	return normaliseTarget(decodeGeneric(t, data))
}

// normaliseTarget writes a known type in canonical form and drops empty
// values of the kind's own property.
func normaliseTarget(m map[string]any) map[string]any {
	odataType, _ := m[odataTypeKey].(string)
	kind := TargetKind(shortType(odataType))
	out := map[string]any{}
	for k, v := range m {
		switch {
		case k == odataTypeKey && odataType != "" && kind.Known():
			out[k] = kind.ODataType()
		case k == odataTypeKey && odataType != "":
			out[k] = odataType
		case strings.Contains(k, "@"):
		case k == "groupId" && kind.HasGroup() && (v == nil || v == ""):
		case k == "collectionId" && kind == TargetCollection && (v == nil || v == ""):
		default:
			out[k] = v
		}
	}
	return out
}

func decodeGeneric(t *testing.T, data []byte) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	require.NoError(t, dec.Decode(&m))
	return m
}

// FuzzErrorBody: any answer, however malformed, becomes a readable error.
func FuzzErrorBody(f *testing.F) {
	f.Add(500, []byte(graphError("Unknown", intuneNested("An error - Operation ID (for customer support): 0", "Phrase", "5", `{"Retry-After":"2"}`))), "2.128", "text/html")
	f.Add(429, []byte(`{"error":{"code":"TooManyRequests","message":"{\"Message\":\"x\",\"RetryAfter\":\"soon\",\"HttpHeaders\":\"[]\"}"}}`), "", "application/json")
	f.Add(502, []byte("<html><title></title><body>Bad <b>gateway</b></body></html>"), "Thu, 01 Aug 2024 10:01:00 GMT", "text/html")
	f.Add(403, []byte(`{"error":null}`), "-3", "")
	f.Fuzz(func(t *testing.T, status int, body []byte, retryAfter, contentType string) {
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		h.Set("Content-Type", contentType)
		e := newError(http.MethodPatch, "https://graph.microsoft.com/v1.0/x", status, h, body, time.Unix(1722506400, 0))
		assert.GreaterOrEqual(t, e.RetryAfter, time.Duration(0))
		msg := e.Error()
		assert.Contains(t, msg, strconv.Itoa(status))
		_ = e.Hint()
		assert.NotEmpty(t, e.Message, "body %q", body)
	})
}

// FuzzParseRetryAfter: a wait in seconds is never shorter than asked.
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"2.128", "0", "120", ".5", "0.0000000001", "1.9999999999", "Thu, 01 Aug 2024 10:01:00 GMT", "x"} {
		f.Add(s)
	}
	now := time.Date(2024, 8, 1, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := parseRetryAfter(v, now)
		if !ok {
			return
		}
		require.GreaterOrEqual(t, d, time.Duration(0))
		asked, isNumber := new(big.Rat).SetString(strings.TrimSpace(v))
		if !isNumber || strings.ContainsAny(v, "eE/") {
			return
		}
		got := new(big.Rat).SetFrac64(int64(d), int64(time.Second))
		require.True(t, got.Cmp(asked) >= 0, "%q gave %v", v, d)
		oneNs := new(big.Rat).SetFrac64(1, int64(time.Second))
		require.True(t, new(big.Rat).Sub(got, asked).Cmp(oneNs) < 0, "%q gave %v: more than a nanosecond late", v, d)
	})
}
