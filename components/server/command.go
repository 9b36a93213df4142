//go:build !wasm

package server

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components"
	"enrollassign/graph/cloud"
	"enrollassign/graph/emulator"
	"enrollassign/graph/emulator/demo"
)

// Main is the server side: `enrollassign [flags]` serves the app (with the
// demo emulator unless -no-emulator); `enrollassign static [flags]` writes
// the app as plain files; `enrollassign precompress FILE...` writes the
// brotli and gzip variants of build outputs; `enrollassign size FILE`
// weighs each package's code in a client build.
func Main(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "static":
			return runStatic(args[1:])
		case "precompress":
			return runPrecompress(args[1:])
		case "size":
			return runSize(args[1:])
		}
	}
	cfg, err := parseServeFlags(args)
	if err != nil {
		return 2
	}
	if err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "enrollassign:", err)
		return 1
	}
	return 0
}

// runPrecompress is `enrollassign precompress FILE...`, which `make build`
// runs on app.wasm: brotli 11 takes about half a minute, so it is done once
// per build (and skipped when the variants already match), never per request.
func runPrecompress(paths []string) int {
	report, err := Precompress(paths...)
	for _, line := range report {
		fmt.Println(line)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "enrollassign precompress:", err)
		return 1
	}
	return 0
}

// warnf tells the operator about a resource served less well than it could be.
func warnf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "enrollassign: "+format+"\n", args...)
}

// serveConfig is what the flags set.
type serveConfig struct {
	Addr, EntraAddr, GraphAddr string
	NoEmulator                 bool
	Mode                       string
	Root                       string
	// Clouds is the -clouds flag: the national clouds offered ("" for all).
	Clouds string
	// TimeScale is the demo emulator's (the -time-scale flag).
	TimeScale float64
}

func parseServeFlags(args []string) (serveConfig, error) {
	var c serveConfig
	fs := flag.NewFlagSet("enrollassign", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8000", "address to serve the app on")
	fs.StringVar(&c.EntraAddr, "entra-addr", "127.0.0.1:8001", "address of the demo Microsoft Entra ID")
	fs.StringVar(&c.GraphAddr, "graph-addr", "127.0.0.1:8002", "address of the demo Microsoft Graph")
	fs.BoolVar(&c.NoEmulator, "no-emulator", false, "serve the app without starting the emulator; the demo cloud still points at -entra-addr and -graph-addr")
	fs.StringVar(&c.Mode, "mode", "documented", "emulator write mode: documented (PATCH works) or as-reported (PATCH refused, assign only)")
	fs.Float64Var(&c.TimeScale, "time-scale", 1, "the demo emulator's time scale (0.05 makes Intune's 20-second throttling window last one second): the emulator started runs at it, and with -no-emulator it is the one at -graph-addr; the app paces its bulk changes to it")
	fs.StringVar(&c.Root, "root", ".", "directory holding web/ (app.wasm, CSS, icons) and wasm_exec.js")
	fs.StringVar(&c.Clouds, "clouds", "", cloudsUsage)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: enrollassign [flags]\n       enrollassign static [-out dir] [flags]\n\nflags:")
		fs.PrintDefaults()
	}
	return c, fs.Parse(args)
}

// run serves until SIGINT or SIGTERM.
func run(c serveConfig, out io.Writer) error {
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listening for the app: %w", err)
	}
	appURL := "http://" + ln.Addr().String() + "/"
	var emu *emulator.Emulator
	if !c.NoEmulator {
		emu, err = startEmulator(c, appURL)
		if err != nil {
			ln.Close()
			return err
		}
		defer emu.Close()
	}
	d := c.demo(emu)
	clouds, err := parseClouds(c.Clouds)
	if err != nil {
		ln.Close()
		return err
	}
	h, err := NewAppHandler(AppConfig{Root: c.Root, Demo: d, Clouds: clouds, Logf: warnf})
	if err != nil {
		ln.Close()
		return err
	}
	printWelcome(out, appURL, d, !c.NoEmulator)
	return serveUntilSignalled(newHTTPServer(h), ln)
}

func startEmulator(c serveConfig, appURL string) (*emulator.Emulator, error) {
	mode, err := emulator.ParseMode(c.Mode)
	if err != nil {
		return nil, err
	}
	emu, err := emulator.Start(emulator.Options{
		EntraAddr:       c.EntraAddr,
		GraphAddr:       c.GraphAddr,
		SPARedirectURIs: redirectURIs(appURL),
		Mode:            mode,
		TimeScale:       c.TimeScale,
	})
	if err != nil {
		return nil, fmt.Errorf("starting the demo emulator: %w", err)
	}
	return emu, nil
}

// redirectURIs registers the app's root under both loopback names, so the
// demo works whether the browser was pointed at 127.0.0.1 or localhost.
func redirectURIs(appURL string) []string {
	uris := []string{appURL}
	if strings.Contains(appURL, "://127.0.0.1:") {
		uris = append(uris, strings.Replace(appURL, "://127.0.0.1:", "://localhost:", 1))
	}
	return uris
}

