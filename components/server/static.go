//go:build !wasm

package server

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// WritePWA writes the whole PWA under out for any static host: go-app's
// pages and resources, the toolchain's wasm_exec.js over go-app's copy,
// the server's robots.txt,
// web/, and beside every compressible file its .br and .gz variants, for
// hosts that serve precompressed files (see the README).
func WritePWA(out string, c PWAConfig) error {
	b, err := loadBuild(c.Root, c.logf())
	if err != nil {
		return err
	}
	complete(c.App, b)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", out, err)
	}
	if err := app.GenerateStaticWebsite(out, c.App); err != nil {
		return fmt.Errorf("generating the pages: %w", err)
	}
	if err := rewriteFile(filepath.Join(out, "app.js"), rewriteAppJS); err != nil {
		return err
	}
	if err := writeWithVariants(filepath.Join(out, "wasm_exec.js"), b.wasmExec, nil); err != nil {
		return err
	}
	if err := writeWithVariants(filepath.Join(out, robotsPath), []byte(robotsTxt), nil); err != nil {
		return err
	}
	if err := compressGenerated(out); err != nil {
		return err
	}
	return writeWeb(filepath.Join(out, "web"), b)
}

// compressGenerated writes the variants of the files go-app generated at
// the top of out.
func compressGenerated(out string) error {
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("reading %s: %w", out, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !compressible(e.Name()) || isVariantOrTemp(e.Name()) {
			continue
		}
		path := filepath.Join(out, e.Name())
		raw, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("reading %s: %w", path, err)
		}
		if _, err := writeVariants(path, raw); err != nil {
			return err
		}
	}
	return nil
}

// writeWeb writes the build's web/ resources with their variants: the ones
// the build made are copied, the missing ones made now.
func writeWeb(dir string, b *build) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	for p, res := range b.web {
		if err := writeWithVariants(filepath.Join(dir, filepath.Base(p)), res.raw, res.variants); err != nil {
			return err
		}
	}
	return nil
}

// writeWithVariants writes a file and the variants given, then lets
// writeVariants make whatever is missing (it reuses the files just written).
func writeWithVariants(path string, raw []byte, vs variants) error {
	if err := writeFileAtomically(path, raw); err != nil {
		return err
	}
	for _, c := range codings {
		if body, ok := vs[c.name]; ok {
			if err := writeFileAtomically(path+c.suffix, body); err != nil {
				return err
			}
		}
	}
	if !compressible(path) {
		return nil
	}
	_, err := writeVariants(path, raw)
	return err
}

// rewriteFile replaces a file's content with what rewrite makes of it.
func rewriteFile(path string, rewrite func([]byte) ([]byte, error)) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	out, err := rewrite(raw)
	if err != nil {
		return err
	}
	return writeFileAtomically(path, out)
}
