package graphapi

import (
	"encoding/json"
	"net/http"
	"strings"

	"enrollassign/graph/emulator/wire"
)

func (s *Server) metadata(c *call) string { return s.cfg.BaseURL + "/" + c.version + "/$metadata#" }

// ok answers 200 with a JSON body.
func (s *Server) ok(c *call, status int, body json.RawMessage, header http.Header) result {
	h := http.Header{"Content-Type": {odataJSON}}
	for k, vs := range header {
		h[k] = vs
	}
	return result{status: status, header: h, body: body, route: c.route}
}

func (s *Server) noContent(c *call) result {
	return result{status: http.StatusNoContent, header: http.Header{}, route: c.route}
}

func errConfigurationNotFound(id string) *apiError {
	return intuneError(http.StatusNotFound, "ResourceNotFound", "",
		"No deviceEnrollmentConfiguration with id '%s' exists in this tenant.", id)
}

func errAssignmentNotFound(configID, id string) *apiError {
	return intuneError(http.StatusNotFound, "ResourceNotFound", "",
		"No enrollmentConfigurationAssignment with id '%s' exists on deviceEnrollmentConfiguration '%s'.", id, configID)
}

func (s *Server) listConfigurations(c *call) result {
	q, e := parseQuery(c, "$select", "$expand", "$top", "$skiptoken")
	if e != nil {
		return s.fail(c, e)
	}
	configs := s.store.Configurations()
	from, to, more := q.page(len(configs), s.Settings().PageSize)
	out := collection{Context: s.metadata(c) + "deviceManagement/deviceEnrollmentConfigurations", Value: []json.RawMessage{}}
	for _, cfg := range configs[from:to] {
		ctx := s.metadata(c) + "deviceManagement/deviceEnrollmentConfigurations('" + cfg.ID + "')/assignments"
		out.Value = append(out.Value, viewConfiguration(cfg, c.beta(), q, ctx))
	}
	if more {
		out.NextLink = s.nextLink(c, to)
	}
	return s.ok(c, http.StatusOK, mustJSON(out), nil)
}

func (s *Server) getConfiguration(c *call) result {
	q, e := parseQuery(c, "$select", "$expand")
	if e != nil {
		return s.fail(c, e)
	}
	var body json.RawMessage
	e = s.withConfiguration(c, func(_ *tenant, cfg *wire.Configuration) *apiError {
		ctx := s.metadata(c) + "deviceManagement/deviceEnrollmentConfigurations('" + cfg.ID + "')/assignments"
		body = withContext(viewConfiguration(copyConfiguration(*cfg), c.beta(), q, ctx), s.metadata(c)+"deviceManagement/deviceEnrollmentConfigurations/$entity")
		return nil
	})
	if e != nil {
		return s.fail(c, e)
	}
	return s.ok(c, http.StatusOK, body, nil)
}

func (s *Server) listAssignments(c *call) result {
	if _, e := parseQuery(c); e != nil {
		return s.fail(c, e)
	}
	var out collection
	e := s.withConfiguration(c, func(_ *tenant, cfg *wire.Configuration) *apiError {
		out = collection{Context: s.metadata(c) + "deviceManagement/deviceEnrollmentConfigurations('" + cfg.ID + "')/assignments", Value: []json.RawMessage{}}
		for _, a := range cfg.Assignments {
			out.Value = append(out.Value, viewAssignment(a, c.beta()))
		}
		return nil
	})
	if e != nil {
		return s.fail(c, e)
	}
	return s.ok(c, http.StatusOK, mustJSON(out), nil)
}

func (s *Server) getAssignment(c *call) result {
	if _, e := parseQuery(c); e != nil {
		return s.fail(c, e)
	}
	var body json.RawMessage
	e := s.withAssignment(c, func(t *tenant, cfg *wire.Configuration, i int) *apiError {
		ctx := s.metadata(c) + "deviceManagement/deviceEnrollmentConfigurations('" + cfg.ID + "')/assignments/$entity"
		body = withContext(viewAssignment(cfg.Assignments[i], c.beta()), ctx)
		return nil
	})
	if e != nil {
		return s.fail(c, e)
	}
	return s.ok(c, http.StatusOK, body, nil)
}

