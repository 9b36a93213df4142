package graph

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Fuzz targets for what a user pastes: IDs (a group's, an assignment's in a
// restored file) and the group picker's search text.

// FuzzValidateID: an accepted ID always stays one path segment of the URL
// it is put in, so that a pasted value cannot reach another resource; a
// refused one says why.
func FuzzValidateID(f *testing.F) {
	for _, s := range []string{groupA, configID + "_" + groupA, "x_DefaultLimit", "a/../b", "a?b=c", "a#b", "%2F", "é", " ", "a\u0085b", strings.Repeat("a", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		err := ValidateID("group.id", id)
		if err != nil {
			var ve *ValidationError
			require.True(t, errors.As(err, &ve))
			assert.Equal(t, "group.id", ve.Field)
			assert.NotEmpty(t, ve.Message)
			return
		}
		path := relativePath("groups", id)
		u, err := url.Parse("https://graph.example/v1.0" + path)
		require.NoError(t, err, "%q", path)
		assert.Empty(t, u.RawQuery, "no query smuggled in")
		assert.Empty(t, u.Fragment, "no fragment smuggled in")
		segments := strings.Split(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
		require.Len(t, segments, 3, "one segment: %q", u.EscapedPath())
		back, err := url.PathUnescape(segments[2])
		require.NoError(t, err)
		assert.Equal(t, id, back, "the ID arrives as typed")
		assert.NotContains(t, []string{".", ".."}, id)
	})
}

// recordingTransport answers every request with an empty page of groups and
// keeps what was asked: the fuzz sees the exact URL, with no network.
type recordingTransport struct {
	mu  sync.Mutex
	got []*http.Request
}

func (r *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.got = append(r.got, req)
	r.mu.Unlock()
	body := `{"value":[]}`
	if strings.Contains(req.URL.Path, "/groups/") {
		body = `{"id":"` + groupA + `","displayName":"g"}`
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
}

// FuzzSearchGroupsQuery: whatever is typed in the group picker, the search
// is one request to /groups whose $search term is exactly the typed text,
// quoted so that it cannot end early and add a clause, or a read of one
// group when the text is a group ID; never a panic.
func FuzzSearchGroupsQuery(f *testing.F) {
	for _, s := range []string{"Sales", `Sales" OR "displayName:a`, `\"`, `'); drop`, groupA, " " + groupA + " ", "", "a&$top=999", "%22", "é ü 漢字", "a\x00b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rt := &recordingTransport{}
		c, err := New(Config{BaseURL: "https://graph.example", Tokens: plainTokens{"t"}, HTTPClient: &http.Client{Transport: rt}, OmitClientRequestID: true})
		require.NoError(t, err)
		_, err = c.SearchGroups(context.Background(), text, 10)
		require.NoError(t, err)
		require.Len(t, rt.got, 1, "one request")
		req := rt.got[0]
		assert.Equal(t, "graph.example", req.URL.Host, "never another host")
		trimmed := strings.TrimSpace(text)
		if isGUID(trimmed) {
			assert.Equal(t, "/v1.0/groups/"+trimmed, req.URL.Path)
			return
		}
		assert.Equal(t, "/v1.0/groups", req.URL.Path)
		q := req.URL.Query()
		if trimmed == "" {
			assert.Empty(t, q.Get("$search"))
			return
		}
		assert.Equal(t, []string{"$search", "$select", "$top"}, sortedQueryKeys(q), "no parameter smuggled in")
		term := q.Get("$search")
		require.True(t, strings.HasPrefix(term, `"displayName:`) && strings.HasSuffix(term, `"`), term)
		assert.Equal(t, trimmed, unescapeSearch(term[len(`"displayName:`):len(term)-1]), "the term is the text, whole")
	})
}

// unescapeSearch undoes escapeSearch, failing on a quote left unescaped
// (which would end the term).
func unescapeSearch(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case s[i] == '"':
			return "<unescaped quote>"
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func sortedQueryKeys(q url.Values) []string {
	var out []string
	for k := range q {
		out = append(out, k)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
