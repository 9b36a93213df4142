package components

import (
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep/history"
	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// finishSetUndo takes back an addition (by removing what it added) or a
// removal (by adding it back), through ChangeAssignments' own re-read and
// checks, and shows how it ended. It runs on the Async goroutine.
func (c *HistoryScreen) finishSetUndo(ctx app.Context, e history.Entry, cfg graph.Configuration, live []graph.Assignment) {
	ch, err := history.UndoSetChange(e, cfg, live)
	var r graph.SetChangeResult
	sent := err == nil
	if sent {
		r, err = c.Graph.ChangeAssignments(ctx, ch)
	}
	ctx.Dispatch(func(ctx app.Context) {
		c.undoing = ""
		if sent {
			c.recordSetUndo(e, history.FromSetChange(c.Keeping.Who, history.SourceUndo, ch, r, err, time.Now()), err)
		}
		switch {
		case SessionEnded(err):
			call2(ctx, c.OnSessionEnded, err)
		case err != nil:
			c.undoErr = err
			c.learnGroups(ctx, widgets.ConflictGroups(asConflict(err)))
		}
	})
}

// recordSetUndo keeps the undo's writes in the history, each pointing at
// the entry it undid, and shows the first when it succeeded.
func (c *HistoryScreen) recordSetUndo(e history.Entry, recs []history.Entry, err error) {
	for i := range recs {
		recs[i].UndoOf = e.ID
	}
	if recErr := c.Keeping.Record(recs...); recErr != nil {
		c.fileErr = recErr
	}
	if err == nil && len(recs) > 0 {
		c.undone = &recs[0]
		focusOn(c.ctx, "undo-result")
	}
	c.reload()
}

// asConflict is err's conflict, or nil.
func asConflict(err error) *graph.ConflictError {
	var ce *graph.ConflictError
	if errors.As(err, &ce) {
		return ce
	}
	return nil
}
