package components

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/bulk"
)

// Permissions is what a screen knows of the session's Graph permissions:
// those it holds, and how to ask for one the first time a feature needs it
// (the shell leaves for Microsoft's sign-in page and comes back to the
// same screen; unsaved edits are kept as drafts meanwhile).
type Permissions struct {
	Granted []string
	Ask     func(ctx app.Context, permission string)
}

// Has reports whether the session holds a permission.
func (p Permissions) Has(permission string) bool {
	return slices.ContainsFunc(p.Granted, func(g string) bool { return strings.EqualFold(g, permission) })
}

// Needed is the notice a screen drops in where a feature does without
// permission: "<feature> need <permission> — [<action>]".
func (p Permissions) Needed(feature, permission, meanwhile, action string) app.UI {
	n := &widgets.PermissionNeeded{Feature: feature, Permission: permission, Meanwhile: meanwhile, Action: action}
	if p.Ask != nil {
		n.OnAllow = func(ctx app.Context) { p.Ask(ctx, permission) }
	}
	return n
}

// MissingPermission is what a call the session has no permission for
// returns, at once and without a request Graph would refuse.
type MissingPermission struct{ Permission string }

func (e *MissingPermission) Error() string {
	return "this session does not have the Microsoft Graph permission " + e.Permission + " (" + auth.PermissionOf(e.Permission).Unlocks + ")"
}

// missingPermission reports err as a MissingPermission.
func missingPermission(err error) (*MissingPermission, bool) {
	var mp *MissingPermission
	return mp, errors.As(err, &mp)
}

// sessionGraph is the Graph the shell hands the screens: it does not call
// what the session has no permission for (groups without
// GroupMember.Read.All: the screens show IDs instead), and tells the shell
// when Intune refuses a write for the user's role, wherever it was sent
// from (a save, a bulk run's batch, a restore, an undo).
type sessionGraph struct {
	Graph
	// has reports a permission of the session; refused hears a role refusal.
	has     func(permission string) bool
	refused func(err *graph.Error)
}

func (g sessionGraph) permitted(permission string) error {
	if g.has(permission) {
		return nil
	}
	return &MissingPermission{Permission: permission}
}

// SearchGroups needs GroupMember.Read.All.
func (g sessionGraph) SearchGroups(ctx context.Context, text string, top int) ([]graph.Group, error) {
	if err := g.permitted(auth.ScopeGroupMemberRead); err != nil {
		return nil, err
	}
	return g.Graph.SearchGroups(ctx, text, top)
}

// GetGroup needs GroupMember.Read.All.
func (g sessionGraph) GetGroup(ctx context.Context, id string) (graph.Group, error) {
	if err := g.permitted(auth.ScopeGroupMemberRead); err != nil {
		return graph.Group{}, err
	}
	return g.Graph.GetGroup(ctx, id)
}

// GetGroups needs GroupMember.Read.All.
func (g sessionGraph) GetGroups(ctx context.Context, ids []string) (map[string]graph.Group, error) {
	if err := g.permitted(auth.ScopeGroupMemberRead); err != nil {
		return nil, err
	}
	return g.Graph.GetGroups(ctx, ids)
}

// MemberCounts needs GroupMember.Read.All.
func (g sessionGraph) MemberCounts(ctx context.Context, ids []string) (map[string]int, error) {
	if err := g.permitted(auth.ScopeGroupMemberRead); err != nil {
		return nil, err
	}
	return g.Graph.MemberCounts(ctx, ids)
}

// peopleReads reads the directory's people and memberships for "who gets
// what" and the impact of a change.
type peopleReads interface {
	SearchUsers(ctx context.Context, text string, top int) ([]graph.User, error)
	ListUsers(ctx context.Context) ([]graph.User, error)
	UserGroups(ctx context.Context, userIDs []string) (map[string][]string, error)
	GroupMembers(ctx context.Context, groupIDs []string) (map[string]graph.Members, error)
}

// errNoPeople is what the people reads return when the inner Graph cannot
// read people at all.
var errNoPeople = errors.New("this Graph connection does not read users or group members")

// people is the inner Graph's people reads, if it has them.
func (g sessionGraph) people() (peopleReads, error) {
	if p, ok := g.Graph.(peopleReads); ok {
		return p, nil
	}
	return nil, errNoPeople
}

// SearchUsers needs User.ReadBasic.All.
func (g sessionGraph) SearchUsers(ctx context.Context, text string, top int) ([]graph.User, error) {
	if err := g.permitted(auth.ScopeUserRead); err != nil {
		return nil, err
	}
	p, err := g.people()
	if err != nil {
		return nil, err
	}
	return p.SearchUsers(ctx, text, top)
}

// ListUsers needs User.ReadBasic.All.
func (g sessionGraph) ListUsers(ctx context.Context) ([]graph.User, error) {
	if err := g.permitted(auth.ScopeUserRead); err != nil {
		return nil, err
	}
	p, err := g.people()
	if err != nil {
		return nil, err
	}
	return p.ListUsers(ctx)
}

