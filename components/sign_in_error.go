package components

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph/auth"
)

// SignInError is the screen for a failed sign-in: one title per kind of
// failure Entra can return, its description, the code and trace ID support
// asks for, and the next step.
type SignInError struct {
	app.Compo

	Err        error
	OnRetry    func(ctx app.Context)
	OnSettings func(ctx app.Context)
}

// Render draws the screen.
func (c *SignInError) Render() app.UI {
	title, hint, facts := explainSignIn(c.Err)
	return app.Section().Class("panel error-box sign-in-error").Role("alert").Aria("labelledby", "sign-in-error-title").Body(
		app.H2().ID("sign-in-error-title").Text(title),
		app.P().Class("error-hint").Text(hint),
		app.If(len(facts) > 0, func() app.UI {
			return app.Dl().Body(app.Range(facts).Slice(func(i int) app.UI {
				return app.Div().Body(app.Dt().Text(facts[i].Name), app.Dd().Class("fact-"+facts[i].Key).Text(facts[i].Value))
			}))
		}),
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("primary").ID("sign-in-again").Text("Sign in again").
				OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnRetry) }),
			app.Button().Type("button").ID("open-settings-from-error").Text("Settings").
				OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnSettings) }),
		),
	)
}

func call(ctx app.Context, f func(app.Context)) {
	if f != nil {
		f(ctx)
	}
}

// signInTitles name each kind of failure in a few words.
var signInTitles = map[auth.ErrorKind]string{
	auth.ConsentMissing:      "The app has not been granted its permissions",
	auth.PersonalAccount:     "Personal Microsoft accounts cannot sign in",
	auth.AccountNotInTenant:  "This account belongs to another organisation",
	auth.RedirectMismatch:    "This address is not a registered redirect URI",
	auth.Cancelled:           "Sign-in was cancelled",
	auth.CrossOriginNotSPA:   "The redirect URI is not registered as a single-page application",
	auth.MissingOrigin:       "The sign-in was redeemed without the page's Origin",
	auth.CodeRedeemed:        "This sign-in response was already used",
	auth.VerifierMismatch:    "The sign-in response does not match this tab",
	auth.RefreshExpired:      "Your session has ended",
	auth.InteractionRequired: "Your organisation asks you to sign in again",
	auth.UnknownApp:          "The application is not registered in this tenant",
	auth.UnknownTenant:       "The tenant was not found",
	auth.StateMismatch:       "This sign-in response was not started here",
	auth.NonceMismatch:       "The sign-in response failed verification",
	auth.Network:             "The sign-in service could not be reached",
}

// explainSignIn turns a sign-in failure into a title, a next step and facts.
func explainSignIn(err error) (title, hint string, facts []widgets.Fact) {
	var se *auth.SignInError
	if errors.Is(err, auth.ErrNotSignedIn) {
		return "You are signed out", "The session in this tab has ended. Sign in again to carry on.", nil
	}
	if !errors.As(err, &se) {
		if err == nil {
			return "Sign-in failed", "", nil
		}
		return "Sign-in failed", err.Error(), nil
	}
	title = signInTitles[se.Kind]
	if title == "" {
		title = "Sign-in failed"
	}
	facts = widgets.PresentFacts(
		widgets.Fact{Key: "code", Name: "Code", Value: se.Code},
		widgets.Fact{Key: "error", Name: "Error", Value: se.OAuthError},
		widgets.Fact{Key: "description", Name: "Description", Value: se.Description},
		widgets.Fact{Key: "trace-id", Name: "Trace ID", Value: se.TraceID},
		widgets.Fact{Key: "correlation-id", Name: "Correlation ID", Value: se.Correlation},
	)
	return title, se.Hint(), facts
}
