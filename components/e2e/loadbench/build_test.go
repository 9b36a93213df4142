//go:build !js

package loadbench

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"enrollassign/components/server"
)

// wasmFlags are the build flags of every app the benchmark compares;
// appTags are enrollassign's own build tags (the Makefile's WASM_FLAGS has
// both), which go-app's hellos, built as documented, do not get.
var (
	wasmFlags = []string{"-trimpath", "-ldflags=-s -w"}
	appTags   = []string{"-tags=nethttpomithttp2"}
)

// target is one app the benchmark measures: built into its own directory
// under bin/loadbench, served by its own server process.
type target struct {
	name string
	// pkg is the Go package of the app, relative to the repository.
	pkg string
	// tags are build flags of its wasm beyond wasmFlags.
	tags []string
	// serverPkg builds the server instead of pkg, when set: an app whose
	// wasm is another package's, served as that package serves its own.
	serverPkg string
	// dir holds web/ and wasm_exec.js, and the server binary.
	dir string
	// resources are the files of the repository's web/ the app serves.
	resources func(name string) bool
	// serverArgs are the server's arguments to listen on addr.
	serverArgs func(addr string) []string
	// marker is the selector of the first client render measured.
	marker string
	// ready, when set, is a JavaScript condition a first visit also waits
	// for: the app did what it is there to do.
	ready string
	// wasm is app.wasm's size raw and in each coding the server keeps.
	wasm map[string]int
}

func (t *target) server() string { return filepath.Join(t.dir, "server") }

// repoRoot is the module's directory (the benchmark runs in its package's).
func repoRoot() (string, error) {
	out, err := exec.Command(goCommand(), "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "/usr/local/go/bin/go"
}

// build compiles the app's wasm (js/wasm, wasmFlags) and server, lays out
// its directory and precompresses app.wasm as `make build` does.
func (t *target) build(repo string) error {
	web := filepath.Join(t.dir, "web")
	if err := os.MkdirAll(web, 0o755); err != nil {
		return err
	}
	wasm := filepath.Join(web, "app.wasm")
	if err := goBuild(repo, true, wasm, t.pkg, t.tags...); err != nil {
		return err
	}
	serverPkg := t.pkg
	if t.serverPkg != "" {
		serverPkg = t.serverPkg
	}
	if err := goBuild(repo, false, t.server(), serverPkg); err != nil {
		return err
	}
	if err := copyResources(filepath.Join(repo, "web"), web, t.resources); err != nil {
		return err
	}
	goroot, err := exec.Command(goCommand(), "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	if err := copyFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"), filepath.Join(t.dir, "wasm_exec.js")); err != nil {
		return err
	}
	if _, err := server.Precompress(wasm); err != nil {
		return err
	}
	return t.measureWasm(wasm)
}

func goBuild(repo string, forBrowser bool, out, pkg string, tags ...string) error {
	args := append(append([]string{"build"}, wasmFlags...), tags...)
	if !forBrowser {
		args = []string{"build", "-trimpath"}
	}
	cmd := exec.Command(goCommand(), append(args, "-o", out, pkg)...)
	cmd.Dir = repo
	cmd.Env = os.Environ()
	if forBrowser {
		cmd.Env = append(cmd.Env, "GOOS=js", "GOARCH=wasm")
	}
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(cmd.Args[1:], " "), err, msg)
	}
	return nil
}

func (t *target) measureWasm(wasm string) error {
	t.wasm = map[string]int{}
	for name, path := range map[string]string{"raw": wasm, "br": wasm + ".br", "gzip": wasm + ".gz"} {
		info, err := os.Stat(path)
		if err != nil {
			return err
		}
		t.wasm[name] = int(info.Size())
	}
	return nil
}

// copyResources copies the files of the repository's web/ an app serves
// (never a build output: app.wasm is the app's own).
func copyResources(src, dst string, keep func(string) bool) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), "app.wasm") && keep(e.Name()) {
			if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// icons are the resources every PWA here serves: the same local icons.
func icons(name string) bool { return strings.HasPrefix(name, "icon") }

func everything(string) bool { return true }
