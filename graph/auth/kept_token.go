package auth

import (
	"sync"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"
)

// renewalMargin is how long before its expiry MSAL stops handing out a
// cached access token and redeems the refresh token instead
// (storage.AccessToken.Validate in v1.10.1).
const renewalMargin = 5 * time.Minute

// keptToken is the last access token MSAL handed out, held in memory so
// that a Graph request does not make MSAL rebuild its whole cache from
// sessionStorage (a JSON decode of every token, 2–4 ms in wasm) while the
// token is nowhere near renewal. From its renewal margin on, Token asks
// MSAL again, which decides as it always does.
//
// It must never outlive the token in the cache: sign-in, sign-out, the end
// of a session and RenewToken drop it. Each drop starts a new generation,
// so a Token call that was already asking MSAL when the drop happened
// cannot put the old session's token back.
type keptToken struct {
	mu         sync.Mutex
	token      string
	until      time.Time // on the session's clock
	generation uint64
}

// get returns the token while now is before its renewal margin.
func (k *keptToken) get(now time.Time) (string, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.token == "" || !now.Before(k.until) {
		return "", false
	}
	return k.token, true
}

// current is the generation a Token call starts in, to hand to keep.
func (k *keptToken) current() uint64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.generation
}

// keep holds MSAL's answer until its renewal margin, unless the token was
// dropped since the call that got it began.
func (k *keptToken) keep(generation uint64, result public.AuthResult, now time.Time) {
	until, ok := keepUntil(result, now)
	k.mu.Lock()
	defer k.mu.Unlock()
	if generation != k.generation {
		return
	}
	if !ok {
		k.token, k.until = "", time.Time{}
		return
	}
	k.token, k.until = result.AccessToken, until
}

// drop forgets the token.
func (k *keptToken) drop() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.token, k.until = "", time.Time{}
	k.generation++
}

// keepUntil is when, on the session's clock (now), MSAL would stop handing
// out this token: renewalMargin before it expires, or at its refresh_in
// time when Entra gave one. MSAL stamps those on the wall clock, so what is
// left of the token is measured there and counted from now.
func keepUntil(result public.AuthResult, now time.Time) (time.Time, bool) {
	wall := time.Now()
	left := result.ExpiresOn.Sub(wall) - renewalMargin
	if refresh := result.Metadata.RefreshOn; !refresh.IsZero() && refresh.Sub(wall) < left {
		left = refresh.Sub(wall)
	}
	if result.AccessToken == "" || left <= 0 {
		return time.Time{}, false
	}
	return now.Add(left), true
}
