package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// WriteResult is what a write returned, for the save result and for history:
// the status, the IDs support asks for and the body as sent back.
type WriteResult struct {
	Status          int
	RequestID       string
	ClientRequestID string
	Body            []byte
}

func writeResult(resp response) WriteResult {
	return WriteResult{
		Status:          resp.status,
		RequestID:       resp.header.Get("request-id"),
		ClientRequestID: firstNonEmpty(resp.header.Get("client-request-id"), resp.sentRequestID),
		Body:            resp.body,
	}
}

// ListAssignments reads all of a configuration's assignments.
func (c *Client) ListAssignments(ctx context.Context, configID string) ([]Assignment, error) {
	k, err := listAssignmentsCall(configID)
	if err != nil {
		return nil, err
	}
	all, err := listAll[Assignment](ctx, c, k)
	if err != nil {
		return nil, fmt.Errorf("listing the assignments of configuration %s: %w", configID, err)
	}
	return all, nil
}

func listAssignmentsCall(configID string) (call, error) {
	if err := validateID("configuration.id", configID); err != nil {
		return call{}, err
	}
	return call{method: http.MethodGet, path: configurationPath(configID, "assignments")}, nil
}

// GetAssignment reads one assignment.
func (c *Client) GetAssignment(ctx context.Context, configID, assignmentID string) (Assignment, error) {
	if err := validateIDs(configID, assignmentID); err != nil {
		return Assignment{}, err
	}
	var a Assignment
	k := call{method: http.MethodGet, path: configurationPath(configID, "assignments", assignmentID)}
	if err := c.getJSON(ctx, c.request(k), &a); err != nil {
		return Assignment{}, fmt.Errorf("reading assignment %s: %w", assignmentID, err)
	}
	return a, nil
}

// CreateAssignment adds an assignment to a configuration and returns it as
// the service stored it. A POST is never retried: it may have taken effect.
func (c *Client) CreateAssignment(ctx context.Context, configID string, a Assignment) (Assignment, error) {
	k, err := createCall(configID, a)
	if err != nil {
		return Assignment{}, err
	}
	resp, err := c.do(ctx, c.request(k))
	if err != nil {
		return Assignment{}, fmt.Errorf("creating an assignment of configuration %s: %w", configID, err)
	}
	if len(resp.body) == 0 {
		return a, nil
	}
	var created Assignment
	if err := json.Unmarshal(resp.body, &created); err != nil {
		return Assignment{}, fmt.Errorf("reading the created assignment: %w", err)
	}
	return created, nil
}

// DeleteAssignment removes one assignment.
func (c *Client) DeleteAssignment(ctx context.Context, configID, assignmentID string) error {
	k, err := deleteCall(configID, assignmentID)
	if err != nil {
		return err
	}
	if _, err := c.do(ctx, c.request(k)); err != nil {
		return fmt.Errorf("deleting assignment %s: %w", assignmentID, err)
	}
	return nil
}

func createCall(configID string, a Assignment) (call, error) {
	if err := validateWritableConfiguration(configID); err != nil {
		return call{}, err
	}
	if _, err := ValidateTarget(a.Target); err != nil {
		return call{}, err
	}
	body, err := a.MarshalJSON()
	if err != nil {
		return call{}, fmt.Errorf("writing assignment: %w", err)
	}
	return call{method: http.MethodPost, path: configurationPath(configID, "assignments"), body: body}, nil
}

func deleteCall(configID, assignmentID string) (call, error) {
	if err := validateWritableConfiguration(configID); err != nil {
		return call{}, err
	}
	if err := validateID("assignment.id", assignmentID); err != nil {
		return call{}, err
	}
	return call{method: http.MethodDelete, path: configurationPath(configID, "assignments", assignmentID)}, nil
}

// PatchAssignment sends the documented update exactly as the seed shows it:
// PATCH …/assignments/{id} with the assignment's type and new target. Many
// tenants refuse it (see UpdateAssignment, which falls back to Assign).
func (c *Client) PatchAssignment(ctx context.Context, configID string, a Assignment) (WriteResult, error) {
	k, err := patchCall(configID, a)
	if err != nil {
		return WriteResult{}, err
	}
	resp, err := c.do(ctx, c.request(k))
	if err != nil {
		return WriteResult{}, fmt.Errorf("updating assignment %s: %w", a.ID, err)
	}
	return writeResult(resp), nil
}

func patchCall(configID string, a Assignment) (call, error) {
	if err := validateWritableConfiguration(configID); err != nil {
		return call{}, err
	}
	if err := validateID("assignment.id", a.ID); err != nil {
		return call{}, err
	}
	if _, err := ValidateTarget(a.Target); err != nil {
		return call{}, err
	}
	body, err := a.PatchBody()
	if err != nil {
		return call{}, fmt.Errorf("writing assignment %s: %w", a.ID, err)
	}
	return call{method: http.MethodPatch, path: configurationPath(configID, "assignments", a.ID), body: body}, nil
}

// Assign replaces all of a configuration's assignments with all (the assign
// action). Every assignment is written in full, so properties this client
// does not know survive. An empty set removes every assignment.
func (c *Client) Assign(ctx context.Context, configID string, all []Assignment) (WriteResult, error) {
	k, err := assignCall(configID, all)
	if err != nil {
		return WriteResult{}, err
	}
	resp, err := c.do(ctx, c.request(k))
	if err != nil {
		return WriteResult{}, fmt.Errorf("assigning configuration %s: %w", configID, err)
	}
	return writeResult(resp), nil
}

func assignCall(configID string, all []Assignment) (call, error) {
	if err := validateWritableConfiguration(configID); err != nil {
		return call{}, err
	}
	for i, a := range all {
		if a.Target.Kind == "" {
			return call{}, &ValidationError{fmt.Sprintf("assignments[%d].target.@odata.type", i), "missing"}
		}
	}
	if all == nil {
		all = []Assignment{}
	}
	var w objectWriter
	w.member("enrollmentConfigurationAssignments", all)
	body, err := w.bytes()
	if err != nil {
		return call{}, fmt.Errorf("writing the assignments of configuration %s: %w", configID, err)
	}
	return call{method: http.MethodPost, path: configurationPath(configID, "assign"), body: body}, nil
}

func validateIDs(configID, assignmentID string) error {
	if err := validateID("configuration.id", configID); err != nil {
		return err
	}
	return validateID("assignment.id", assignmentID)
}
