package auth

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/cache"
)

// storeCache keeps MSAL's serialized cache in the Store (sessionStorage: it
// dies with the tab, and never reaches localStorage).
type storeCache struct{ store Storage }

// emptyCache resets MSAL's in-memory cache when the Store holds none, so a
// sign-out in this tab is seen by the MSAL client at its next call.
const emptyCache = "{}"

func (c storeCache) Replace(ctx context.Context, u cache.Unmarshaler, _ cache.ReplaceHints) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data := emptyCache
	if s, ok := c.store.Get(keyCache); ok && s != "" {
		data = s
	}
	if err := u.Unmarshal([]byte(data)); err != nil {
		// A damaged entry is a signed-out tab, not a broken app.
		c.store.Remove(keyCache)
		return u.Unmarshal([]byte(emptyCache))
	}
	return nil
}

func (c storeCache) Export(ctx context.Context, m cache.Marshaler, _ cache.ExportHints) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := m.Marshal()
	if err != nil {
		return fmt.Errorf("serializing the token cache: %w", err)
	}
	if err := c.store.Set(keyCache, string(data)); err != nil {
		return fmt.Errorf("saving the token cache in sessionStorage: %w", err)
	}
	return nil
}

// accessTokensKey is the member of MSAL's serialized cache that holds access
// tokens. The layout is the unified cache schema that all MSAL libraries
// share (apps/internal/base/storage.Contract); the RenewToken test fails if
// a future MSAL moves it.
const accessTokensKey = "AccessToken"

// dropAccessTokens removes the cached access tokens of one account and
// leaves everything else, refresh token included, as it was.
func (c storeCache) dropAccessTokens(homeAccountID string) error {
	return c.dropAccessTokensBut(homeAccountID, "")
}

// dropAccessTokensBut is dropAccessTokens keeping the one token whose
// secret is keep. MSAL keeps one access token per set of scopes and hands
// out any that covers the scopes asked: after a consent brought more
// permissions, an older, narrower token of the account could still be
// handed out.
func (c storeCache) dropAccessTokensBut(homeAccountID, keep string) error {
	s, ok := c.store.Get(keyCache)
	if !ok {
		return nil
	}
	var contract map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &contract); err != nil {
		return fmt.Errorf("reading the token cache: %w", err)
	}
	raw, ok := contract[accessTokensKey]
	if !ok {
		return nil
	}
	var tokens map[string]json.RawMessage
	if err := json.Unmarshal(raw, &tokens); err != nil {
		return fmt.Errorf("reading cached access tokens: %w", err)
	}
	for key, token := range tokens {
		var owner struct {
			HomeAccountID string `json:"home_account_id"`
			Secret        string `json:"secret"`
		}
		if json.Unmarshal(token, &owner) == nil && owner.HomeAccountID == homeAccountID && (keep == "" || owner.Secret != keep) {
			delete(tokens, key)
		}
	}
	updated, err := json.Marshal(tokens)
	if err != nil {
		return err
	}
	contract[accessTokensKey] = updated
	data, err := json.Marshal(contract)
	if err != nil {
		return err
	}
	return c.store.Set(keyCache, string(data))
}
