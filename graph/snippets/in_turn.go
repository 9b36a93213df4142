package snippets

import (
	"strings"

	"enrollassign/graph"
)

// inTurn writes a request with an SDK that has no $batch of its own: a
// batch's items one after the other, in the batch's order, each under a
// line comment (comment is the language's marker, "//" or "#").
func inTurn(r graph.Request, comment string, single func(*strings.Builder, graph.Request) error) (string, error) {
	var code strings.Builder
	if !r.IsBatch() {
		err := single(&code, r)
		return code.String(), err
	}
	code.WriteString(comment + " The app sends these as one $batch; here each is awaited in turn, in the batch's order.\n")
	for _, item := range r.Batch {
		code.WriteString("\n" + comment + " Request " + item.ID + " of the batch\n")
		if err := single(&code, item.Request); err != nil {
			return "", err
		}
	}
	return code.String(), nil
}
