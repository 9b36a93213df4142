package components

import (
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

// editESP mounts an editor on the ESP's first assignment (Include group Sales Laptops).
func editESP(t *testing.T, g *fakeGraph, saved *[]Saved) (*TargetEditor, app.TestEngine) {
	t.Helper()
	cfg := espConfiguration()
	c := &TargetEditor{
		Graph: g, Configuration: cfg, Assignment: cfg.Assignments[0], Siblings: cfg.Assignments,
		GroupName: "Sales Laptops", opts: options{searchDelay: time.Millisecond},
		OnSaved: func(ctx app.Context, s Saved) {
			if saved != nil {
				*saved = append(*saved, s)
			}
		},
	}
	return c, mount(t, c)
}

func TestTargetEditorStartsFromTheCurrentTarget(t *testing.T) {
	c, _ := editESP(t, newTenant(), nil)
	page := html(c)
	assert.Contains(t, page, "Change target: Include group Sales Laptops")
	assert.Equal(t, graph.TargetGroup, c.kind)
	assert.Equal(t, salesID, c.groupID())
	assert.Contains(t, page, `value="Sales Laptops"`)
}

func TestTargetEditorValidatesBeforeSendingAnything(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(ctx app.Context, c *TargetEditor)
		field   string
		message string
	}{
		{"no group", func(ctx app.Context, c *TargetEditor) {
			c.ChooseKind(ctx, graph.TargetExclusionGroup)
			c.groupChanged(ctx, "", graph.Group{})
		}, fieldGroup, "Choose a group from the list, or paste its object ID."},
		{"a group ID that is not one", func(ctx app.Context, c *TargetEditor) {
			c.groupChanged(ctx, "sales-laptops-id", graph.Group{})
		}, fieldGroup, "is not a group ID"},
		{"no collection", func(ctx app.Context, c *TargetEditor) {
			c.ChooseKind(ctx, graph.TargetCollection)
		}, fieldCollection, "Missing: enter the Configuration Manager collection ID."},
		{"unchanged", func(ctx app.Context, c *TargetEditor) {}, fieldForm, "nothing to save"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newTenant()
			c, e := editESP(t, g, nil)
			act(t, e, c, func(ctx app.Context) {
				tt.edit(ctx, c)
				c.Preview(ctx)
				c.Save(ctx)
			})

			assert.Contains(t, c.problems[tt.field], tt.message)
			assert.Nil(t, c.preview)
			assert.Empty(t, g.Calls(), "nothing reaches Graph, not even a preview")
			assert.Contains(t, html(c), tt.message, "the message is on the screen")
		})
	}
}

func TestTargetEditorWarnsAboutAnOddCollectionIDButLetsItThrough(t *testing.T) {
	g := newTenant()
	c, e := editESP(t, g, nil)
	act(t, e, c, func(ctx app.Context) {
		c.ChooseKind(ctx, graph.TargetCollection)
		c.SetCollection(ctx, "My collection")
		c.Preview(ctx)
	})

	assert.Contains(t, c.warnings[fieldCollection], "does not look like a Configuration Manager collection ID")
	require.NotNil(t, c.preview)
	assert.Contains(t, html(c), "does not look like")
}

func TestTargetEditorOffersOnlyTheKindsTheConfigurationTakes(t *testing.T) {
	cfg := limitConfiguration()
	c := &TargetEditor{Graph: newTenant(), Configuration: cfg, Assignment: cfg.Assignments[0], GroupName: "Pilot Users"}
	mount(t, c)
	page := html(c)
	tests := map[graph.TargetKind]string{
		graph.TargetGroup: "false", graph.TargetExclusionGroup: "false", graph.TargetAllLicensedUsers: "false",
		graph.TargetAllDevices: "true", graph.TargetCollection: "true",
	}
	for kind, disabled := range tests {
		assert.Equal(t, disabled, tagAttrs(t, page, "kind-"+string(kind))["disabled"], "kind %s", kind)
	}
	assert.Contains(t, page, "not for Device limit configurations")
}

