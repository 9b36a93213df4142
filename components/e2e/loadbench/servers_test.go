//go:build !js

package loadbench

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"time"
)

// appServer is one app's server process behind a recording proxy: the browser
// talks to url, the proxy counts what it sends.
type appServer struct {
	cmd    *exec.Cmd
	log    bytes.Buffer
	url    string
	wire   *Wire
	stopPx func()
}

// startServer runs the target's server on a free loopback port and puts
// the proxy in front of it.
func startServer(t *target) (*appServer, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	s := &appServer{wire: &Wire{}}
	s.cmd = exec.Command(t.server(), t.serverArgs(addr)...)
	s.cmd.Dir = t.dir
	s.cmd.Stdout, s.cmd.Stderr = &s.log, &s.log
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", t.name, err)
	}
	backend := &url.URL{Scheme: "http", Host: addr}
	if err := waitUp(backend.String() + "/"); err != nil {
		s.stop()
		return nil, fmt.Errorf("%s: %w\n%s", t.name, err, s.log.String())
	}
	s.url, s.stopPx, err = s.wire.Serve(Proxy(backend))
	if err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func (s *appServer) stop() {
	if s.stopPx != nil {
		s.stopPx()
	}
	if s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}
}

// freeAddr is a loopback address nobody listens on (for a moment).
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// waitUp polls a URL until it answers 200.
func waitUp(u string) error {
	deadline := time.Now().Add(stepTimeout)
	for time.Now().Before(deadline) {
		resp, err := http.Get(u)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s never answered 200", u)
}
