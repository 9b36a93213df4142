package components

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
)

func TestShellLeadsFromTheListToTheBulkScreen(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedIn())
	assert.Contains(t, html(r.shell), `id="open-bulk"`, "the list offers bulk changes")

	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.showBulk(ctx, false) })
	screen := latest[*BulkScreen](t)
	runs, _ := keep.Bulk.Of(browser.Local(contextOf(t, r.shell)), r.shell.settings.Tenant, adminUPN)
	assert.Equal(t, runs, screen.Runs, "runs are kept per tenant and user")
	assert.False(t, screen.ResumeOnOpen)
	assert.NotContains(t, html(r.shell), `id="open-bulk"`, "the entry is on the list screen only")
	assert.Contains(t, r.page(), "1. Choose the assignments")

	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.showList(ctx) })
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.showBulk(ctx, true) })
	assert.True(t, latest[*BulkScreen](t).ResumeOnOpen, "the resume offer opens the screen resuming")
}