func TestTargetEditorPreviewsThenSavesTheChange(t *testing.T) {
	g := newTenant()
	g.updateResult = graph.UpdateResult{Strategy: graph.StrategyPatch, Write: graph.WriteResult{Status: 200, RequestID: "req-42"}}
	var saved []Saved
	c, e := editESP(t, g, &saved)
	act(t, e, c, func(ctx app.Context) {
		c.ChooseKind(ctx, graph.TargetExclusionGroup)
		c.groupChanged(ctx, "Pilot Users", graph.Group{ID: pilotID, DisplayName: "Pilot Users"})
		c.Save(ctx)
	})
	assert.Empty(t, g.Calls(), "no save before the preview was shown")

	act(t, e, c, c.Preview)
	page := html(c)
	assert.Contains(t, page, "PATCH https://graph.example/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+espID)
	assert.Contains(t, page, "Authorization: Bearer &lt;redacted&gt;")
	assert.NotContains(t, page, "secret-token")
	assert.Contains(t, page, `exclusionGroupAssignmentTarget`)
	assert.Contains(t, page, `aria-label="Save: Exclude group Pilot Users"`)

	act(t, e, c, c.Save)
	require.Len(t, saved, 1)
	require.Len(t, g.updates, 1)
	u := g.updates[0]
	assert.Equal(t, espID, u.Configuration.ID)
	assert.Equal(t, espID+"_"+salesID, u.Before.ID)
	assert.True(t, graph.ExclusionGroupTarget(pilotID).Equal(u.After), "after: %+v", u.After)
	assert.Equal(t, graph.StrategyAuto, u.Strategy)
	assert.Len(t, u.Siblings, 2, "the loaded set goes along for the assign fallback's check")
	assert.Equal(t, "req-42", saved[0].Result.Write.RequestID)
	assert.Equal(t, "Pilot Users", saved[0].Group.DisplayName)
}

func TestTargetEditorShowsAFailedSave(t *testing.T) {
	g := newTenant()
	g.updateErr = &graph.Error{Status: 403, Code: "Forbidden", Message: "Not allowed", RequestID: "req-403", Method: "PATCH", URL: "https://graph.microsoft.com/v1.0/x"}
	var saved []Saved
	c, e := editESP(t, g, &saved)
	act(t, e, c, func(ctx app.Context) {
		c.ChooseKind(ctx, graph.TargetAllDevices)
		c.Preview(ctx)
		c.Save(ctx)
	})

	assert.Empty(t, saved)
	page := html(c)
	assert.Contains(t, page, "Saving failed")
	assert.Contains(t, page, "req-403")
	assert.Contains(t, page, "DeviceManagementServiceConfig.ReadWrite.All", "the hint names the permission to grant")
}

func TestTargetEditorPutsAGraphValidationErrorBesideItsField(t *testing.T) {
	g := newTenant()
	g.previewErr = &graph.ValidationError{Field: "target.@odata.type", Message: "not for this configuration"}
	c, e := editESP(t, g, nil)
	act(t, e, c, func(ctx app.Context) {
		c.ChooseKind(ctx, graph.TargetAllDevices)
		c.Preview(ctx)
	})
	assert.Equal(t, "Not for this configuration.", c.problems[fieldKind])
	assert.Nil(t, c.err)
}

func TestTargetEditorEditingDropsAStalePreview(t *testing.T) {
	c, e := editESP(t, newTenant(), nil)
	act(t, e, c, func(ctx app.Context) {
		c.ChooseKind(ctx, graph.TargetAllDevices)
		c.Preview(ctx)
	})
	require.NotNil(t, c.preview)
	c.ChooseKind(contextOf(t, c), graph.TargetAllLicensedUsers)
	assert.Nil(t, c.preview, "the preview no longer matches the form")
}
