package components

import (
	"context"

	"enrollassign/graph"
)

// FilterGraph is what assignment filters need beyond Graph: the tenant's
// filters, and the assignments as beta shows them, whatever the API version
// (v1.0 hides their filters). main.go's graph.Client provides it.
type FilterGraph interface {
	ListAssignmentFilters(ctx context.Context) ([]graph.AssignmentFilter, error)
	BetaAssignments(ctx context.Context, configurationID string) ([]graph.Assignment, error)
	APIVersion() string
}

// clientFilters is graph.Client as a FilterGraph.
type clientFilters struct{ *graph.Client }

func (c clientFilters) BetaAssignments(ctx context.Context, id string) ([]graph.Assignment, error) {
	return c.Beta().ListAssignments(ctx, id)
}

// filterGraphOf finds the FilterGraph behind the screens' Graph: its own,
// one a wrapper hands out, or the graph.Client's.
func filterGraphOf(g Graph) (FilterGraph, bool) {
	switch v := g.(type) {
	case FilterGraph:
		return v, true
	case interface{ FilterGraph() FilterGraph }:
		fg := v.FilterGraph()
		return fg, fg != nil
	case *graph.Client:
		return clientFilters{v}, true
	}
	return nil, false
}

// PriorityGraph is what reordering a kind's configurations needs;
// graph.Client provides it.
type PriorityGraph interface {
	ListConfigurations(ctx context.Context, opt graph.ListOptions) ([]graph.Configuration, error)
	PreviewReorder(r graph.Reorder) ([]graph.RequestPreview, error)
	ApplyReorder(ctx context.Context, r graph.Reorder) (graph.ReorderResult, error)
}

// priorityGraphOf finds the PriorityGraph behind the screens' Graph: its
// own, or one a wrapper hands out.
func priorityGraphOf(g Graph) (PriorityGraph, bool) {
	switch v := g.(type) {
	case PriorityGraph:
		return v, true
	case interface{ PriorityGraph() PriorityGraph }:
		pg := v.PriorityGraph()
		return pg, pg != nil
	}
	return nil, false
}
