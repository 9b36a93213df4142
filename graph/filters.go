package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// FilterReadPermission is the least privileged Graph permission that reads
// assignment filters ("List deviceAndAppManagementAssignmentFilters",
// beta): DeviceManagementServiceConfig.*, which the rest of the app needs,
// does not. The app asks for it when filters are first shown.
const FilterReadPermission = "DeviceManagementConfiguration.Read.All"

// The navigation from the deviceManagement singleton to the filters.
var filtersPath = []string{"deviceManagement", "assignmentFilters"}

// ListAssignmentFilters reads the tenant's assignment filters. They exist
// on beta only, so the read always goes through beta, whatever this
// client's version. Without FilterReadPermission Graph answers 403: see
// FilterReadRefused.
func (c *Client) ListAssignmentFilters(ctx context.Context) ([]AssignmentFilter, error) {
	all, err := listAll[AssignmentFilter](ctx, c.beta, call{method: http.MethodGet, path: filtersPath})
	if err != nil {
		return nil, fmt.Errorf("listing assignment filters: %w", err)
	}
	return all, nil
}

// FilterReadRefused reports a filter read Graph refused for want of
// permission (403): the filters can still be shown by ID, but not named or
// offered.
func FilterReadRefused(err error) bool {
	var ge *Error
	return errors.As(err, &ge) && ge.Status == http.StatusForbidden
}
