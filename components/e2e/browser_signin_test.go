//go:build !js

package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
)

// Sign-in and permissions as Entra behaves, one rule per test: least
// privilege at sign-in, a feature's permission asked for when first used,
// refusals an administrator can act on, read-only sessions, the ID token's
// checks, and stray callbacks.

const (
	intunePermission = "DeviceManagementServiceConfig.ReadWrite.All"
	groupPermission  = "GroupMember.Read.All"
)

// consent sets the tenant's admin consent of the demo app for a permission.
func (r *rig) consent(permission string, state emulator.Consent) {
	r.t.Helper()
	r.control("/_emulator/consent", map[string]string{"permission": permission, "consent": string(state)})
}

// toSignInPage opens the app and goes to the emulator's sign-in page.
func (r *rig) toSignInPage() {
	r.t.Helper()
	r.open()
	click(r, chromedp.ID("sign-in"))
	r.toEntra()
}

// toEntra waits for the emulator's Entra pages.
func (r *rig) toEntra() {
	r.t.Helper()
	r.waitFor("the emulator's Entra page", "location.origin === "+jsString(r.emu.EntraURL()))
}

// backInTheApp waits for the app, started again after a redirect.
func (r *rig) backInTheApp() {
	r.t.Helper()
	r.waitFor("the app again", `location.origin === `+jsString(r.app.URL)+
		` && document.querySelector('#app[data-rendered="client"]') && !document.querySelector('#app[data-phase="completing"]')`)
}

// pressOnEntra presses a button of the emulator's page by its text.
func (r *rig) pressOnEntra(text string) {
	r.t.Helper()
	click(r, chromedp.Search(`//button[normalize-space(.)=`+xpathString(text)+`]`))
}

// withoutGroupNames signs the read-only operator in with GroupMember.Read.All
// in the consent state given, and opens a configuration whose groups show
// as IDs.
func (r *rig) withoutGroupNames(state emulator.Consent) {
	r.t.Helper()
	r.consent(groupPermission, state)
	r.signIn(emulator.ReaderUPN)
	r.openConfiguration("Sales - three devices")
	r.groupIDShown(emulator.GroupSalesLaptops)
}

// refusal waits for a permission's refusal and returns its text.
func (r *rig) refusal() string {
	r.t.Helper()
	r.waitFor("the refusal", `document.querySelector('#permission-refusal')`)
	text := r.text("#permission-refusal")
	assert.Contains(r.t, text, groupPermission+" was not granted")
	return text
}

// groupIDShown waits for the detail screen to show a group's ID where its
// name would be, and the offer of the permission that names it.
func (r *rig) groupIDShown(name string) {
	r.t.Helper()
	id := emulator.DemoGroupID(name)
	r.waitFor("the ID of "+name, `[...document.querySelectorAll('td.target')].some(td => td.innerText.includes(`+jsString(id)+`))`)
	r.waitFor("the offer of "+groupPermission, `document.querySelector('.permission-needed[data-permission="`+groupPermission+`"]')`)
	assert.Contains(r.t, r.text(".permission-needed"), "Group names and member counts need "+groupPermission)
}

func TestSignInAsksOnlyTheIntunePermission(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.consent(groupPermission, emulator.ConsentNone)
	r.toSignInPage()
	scope := mustURL(t, eval[string](r, "location.href")).Query().Get("scope")
	assert.ElementsMatch(t, []string{"https://graph.microsoft.com/" + intunePermission, "openid", "profile", "offline_access"},
		strings.Fields(scope), "sign-in asks for nothing but the Intune permission")
	r.pressOnEntra(emulator.ReaderUPN)
	r.backInTheApp()

	r.openConfiguration("Sales - three devices")
	r.groupIDShown(emulator.GroupSalesLaptops)
	assert.True(t, eval[bool](r, `!!document.querySelector('button.edit-assignment')`), "the rest keeps working")
	for _, e := range r.requests() {
		assert.NotContains(t, e.Path, "/groups", "no group request Graph would refuse")
	}
	click(r, chromedp.ID("open-settings"))
	r.waitFor("the permissions in Settings", `document.querySelector('table.permissions')`)
	assert.Contains(t, r.text(`tr.permission[data-permission="`+intunePermission+`"] td.held`), "Granted")
	assert.Contains(t, r.text(`tr.permission[data-permission="`+groupPermission+`"] td.held`), "Not granted")
}