// withConfiguration runs f on the call's configuration under the store's
// lock, or reports it missing.
func (s *Server) withConfiguration(c *call, f func(t *tenant, cfg *wire.Configuration) *apiError) *apiError {
	var e *apiError
	s.store.do(func(t *tenant) {
		cfg, found := t.config(c.ids[0])
		if !found {
			e = errConfigurationNotFound(c.ids[0])
			return
		}
		e = f(t, cfg)
	})
	return e
}

// withAssignment runs f on the call's configuration and the index of its
// assignment, or reports either missing.
func (s *Server) withAssignment(c *call, f func(t *tenant, cfg *wire.Configuration, i int) *apiError) *apiError {
	return s.withConfiguration(c, func(t *tenant, cfg *wire.Configuration) *apiError {
		i := assignmentIndex(cfg, c.ids[1])
		if i < 0 {
			return errAssignmentNotFound(cfg.ID, c.ids[1])
		}
		return f(t, cfg, i)
	})
}

// patchAssignment is the documented update: the body's target replaces the
// stored one whole (on v1.0 that drops beta-only filter properties, as the
// shared backend would); the ID stays.
func (s *Server) patchAssignment(c *call) result {
	members, e := readObject(c)
	if e != nil {
		return s.fail(c, e)
	}
	patch, e := decodeAssignment(c.body, c.beta(), false)
	if e != nil {
		return s.fail(c, e)
	}
	_, hasTarget := members["target"]
	var body json.RawMessage
	e = s.withAssignment(c, func(t *tenant, cfg *wire.Configuration, i int) *apiError {
		current := cfg.Assignments[i]
		if patch.ID != "" && !strings.EqualFold(patch.ID, current.ID) {
			return errInvalidValue("id", "the key in the body does not match the key in the URL")
		}
		if e := refuseDefault(cfg, "assignments"); e != nil {
			return e
		}
		next := current
		if hasTarget {
			if e := checkTargetFor(patch.Target, cfg, t); e != nil {
				return e
			}
			if e := checkFilterFor(patch.Target, &current.Target, cfg, t); e != nil {
				return e
			}
			if e := duplicateTarget(cfg, patch.Target, i); e != nil {
				return e
			}
			next.Target = patch.Target
		}
		if c.beta() {
			next = mergeSource(next, patch, members)
		}
		next = canonical(next)
		cfg.Assignments[i] = next
		body = viewAssignment(next, c.beta())
		return nil
	})
	if e != nil {
		return s.fail(c, e)
	}
	return s.ok(c, http.StatusOK, body, nil)
}

// mergeSource applies beta's source and sourceId where the PATCH body
// names them.
func mergeSource(a, patch wire.Assignment, members map[string]json.RawMessage) wire.Assignment {
	if _, ok := members[wire.SourceProperty]; ok {
		a.Source = patch.Source
	}
	if _, ok := members[wire.SourceIDProperty]; ok {
		a.SourceID = patch.SourceID
	}
	return a
}

// duplicateTarget refuses a second assignment of the same target (the
// composite ID would repeat); skip is the index being replaced, or -1.
func duplicateTarget(cfg *wire.Configuration, t wire.Target, skip int) *apiError {
	id := assignmentID(cfg.ID, t)
	for i, a := range cfg.Assignments {
		if i != skip && strings.EqualFold(assignmentID(cfg.ID, a.Target), id) {
			return intuneError(http.StatusBadRequest, "BadRequest", "DuplicateAssignmentTarget",
				"The configuration '%s' already has an assignment for this target (%s).", cfg.ID, id)
		}
	}
	return nil
}

