//go:build !wasm

package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// runStatic is `enrollassign static`: the whole PWA as plain files for any
// static host or CDN.
func runStatic(args []string) int {
	fs := flag.NewFlagSet("enrollassign static", flag.ContinueOnError)
	out := fs.String("out", "static", "directory to write the app to")
	root := fs.String("root", ".", "directory holding web/ and wasm_exec.js")
	entra := fs.String("entra-addr", "127.0.0.1:8001", "address of the demo Microsoft Entra ID the app offers")
	graphAddr := fs.String("graph-addr", "127.0.0.1:8002", "address of the demo Microsoft Graph the app offers")
	noDemo := fs.Bool("no-demo", false, "leave the demo tenant out: users choose a national cloud in Settings")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	c := appConfig{Root: *root}
	if !*noDemo {
		c.Demo = demoTenant("http://"+*entra, "http://"+*graphAddr)
	}
	if err := writeStatic(*out, c); err != nil {
		fmt.Fprintln(os.Stderr, "enrollassign static:", err)
		return 1
	}
	fmt.Printf("wrote the app to %s/\n", *out)
	return 0
}

// writeStatic generates the pages and go-app's resources, then puts the
// toolchain's wasm_exec.js over go-app's copy and copies web/ beside them.
func writeStatic(out string, c appConfig) error {
	wasmExec, err := os.ReadFile(filepath.Join(c.Root, "wasm_exec.js"))
	if err != nil {
		return fmt.Errorf("the toolchain's wasm_exec.js is missing (make build copies it): %w", err)
	}
	h, err := newGoAppHandler(c, wasmExec)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", out, err)
	}
	if err := app.GenerateStaticWebsite(out, h); err != nil {
		return fmt.Errorf("generating the pages: %w", err)
	}
	if err := os.WriteFile(filepath.Join(out, "wasm_exec.js"), wasmExec, 0o644); err != nil {
		return fmt.Errorf("writing wasm_exec.js: %w", err)
	}
	return copyDir(filepath.Join(c.Root, "web"), filepath.Join(out, "web"))
}

// copyDir copies the regular files of src into dst (one level: web/ is flat).
func copyDir(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("reading %s: %w", src, err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dst, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("copying %s: %w", src, err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("copying to %s: %w", dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copying to %s: %w", dst, err)
	}
	return out.Close()
}