// UserGroups needs GroupMember.Read.All (Graph reads another user's
// memberships with it).
func (g sessionGraph) UserGroups(ctx context.Context, userIDs []string) (map[string][]string, error) {
	if err := g.permitted(auth.ScopeGroupMemberRead); err != nil {
		return nil, err
	}
	p, err := g.people()
	if err != nil {
		return nil, err
	}
	return p.UserGroups(ctx, userIDs)
}

// GroupMembers needs GroupMember.Read.All.
func (g sessionGraph) GroupMembers(ctx context.Context, groupIDs []string) (map[string]graph.Members, error) {
	if err := g.permitted(auth.ScopeGroupMemberRead); err != nil {
		return nil, err
	}
	p, err := g.people()
	if err != nil {
		return nil, err
	}
	return p.GroupMembers(ctx, groupIDs)
}

// ChangeAssignments is watched for a role refusal.
func (g sessionGraph) ChangeAssignments(ctx context.Context, ch graph.SetChange) (graph.SetChangeResult, error) {
	r, err := g.Graph.ChangeAssignments(ctx, ch)
	g.watch(err)
	return r, err
}

// UpdateAssignment is watched for a role refusal.
func (g sessionGraph) UpdateAssignment(ctx context.Context, u graph.Update) (graph.UpdateResult, error) {
	r, err := g.Graph.UpdateAssignment(ctx, u)
	g.watch(err)
	return r, err
}

// TenantGraph is the inner one's, watched.
func (g sessionGraph) TenantGraph() TenantGraph {
	inner, ok := tenantGraphOf(g.Graph)
	if !ok {
		return nil
	}
	return watchedTenant{TenantGraph: inner, watch: g.watch}
}

// BulkWriter is the inner one's, watched.
func (g sessionGraph) BulkWriter() bulk.Graph {
	inner, ok := bulkWriterOf(g.Graph)
	if !ok {
		return nil
	}
	return watchedBatches{Graph: inner, watch: g.watch}
}

// FilterGraph is the inner one's: the tenant's filters need
// DeviceManagementConfiguration.Read.All.
func (g sessionGraph) FilterGraph() FilterGraph {
	inner, ok := filterGraphOf(g.Graph)
	if !ok {
		return nil
	}
	return permittedFilters{FilterGraph: inner, permitted: g.permitted}
}

// PriorityGraph is the inner one's, watched.
func (g sessionGraph) PriorityGraph() PriorityGraph {
	inner, ok := priorityGraphOf(g.Graph)
	if !ok {
		return nil
	}
	return watchedPriority{PriorityGraph: inner, watch: g.watch}
}

// watch tells the shell of a role refusal.
func (g sessionGraph) watch(err error) {
	var ge *graph.Error
	if errors.As(err, &ge) && ge.IsRoleRefusal() && g.refused != nil {
		g.refused(ge)
	}
}

// watchedTenant is a TenantGraph whose writes are watched for a role
// refusal, a batch's items included.
type watchedTenant struct {
	TenantGraph
	watch func(error)
}

// watchedBatches is the bulk engine's writer, watched the same way.
type watchedBatches struct {
	bulk.Graph
	watch func(error)
}

func (w watchedBatches) SendBatch(ctx context.Context, reqs []graph.BatchRequest) (graph.BatchAnswer, error) {
	answer, err := w.Graph.SendBatch(ctx, reqs)
	watchBatch(w.watch, reqs, answer, err)
	return answer, err
}

// watchBatch watches a batch and each of its items.
func watchBatch(watch func(error), reqs []graph.BatchRequest, answer graph.BatchAnswer, err error) {
	watch(err)
	for i, r := range answer.Responses {
		if i < len(reqs) {
			watch(r.Err(reqs[i]))
		}
	}
}

func (w watchedTenant) ReplaceAssignments(ctx context.Context, configID string, seen, next []graph.Assignment) (graph.WriteResult, error) {
	r, err := w.TenantGraph.ReplaceAssignments(ctx, configID, seen, next)
	w.watch(err)
	return r, err
}

func (w watchedTenant) SendBatch(ctx context.Context, reqs []graph.BatchRequest) (graph.BatchAnswer, error) {
	answer, err := w.TenantGraph.SendBatch(ctx, reqs)
	watchBatch(w.watch, reqs, answer, err)
	return answer, err
}

// permittedFilters reads the tenant's filters only with their permission.
type permittedFilters struct {
	FilterGraph
	permitted func(permission string) error
}

func (f permittedFilters) ListAssignmentFilters(ctx context.Context) ([]graph.AssignmentFilter, error) {
	if err := f.permitted(auth.ScopeConfigurationRead); err != nil {
		return nil, err
	}
	return f.FilterGraph.ListAssignmentFilters(ctx)
}

// watchedPriority is a reorder whose writes are watched for a role refusal.
type watchedPriority struct {
	PriorityGraph
	watch func(error)
}

func (p watchedPriority) ApplyReorder(ctx context.Context, r graph.Reorder) (graph.ReorderResult, error) {
	res, err := p.PriorityGraph.ApplyReorder(ctx, r)
	p.watch(err)
	return res, err
}