func serveUntilSignalled(srv *http.Server, ln net.Listener) error {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-stop:
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(ctx)
	}
}

// demo is the demo tenant the server offers: its emulator's, users and
// all, when it started one (emu); else the one at -entra-addr and
// -graph-addr, whose users it cannot vouch for.
func (c serveConfig) demo(emu *emulator.Emulator) components.Demo {
	if emu != nil {
		return EmulatorTenant(emu, c.TimeScale)
	}
	d := DemoTenant("http://"+c.EntraAddr, "http://"+c.GraphAddr)
	d.TimeScale = c.TimeScale
	return d
}

// DemoTenant is the demo tenant at entraURL and graphURL as the client sees
// it, at real time. It names no users: who signs in there is known only of
// an emulator this server started (EmulatorTenant).
func DemoTenant(entraURL, graphURL string) components.Demo {
	return components.Demo{
		Cloud:    cloud.Demo(entraURL, graphURL),
		Tenant:   demo.TenantID,
		ClientID: demo.ClientID,
	}
}

// EmulatorTenant is the tenant of an emulator this process started at
// timeScale: DemoTenant with the users its sign-in page offers, which the
// app's banner lists.
func EmulatorTenant(emu *emulator.Emulator, timeScale float64) components.Demo {
	d := DemoTenant(emu.EntraURL(), emu.GraphURL())
	d.TimeScale = timeScale
	for _, u := range demo.Users() {
		d.Users = append(d.Users, u.UPN)
	}
	return d
}

func printWelcome(w io.Writer, appURL string, d components.Demo, emulated bool) {
	fmt.Fprintf(w, "enrollassign is serving the app at %s\n\n", appURL)
	if emulated {
		fmt.Fprintf(w, "Demo emulator (a local Microsoft Entra ID and Microsoft Graph):\n")
	} else {
		fmt.Fprintf(w, "No emulator started (-no-emulator); the demo cloud points at:\n")
	}
	fmt.Fprintf(w, "  Entra ID  %s\n  Graph     %s\n", d.Cloud.AuthorityURL, d.Cloud.GraphURL)
	fmt.Fprintf(w, "  tenant    %s (%s)\n  client ID %s\n\n", demo.TenantDomain, d.Tenant, d.ClientID)
	// The users are the emulator's: another stand-in has its own.
	if emulated {
		fmt.Fprintf(w, "Demo users (pick one on the emulator's sign-in page):\n")
		for _, u := range demo.Users() {
			fmt.Fprintf(w, "  %-34s %s\n", u.UPN, u.Role)
		}
	}
	fmt.Fprintln(w, "\nPress Ctrl+C to stop.")
}

// ---------------------------------------------------------------- handler

// AppConfig is what the app handler serves.
type AppConfig struct {
	// Root holds web/ (app.wasm and its compressed variants, CSS, icons)
	// and wasm_exec.js.
	Root string
	// Build, when set, is Root already read (LoadBuild), and Root is not
	// read again.
	Build *Build
	// Demo is the emulator's tenant, or the zero Demo for none.
	Demo components.Demo
	// Logf reports resources served less well than they could be (no
	// compressed variant); nil discards it.
	Logf func(format string, args ...any)
	// Clouds are the national clouds offered in Settings and allowed by the
	// Content-Security-Policy; nil offers every one (security.go).
	Clouds []cloud.Cloud
}

// NewAppHandler builds the handler that serves the PWA: go-app's pages and
// resources, web/, and the toolchain's wasm_exec.js, all precompressed
// (see components/server).
func NewAppHandler(c AppConfig) (http.Handler, error) {
	h, err := NewPWA(c.pwa())
	if err != nil {
		return nil, err
	}
	return withSecurityHeaders(h, c.securityHeaders()), nil
}

func (c AppConfig) pwa() PWAConfig {
	return PWAConfig{App: newGoAppHandler(c), Root: c.Root, Build: c.Build, Logf: c.Logf}
}

// newGoAppHandler configures go-app: names, local icons (its default icons
// are remote, which breaks the offline cache), styles, and the demo tenant
// in the client's environment. components/server completes it with the build's
// version and its service worker.
func newGoAppHandler(c AppConfig) *app.Handler {
	env := components.CloudsEnv(cloudIDs(c.offeredClouds()))
	if c.Demo.Enabled() {
		maps.Copy(env, components.DemoEnv(c.Demo))
	}
	return &app.Handler{
		Name:        "Enrollment assignments",
		ShortName:   "Enrollment",
		Title:       "Enrollment assignments",
		Description: "See and change who each Intune device enrollment configuration is assigned to.",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			SVG:      "/web/icon.svg",
			Maskable: "/web/icon-maskable-512.png",
		},
		BackgroundColor: "#f3f5f8",
		ThemeColor:      "#0f5ea8",
		LoadingLabel:    "Loading the app… {progress}%",
		Styles:          []string{"/web/app.css"},
		// Not deferred: it runs while the page is parsed, before go-app's
		// deferred app.js registers the service worker (security.go).
		Scripts: []string{trustedTypesScript},
		Env:     env,
	}
}