func TestSignInGroupNamesAfterConsentIsGrantedLater(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.withoutGroupNames(emulator.ConsentNone)

	r.consent(groupPermission, emulator.ConsentGranted) // an administrator grants it later
	click(r, chromedp.CSS(`.permission-needed button.allow-permission`))
	r.backInTheApp() // Entra's session signs the same user in without a page
	r.waitFor("the names", `[...document.querySelectorAll('td.target')].some(td => td.innerText === 'Include group Sales Laptops')`)
	assert.Equal(t, "Sales - three devices", r.text("#detail-title"), "back on the same configuration")
	assert.False(t, eval[bool](r, `!!document.querySelector('.permission-needed')`))
	assert.Equal(t, emulator.ReaderUPN, r.text("#signed-in-account"))
}

func TestSignInConsentRefusedShowsIDsAndTheAdminConsentLink(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.withoutGroupNames(emulator.ConsentNone)

	click(r, chromedp.CSS(`.permission-needed button.allow-permission`))
	r.toEntra()
	r.waitFor("Need admin approval", `document.body.innerText.includes('Need admin approval')`)
	r.pressOnEntra("Return to the application without granting consent")
	r.backInTheApp()
	refusal := r.refusal()
	assert.Contains(t, refusal, "Cloud Application Administrator", "who can grant it")
	assert.NotContains(t, refusal, "Trace ID", "Entra gave none")
	link := eval[string](r, `document.querySelector('#admin-consent-url').value`)
	u := mustURL(t, link)
	assert.Equal(t, r.emu.EntraURL()+"/"+emulator.DemoTenantID+"/v2.0/adminconsent", u.Scheme+"://"+u.Host+u.Path)
	assert.Equal(t, emulator.DemoClientID, u.Query().Get("client_id"))
	assert.Equal(t, "https://graph.microsoft.com/"+groupPermission, u.Query().Get("scope"))
	assert.Equal(t, r.app.URL+"/", u.Query().Get("redirect_uri"))
	assert.Equal(t, "Sales - three devices", r.text("#detail-title"), "back on the same configuration, still signed in")
	r.groupIDShown(emulator.GroupSalesLaptops)

	// The link works: an administrator opens it and grants the permission.
	r.do(chromedp.Navigate(link))
	r.toEntra()
	r.pressOnEntra(emulator.AdminUPN)
	r.backInTheApp()
	r.waitFor("the address cleaned", `!location.search.includes('admin_consent')`)
	var got struct {
		Permissions map[string]emulator.Consent `json:"permissions"`
	}
	r.getJSON("/_emulator/consent", &got)
	assert.Equal(t, emulator.ConsentGranted, got.Permissions[groupPermission])
}

func TestSignInDeclinedScopeNamesThePermission(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.withoutGroupNames(emulator.ConsentDeclined)

	click(r, chromedp.CSS(`.permission-needed button.allow-permission`))
	r.backInTheApp()
	refusal := r.refusal()
	assert.Contains(t, refusal, "Entra answered without "+groupPermission)
	assert.True(t, eval[bool](r, `!!document.querySelector('#admin-consent-url')`))
	assert.Equal(t, emulator.ReaderUPN, r.text("#signed-in-account"), "still signed in")
	r.groupIDShown(emulator.GroupSalesLaptops)
}

func TestSignInAdminApprovalRefusedAtSignInNamesThePermission(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.consent(intunePermission, emulator.ConsentNone)
	r.toSignInPage()
	r.pressOnEntra(emulator.NoConsentUPN)
	r.waitFor("Need admin approval", `document.body.innerText.includes('Need admin approval')`)
	r.pressOnEntra("Return to the application without granting consent")
	r.backInTheApp()
	r.waitFor("the sign-in error", `document.querySelector('.sign-in-error')`)
	text := r.text(".sign-in-error")
	assert.Contains(t, text, "admin approval")
	assert.Contains(t, text, intunePermission)
	assert.Contains(t, eval[string](r, `document.querySelector('#admin-consent-url').value`), url.QueryEscape("https://graph.microsoft.com/"+intunePermission))
	assert.NotContains(t, text, "Trace ID")
	assertNoTokens(t, r)
}

