package history

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// ExportFormat names the JSON export, so that a file is recognised.
const ExportFormat = "enrollassign-history"

// Export is the JSON export of a log.
type Export struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	Tenant     string    `json:"tenantId"`
	User       string    `json:"user"`
	ExportedAt time.Time `json:"exportedAt"`
	Entries    []Entry   `json:"entries"`
}

// ExportJSON writes entries as an indented JSON document.
func ExportJSON(who Who, entries []Entry, at time.Time) ([]byte, error) {
	if entries == nil {
		entries = []Entry{}
	}
	return json.MarshalIndent(Export{Format: ExportFormat, Version: version, Tenant: who.Tenant, User: who.User,
		ExportedAt: at.UTC(), Entries: entries}, "", "  ")
}

// csvHeader names the CSV columns; targets are their JSON, so that nothing
// is lost to a spreadsheet.
var csvHeader = []string{"time", "user", "tenant", "source", "configurationId", "configurationName", "configurationKind",
	"assignmentId", "assignmentIdAfter", "before", "after", "write", "apiVersion", "status", "requestId",
	"outcome", "error", "undoOf", "id"}

// ExportCSV writes entries as CSV (RFC 4180), one row per entry. A cell a
// spreadsheet would run as a formula (starting with = + - @, tab or CR)
// is prefixed with an apostrophe: error messages come from the service.
func ExportCSV(entries []Entry) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(csvHeader); err != nil {
		return nil, err
	}
	for _, e := range entries {
		before, err := targetJSON(e.Before)
		if err != nil {
			return nil, err
		}
		after, err := targetJSON(e.After)
		if err != nil {
			return nil, err
		}
		status := ""
		if e.Status != 0 {
			status = strconv.Itoa(e.Status)
		}
		row := []string{e.Time.UTC().Format(time.RFC3339Nano), e.User, e.Tenant, string(e.Source),
			e.ConfigurationID, e.ConfigurationName, string(e.ConfigurationKind), e.AssignmentID, e.AssignmentIDAfter,
			before, after, e.Write, e.APIVersion, status, e.RequestID, string(e.Outcome), e.Error, e.UndoOf, e.ID}
		for i := range row {
			row[i] = defuse(row[i])
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

func targetJSON(t interface{ MarshalJSON() ([]byte, error) }) (string, error) {
	raw, err := t.MarshalJSON()
	if err != nil {
		return "", err
	}
	if string(raw) == "{}" {
		return "", nil
	}
	return string(raw), nil
}

// defuse keeps a spreadsheet from reading a cell as a formula.
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
