package graph

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ListOptions shape a configurations listing.
type ListOptions struct {
	// ExpandAssignments reads every configuration's assignments in the same
	// request ($expand=assignments).
	ExpandAssignments bool
	// Select limits the properties read ($select); empty reads them all.
	Select []string
	// Top asks for pages of this size ($top); 0 lets Graph choose.
	Top int
}

func (o ListOptions) query() url.Values {
	q := url.Values{}
	if o.ExpandAssignments {
		q.Set("$expand", "assignments")
	}
	if len(o.Select) > 0 {
		q.Set("$select", strings.Join(o.Select, ","))
	}
	if o.Top > 0 {
		q.Set("$top", strconv.Itoa(o.Top))
	}
	return q
}

// ListConfigurations reads every device enrollment configuration of the
// tenant, following @odata.nextLink to the last page.
func (c *Client) ListConfigurations(ctx context.Context, opts ListOptions) ([]Configuration, error) {
	all, err := listAll[Configuration](ctx, c, call{method: http.MethodGet, path: configurationsPath, query: opts.query()})
	if err != nil {
		return nil, fmt.Errorf("listing configurations: %w", err)
	}
	return all, nil
}

// GetConfiguration reads one configuration.
func (c *Client) GetConfiguration(ctx context.Context, id string) (Configuration, error) {
	if err := validateID("configuration.id", id); err != nil {
		return Configuration{}, err
	}
	var cfg Configuration
	if err := c.getJSON(ctx, c.request(call{method: http.MethodGet, path: configurationPath(id)}), &cfg); err != nil {
		return Configuration{}, fmt.Errorf("reading configuration %s: %w", id, err)
	}
	return cfg, nil
}

// SetPriority moves a configuration to another priority (1 is applied
// first). Default configurations keep priority 0 and are refused here.
func (c *Client) SetPriority(ctx context.Context, configID string, priority int) error {
	k, err := setPriorityCall(configID, priority)
	if err != nil {
		return err
	}
	if _, err := c.do(ctx, c.request(k)); err != nil {
		return fmt.Errorf("setting the priority of configuration %s: %w", configID, err)
	}
	return nil
}

func setPriorityCall(configID string, priority int) (call, error) {
	if err := validateWritableConfiguration(configID); err != nil {
		return call{}, err
	}
	if priority < 1 || priority > 1<<31-1 {
		return call{}, &ValidationError{"priority", "must be 1 or more: 0 belongs to the tenant's default configurations"}
	}
	body := []byte(`{"priority":` + strconv.Itoa(priority) + `}`)
	return call{method: http.MethodPost, path: configurationPath(configID, "setPriority"), body: body}, nil
}

// validateWritableConfiguration refuses, before any request, an ID that is
// malformed or names one of the tenant's default configurations.
func validateWritableConfiguration(configID string) error {
	if err := validateID("configuration.id", configID); err != nil {
		return err
	}
	if isDefaultID(configID) {
		return &ValidationError{"configuration", configID + " is one of the tenant's default configurations: they apply to all users and devices, and their assignments and priority cannot be changed"}
	}
	return nil
}
