package components

import (
	"errors"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep"
	"enrollassign/graph"
	"enrollassign/graph/cloud"
)

func TestSignInErrorWithoutAnEntraError(t *testing.T) {
	page := visible(app.HTMLString((&SignInError{Err: errors.New("fetch failed")}).Render()))
	assert.Contains(t, page, "Sign-in failed fetch failed")
	assert.Contains(t, page, "Sign in again")
}

func TestSettingsFormShowsProblemsBesideFieldsAndSavesValidSettings(t *testing.T) {
	var saved []keep.Settings
	f := &SettingsForm{Value: keep.Settings{CloudID: cloud.Global.ID, APIVersion: graph.V1}, Demo: testDemo(),
		OnSave: func(ctx app.Context, s keep.Settings) { saved = append(saved, s) }}
	e := mount(t, f)

	act(t, e, f, f.Save)
	page := html(f)
	assert.Empty(t, saved)
	assert.Contains(t, visible(page), "Enter your tenant ID")
	assert.Equal(t, "true", tagAttrs(t, page, "settings-tenant")["aria-invalid"])

	act(t, e, f, func(ctx app.Context) {
		f.Set("tenant", " contoso.onmicrosoft.com ")
		f.Set("clientId", demoClient)
		f.Save(ctx)
	})
	require.Len(t, saved, 1)
	assert.Equal(t, keep.Settings{CloudID: "global", Tenant: "contoso.onmicrosoft.com", ClientID: demoClient, APIVersion: graph.V1}, saved[0])
	assert.Contains(t, visible(page), "Demo tenant (local emulator)", "the demo is a choice when the server runs one")
	assert.Contains(t, visible(page), "US Government L5 (DoD)", "every national cloud is a choice")
}
