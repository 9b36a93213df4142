package widgets

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
)

// GraphError shows a failed call to Graph: what failed, Graph's code and
// message, the request-id and date support asks for, and what to do.
type GraphError struct {
	app.Compo

	// Title says what was being done: "Loading configurations failed".
	Title string
	Err   error
}

// Render draws the error box.
func (c *GraphError) Render() app.UI {
	e := ExplainError(c.Err)
	if e.Message == Offline {
		return app.Section().Class("panel notice offline-error").Role("status").Body(app.P().Text(Offline))
	}
	return app.Section().Class("panel error-box").Role("alert").Body(
		app.H3().Text(c.Title),
		app.P().Class("error-message").Text(e.Message),
		app.If(e.Hint != "", func() app.UI {
			return app.P().Class("error-hint").Body(app.Strong().Text("What to do: "), app.Text(e.Hint))
		}),
		FactList(e.Facts),
	)
}

// FactList draws labelled values (codes, IDs, dates), each in an element
// of class fact-<key>; nothing when there are none.
func FactList(facts []Fact) app.UI {
	return app.If(len(facts) > 0, func() app.UI {
		return app.Dl().Body(app.Range(facts).Slice(func(i int) app.UI {
			return app.Div().Body(app.Dt().Text(facts[i].Name), app.Dd().Class("fact-"+facts[i].Key).Text(facts[i].Value))
		}))
	})
}

// Fact is one labelled value of an explained error.
type Fact struct{ Key, Name, Value string }

// Explained is an error taken apart for a person.
type Explained struct {
	Message string
	Hint    string
	Facts   []Fact
}

// ExplainError reads Graph's errors, validation errors, conflicts and
// network failures; anything else is shown as its text.
func ExplainError(err error) Explained {
	return explainWhen(err, browserOnline())
}

// Offline is what a call that failed for want of the network says, while
// the browser knows it is offline.
const Offline = "Offline — the tenant's data comes back with the connection."

// browserOnline is navigator.onLine; on the server, online.
func browserOnline() bool {
	return app.IsServer || app.Window().Get("navigator").Get("onLine").Bool()
}

// NetworkFailure reports whether err is a request that never reached the
// service (Go's fetch failing in the browser, a dropped connection).
func NetworkFailure(err error) bool {
	var ue *url.Error
	return err != nil && (errors.As(err, &ue) || strings.Contains(err.Error(), "fetch() failed"))
}

// explainWhen is ExplainError with the browser's connectivity given: a
// network failure while offline is the offline sentence, not Go's error.
func explainWhen(err error, online bool) Explained {
	var (
		ge  *graph.Error
		ve  *graph.ValidationError
		ce  *graph.ConflictError
		out Explained
	)
	switch {
	case err == nil:
		return out
	case errors.As(err, &ge):
		out.Message = ge.Message
		if out.Message == "" {
			out.Message = "Graph answered " + strconv.Itoa(ge.Status) + " with no message."
		}
		out.Hint = ge.Hint()
		out.Facts = PresentFacts(
			Fact{"status", "Status", statusText(ge.Status)},
			Fact{"code", "Code", ge.Code},
			Fact{"request-id", "request-id", ge.RequestID},
			Fact{"client-request-id", "client-request-id", ge.ClientRequestID},
			Fact{"date", "Date", ge.Date},
			Fact{"request", "Request", strings.TrimSpace(ge.Method + " " + ge.URL)},
		)
	case errors.As(err, &ve):
		out.Message = ve.Message
		out.Hint = "Correct the field and try again; nothing was sent."
	case errors.As(err, &ce):
		out.Message = "The assignments of this configuration changed since you loaded them, so nothing was written."
		out.Hint = "Reload the configuration to see the current assignments, then make your change again."
	case errors.Is(err, context.DeadlineExceeded):
		out.Message = "Microsoft Graph took too long to answer."
		out.Hint = "Try again in a moment."
	case NetworkFailure(err) && !online:
		out.Message = Offline
	case NetworkFailure(err):
		out.Message = "Microsoft Graph could not be reached: " + err.Error()
		out.Hint = "Check that you are online. If you are, the browser may have blocked the request (CORS) or a proxy refused it."
	default:
		out.Message = err.Error()
	}
	return out
}

func statusText(status int) string {
	if status == 0 {
		return ""
	}
	return strconv.Itoa(status)
}

func PresentFacts(facts ...Fact) []Fact {
	kept := facts[:0]
	for _, f := range facts {
		if f.Value != "" {
			kept = append(kept, f)
		}
	}
	return kept
}
