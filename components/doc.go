// Package components is the app in the browser: Route declares its one
// page, the Shell (shell.go) owns the settings, the sign-in life cycle and
// which screen is shown, and draws every screen, one go-app component per
// file. From main.go, any screen is two hops away: Route → Shell → screen.
//
// The screens, each with the parts only it uses:
//
//	sign_in.go, sign_in_error.go    signing in, and why it failed
//	settings_form.go                cloud, tenant, app registration, API version
//	configuration_list.go           every configuration, searchable
//	configuration_detail.go         one configuration's assignments, in its
//	  assignment_list.go                   included and excluded lists;
//	  target_editor*.go, group_picker*.go  changing one target;
//	  configuration_detail_sets.go,
//	  set_change_editor*.go                adding and removing assignments;
//	  member_counts.go                     group names, kinds, member counts
//	bulk_screen*.go                 many changes at once;
//	  bulk_selection.go, bulk_operation.go, bulk_dry_run.go,
//	  bulk_progress.go, bulk_outcomes.go, bulk_entry.go (the way in)
//	history_screen.go               every write, exported, undone
//	who_gets_what.go                what applies to a user, and why
//	backup_screen.go, backup_*.go   backup and restore
//	draft_offer.go                  unsent work offered back (on the list)
//
// The shell's ways to them are bulk_shell.go, safety_shell.go and
// people_shell.go (which also holds the session's copy of the directory,
// people.go: read for who gets what and every preview's impact, dropped on
// sign-out); its part
// in permissions is permission_shell.go (asking for a feature's permission
// and coming back, refusals, read-only sessions), and permissions.go is
// what screens get of it (Permissions, and sessionGraph between them and
// Graph). What the screens need from outside is in ports.go (Graph,
// Session, Browser, Files);
// the environment the server writes for the client in demo.go and
// clouds_offered.go; test knobs in options.go. Beside this package:
//
//	widgets   presentational pieces: header, banners, errors, a conflict's
//	          versions, a request previewed, a save's result, the words
//	browser   the page: window, storages, files
//	keep      what the browser stores, and sign-out's clearing of it
//	server    everything outside the browser (!wasm)
//	e2e       the real-browser tests
//
// Screens and the shell share this package because go-app's test engine
// mounts a component only through test hooks declared in the component's
// own package: a test that walks a session from the shell into a screen
// needs both here. Widgets need no such hooks, and live apart.
//
// Data flows one way: an event starts a call inside ctx.Async, the result
// comes back through ctx.Dispatch, and the component renders again.
package components