func (s *Server) createAssignment(c *call) result {
	if _, e := readObject(c); e != nil {
		return s.fail(c, e)
	}
	a, e := decodeAssignment(c.body, c.beta(), true)
	if e != nil {
		return s.fail(c, e)
	}
	var body json.RawMessage
	var location string
	e = s.withConfiguration(c, func(t *tenant, cfg *wire.Configuration) *apiError {
		if e := refuseDefault(cfg, "assignments"); e != nil {
			return e
		}
		if e := checkTargetFor(a.Target, cfg, t); e != nil {
			return e
		}
		if e := checkFilterFor(a.Target, nil, cfg, t); e != nil {
			return e
		}
		if e := duplicateTarget(cfg, a.Target, -1); e != nil {
			return e
		}
		a.ID = assignmentID(cfg.ID, a.Target)
		a = canonical(a)
		cfg.Assignments = append(cfg.Assignments, a)
		body = viewAssignment(a, c.beta())
		location = s.cfg.BaseURL + "/" + c.version + "/deviceManagement/deviceEnrollmentConfigurations('" + cfg.ID + "')/assignments('" + a.ID + "')"
		return nil
	})
	if e != nil {
		return s.fail(c, e)
	}
	return s.ok(c, http.StatusCreated, body, http.Header{"Location": {location}})
}

func (s *Server) deleteAssignment(c *call) result {
	e := s.withAssignment(c, func(t *tenant, cfg *wire.Configuration, i int) *apiError {
		if e := refuseDefault(cfg, "assignments"); e != nil {
			return e
		}
		cfg.Assignments = append(cfg.Assignments[:i:i], cfg.Assignments[i+1:]...)
		return nil
	})
	if e != nil {
		return s.fail(c, e)
	}
	return s.noContent(c)
}

// assign replaces the whole set. IDs are derived from the targets, as the
// service derives them; a target twice is refused.
func (s *Server) assign(c *call) result {
	members, e := readObject(c)
	if e != nil {
		return s.fail(c, e)
	}
	if e := checkMembers(members, "assign", []string{"enrollmentConfigurationAssignments"}); e != nil {
		return s.fail(c, e)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(members["enrollmentConfigurationAssignments"], &items); err != nil || items == nil {
		return s.fail(c, errInvalidValue("enrollmentConfigurationAssignments", "an array of assignments is required"))
	}
	set := make([]wire.Assignment, len(items))
	for i, raw := range items {
		if set[i], e = decodeAssignment(raw, c.beta(), true); e != nil {
			return s.fail(c, e)
		}
	}
	e = s.withConfiguration(c, func(t *tenant, cfg *wire.Configuration) *apiError {
		if e := refuseDefault(cfg, "assignments"); e != nil {
			return e
		}
		next := wire.Configuration{ID: cfg.ID, Assignments: []wire.Assignment{}}
		for _, a := range set {
			if e := checkTargetFor(a.Target, cfg, t); e != nil {
				return e
			}
			if e := checkFilterFor(a.Target, storedTarget(cfg, a), cfg, t); e != nil {
				return e
			}
			if e := duplicateTarget(&next, a.Target, -1); e != nil {
				return e
			}
			a.ID = assignmentID(cfg.ID, a.Target)
			next.Assignments = append(next.Assignments, canonical(a))
		}
		cfg.Assignments = next.Assignments
		return nil
	})
	if e != nil {
		return s.fail(c, e)
	}
	return s.noContent(c)
}

// setPriority moves a configuration among the non-default ones of its kind.
func (s *Server) setPriority(c *call) result {
	members, e := readObject(c)
	if e != nil {
		return s.fail(c, e)
	}
	if e := checkMembers(members, "setPriority", []string{"priority"}); e != nil {
		return s.fail(c, e)
	}
	var priority int32
	if err := json.Unmarshal(members["priority"], &priority); err != nil || members["priority"] == nil {
		return s.fail(c, errInvalidValue("priority", "an Edm.Int32 is required"))
	}
	e = s.withConfiguration(c, func(t *tenant, cfg *wire.Configuration) *apiError {
		if e := refuseDefault(cfg, "priority"); e != nil {
			return e
		}
		if n := t.peersOf(cfg); priority < 1 || int(priority) > n {
			return intuneError(http.StatusBadRequest, "BadRequest", "InvalidPriority",
				"Priority %d is out of range: %s configurations take priorities 1 to %d.", priority, kindLabel(cfg.Kind), n)
		}
		t.setPriority(cfg, int(priority), s.cfg.Now())
		return nil
	})
	if e != nil {
		return s.fail(c, e)
	}
	return s.noContent(c)
}
