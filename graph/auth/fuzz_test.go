package auth

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/keeptest"
)

// FuzzForeignCallback: whatever address the tab is opened at (a link in a
// phishing mail, a pasted URL), a sign-in response whose state is not the
// one this tab sent is refused with a reason, redeems no code, and leaves
// the tab's storage exactly as it was; reading it never panics.
func FuzzForeignCallback(f *testing.F) {
	entra := newFakeEntra(f)
	store := new(keeptest.Memory)
	s := demoSession(f, entra, store, newClock())
	beginSignIn(f, s)
	state := storedPending(f, store).State
	for _, seed := range []string{
		testRedirect + "#code=stolen&state=forged",
		testRedirect + "?code=stolen&state=forged",
		testRedirect + "#error=access_denied&error_description=AADSTS65004",
		testRedirect + "#code=a&code=b&state=",
		testRedirect + "#state=" + url.QueryEscape("x&code=y"),
		"javascript:alert(1)#code=1&state=2",
		testRedirect + "#%zz",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		if callbackParams(u).Get("state") == state {
			return // ours: not a forgery
		}
		before := store.Snapshot()
		_ = IsCallback(u)
		_, err = s.CompleteSignIn(context.Background(), u)
		require.Error(t, err, "%s", raw)
		assert.NotEmpty(t, err.Error())
		assert.Equal(t, before, store.Snapshot(), "nothing changed in the tab")
		assert.Zero(t, entra.grants("authorization_code"), "no code was redeemed")
	})
}
