package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// idTokenSkew is how far the browser's clock may be from Entra's before an
// ID token's exp or nbf refuses it.
const idTokenSkew = 5 * time.Minute

// checkIssuerAndTime makes the checks of an ID token that MSAL for Go does
// not: its issuer is the tenant's, as the tenant's discovery document names
// it; its tid is the configured tenant (a domain is resolved through that
// document); it is within its lifetime, give or take idTokenSkew.
func (s *Session) checkIssuerAndTime(ctx context.Context, c idClaims) error {
	d, err := s.discovery(ctx)
	if err != nil {
		return err
	}
	refuse := func(why string) error { return s.refuse(IDTokenRefused, why) }
	if want := d.tenantID(s.cfg.Tenant); want != "" && !strings.EqualFold(c.TenantID, want) {
		return refuse(fmt.Sprintf("the ID token is for tenant %q, not %q", c.TenantID, want))
	}
	if want := strings.ReplaceAll(d.Issuer, "{tenantid}", c.TenantID); c.Issuer != want {
		return refuse(fmt.Sprintf("the ID token was issued by %q, not by the tenant's issuer %q", c.Issuer, want))
	}
	now := s.cfg.Now()
	switch {
	case c.Expires == 0:
		return refuse("the ID token has no expiry")
	case now.After(time.Unix(c.Expires, 0).Add(idTokenSkew)):
		return refuse("the ID token expired at " + time.Unix(c.Expires, 0).UTC().Format(time.RFC3339))
	case c.NotBefore != 0 && now.Before(time.Unix(c.NotBefore, 0).Add(-idTokenSkew)):
		return refuse("the ID token is not valid before " + time.Unix(c.NotBefore, 0).UTC().Format(time.RFC3339))
	}
	return nil
}

// tenantDiscovery is what the checks read of the tenant's OpenID
// configuration.
type tenantDiscovery struct {
	Issuer string `json:"issuer"`
}

// tenantID is the tenant an ID token must be for: the configured one when
// it is an ID, else the one the issuer names ("" for organizations, whose
// issuer names none).
func (d tenantDiscovery) tenantID(configured string) string {
	if isTenantID(configured) {
		return configured
	}
	for _, segment := range strings.Split(d.Issuer, "/") {
		if isTenantID(segment) {
			return segment
		}
	}
	return ""
}

// discovery reads the tenant's OpenID configuration as its server serves
// it, once per session: from the cloud's own authority (http for the demo
// cloud, so the loopback bridge, which translates only what MSAL reads,
// leaves it as it is).
func (s *Session) discovery(ctx context.Context) (tenantDiscovery, error) {
	s.discoveryMu.Lock()
	defer s.discoveryMu.Unlock()
	if s.discovered.Issuer != "" {
		return s.discovered, nil
	}
	d, err := s.fetchDiscovery(ctx)
	if err != nil {
		return tenantDiscovery{}, err
	}
	s.discovered = d
	return d, nil
}

func (s *Session) fetchDiscovery(ctx context.Context) (tenantDiscovery, error) {
	u := s.cfg.Cloud.Authority(s.cfg.Tenant) + "/v2.0" + discoveryPath
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return tenantDiscovery{}, fmt.Errorf("tenant discovery: %w", err)
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return tenantDiscovery{}, s.fail(ctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, discoveryLimit))
	if err != nil {
		return tenantDiscovery{}, s.fail(ctx, err)
	}
	var d tenantDiscovery
	if resp.StatusCode != http.StatusOK {
		var e entraError
		if json.Unmarshal(body, &e) == nil && e.Error != "" {
			out := newEntraError(e)
			out.app = s.appContext()
			return tenantDiscovery{}, out
		}
		return tenantDiscovery{}, s.refuse(Other, fmt.Sprintf("HTTP %d from the tenant's discovery document", resp.StatusCode))
	}
	if json.Unmarshal(body, &d) != nil || d.Issuer == "" {
		return tenantDiscovery{}, s.refuse(IDTokenRefused, "the tenant's discovery document names no issuer")
	}
	return d, nil
}

// isTenantID reports a GUID, the shape of a tenant ID.
func isTenantID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if r != '-' {
				return false
			}
		case !strings.ContainsRune("0123456789abcdefABCDEF", r):
			return false
		}
	}
	return true
}
