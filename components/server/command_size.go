//go:build !wasm

package server

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// runSize is `enrollassign size NAMED.wasm [SHIPPED.wasm]`, which `make
// size` runs on a build of the client that keeps its function names: what
// each package's code weighs, raw and in brotli; then what the shipped
// build and its brotli variant weigh.
func runSize(args []string) int {
	if len(args) < 1 || len(args) > 2 {
		fmt.Fprintln(os.Stderr, "usage: enrollassign size NAMED.wasm [SHIPPED.wasm] (NAMED built without -ldflags=-s)")
		return 2
	}
	err := printSizes(args[0])
	if err == nil && len(args) == 2 {
		err = printShipped(args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "enrollassign size:", err)
		return 1
	}
	return 0
}

func printSizes(path string) error {
	wasm, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	paths, err := clientPackages()
	if err != nil {
		return err
	}
	rep, err := ReadSizes(wasm, paths)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	lines, err := rep.Lines(11)
	if err != nil {
		return err
	}
	rep.Print(os.Stdout, lines, 100_000)
	return nil
}

// printShipped says what the build the server sends weighs, raw and as
// the brotli variant `make build` wrote beside it.
func printShipped(path string) error {
	raw, err := os.Stat(path)
	if err != nil {
		return err
	}
	line := fmt.Sprintf("%s: %.3f MB", path, mb(int(raw.Size())))
	if br, err := os.Stat(path + ".br"); err == nil {
		line += fmt.Sprintf(", brotli %.3f MB", mb(int(br.Size())))
	}
	fmt.Println(line)
	return nil
}

// clientPackages are the import paths of the client's build, as the go
// command in the working directory lists them.
func clientPackages() ([]string, error) { return clientPackagesIn(".") }

func clientPackagesIn(dir string) ([]string, error) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -deps: %w", err)
	}
	return strings.Fields(string(out)), nil
}