func TestSignInReadOnlyRoleExplainsThe403AndGoesReadOnly(t *testing.T) {
	r := newRig(t, emulator.Options{})
	before := r.state()[emulator.ConfigTenDevices]
	r.signIn(emulator.ReaderUPN)
	r.openConfiguration("Ten devices")
	r.changeTarget("Include group IT Admins")
	r.chooseKind(graph.TargetAllLicensedUsers)
	r.preview()
	r.save()
	box := r.text(".editor .error-box")
	assert.Contains(t, box, "403")
	assert.Contains(t, box, graph.IntuneWriteRoles, "names the Intune roles that allow it")
	assert.NotEmpty(t, r.text(".editor .error-box .fact-request-id"))
	r.waitFor("read-only mode", `document.querySelector('#read-only-banner')`)
	assert.Contains(t, r.text("#read-only-banner"), graph.IntuneWriteRoles)
	r.waitFor("no Change button", `!document.querySelector('button.edit-assignment')`)
	assertSameAssignments(t, before, r.state()[emulator.ConfigTenDevices])

	click(r, chromedp.ID("back-to-list"))
	r.waitFor("the list", `document.querySelector('button.open-configuration')`)
	assert.False(t, eval[bool](r, `!!document.querySelector('#open-bulk')`), "no bulk change offered")

	click(r, chromedp.ID("retry-changes"))
	r.waitFor("the bulk changes offered again", `document.querySelector('#open-bulk')`)
	r.openConfiguration("Ten devices")
	r.waitFor("changes offered again", `document.querySelector('button.edit-assignment')`)
}

func TestSignInAgainstAnHTTPIssuer(t *testing.T) {
	r := newRig(t, emulator.Options{})
	resp, err := r.http.Get(r.emu.EntraURL() + "/" + emulator.DemoTenantID + "/v2.0/.well-known/openid-configuration")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var doc struct {
		Issuer string `json:"issuer"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&doc))
	require.True(t, strings.HasPrefix(doc.Issuer, "http://"), "the stand-in's issuer is the http URL it is served from: %s", doc.Issuer)

	r.signIn(emulator.AdminUPN)
	r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)
	assert.Equal(t, emulator.AdminUPN, r.text("#signed-in-account"))
}

func TestSignInRefusesIDTokensOfAnotherIssuerTenantOrTime(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault map[string]string
		why   string
	}{
		{"another issuer", map[string]string{"iss": "https://login.microsoftonline.com/" + emulator.DemoTenantID + "/v2.0"}, "not by the tenant's issuer"},
		{"another tenant", map[string]string{"tid": "0b5e0a3c-0000-4000-8000-000000000001"}, "is for tenant"},
		{"expired", map[string]string{"expiredFor": "10m"}, "expired at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, emulator.Options{})
			r.control("/_emulator/id-token", tc.fault)
			r.signIn(emulator.AdminUPN)
			r.waitFor("the sign-in error", `document.querySelector('.sign-in-error')`)
			text := r.text(".sign-in-error")
			assert.Contains(t, text, "The identity token was refused")
			assert.Contains(t, text, tc.why)
			assertNoTokens(t, r)
		})
	}
}

func TestSignInStrayErrorCallbackChangesNothing(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.signIn(emulator.AdminUPN)
	r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)
	session, local := r.storage("sessionStorage"), r.storage("localStorage")

	r.do(chromedp.Navigate(r.app.URL + "/?again=1#error=access_denied&error_description=Your+account+is+locked.+Call+0800+000+000"))
	r.waitFor("the app", `document.querySelector('#app[data-rendered="client"]') && document.querySelector('button.open-configuration')`)
	assert.Equal(t, emulator.AdminUPN, r.text("#signed-in-account"), "still signed in")
	assert.NotContains(t, r.pageText(), "0800", "the stray text is never the app's")
	assert.NotContains(t, r.pageText(), "locked")
	assert.False(t, eval[bool](r, `!!document.querySelector('.sign-in-error')`))
	assert.NotContains(t, eval[string](r, "location.href"), "error=")
	assert.Equal(t, session, r.storage("sessionStorage"))
	assert.Equal(t, local, r.storage("localStorage"))
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}
