package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var servingLine = regexp.MustCompile(`serving GraphQL on (http://\S+)/graphql`)

// startServe runs `patronage serve` as main would, on a free port, and
// returns the base URL and a function that stops it and returns run's error.
func startServe(t *testing.T, env map[string]string, args ...string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), func(k string) string { return env[k] }, &stdout, &stderr)
	}()
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			t.Fatalf("serve did not stop; stderr:\n%s", stderr.String())
			return nil
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingLine.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], stop
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped before serving: %v; stderr:\n%s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("serve did not print its address; stdout %q stderr %q", stdout.String(), stderr.String())
	return "", nil
}

func TestServeEndToEnd(t *testing.T) {
	base, stop := startServe(t, nil, "--log-level", "warn")
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "ready ") {
		t.Errorf("/readyz: %d %q", resp.StatusCode, body)
	}
	q := `{"query":"{ datasetVersion entity(id: \"C_OSMACH\") { name flags { sanctioned } } }"}`
	resp, err = http.Post(base+"/graphql", "application/json", strings.NewReader(q))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Data struct {
			DatasetVersion string
			Entity         struct {
				Name  string
				Flags struct{ Sanctioned bool }
			}
		}
		Extensions struct{ DatasetVersion string }
	}
	err = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if err != nil || got.Data.Entity.Name == "" || !got.Data.Entity.Flags.Sanctioned || got.Data.DatasetVersion == "" || got.Extensions.DatasetVersion != got.Data.DatasetVersion {
		t.Errorf("POST /graphql on the seeds: %+v (%v)", got, err)
	}
	if err := stop(); err != nil {
		t.Errorf("serve returned %v after its context was cancelled, want nil (graceful shutdown)", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Errorf("the server still answers after shutdown")
	}
}

func TestServeFlags(t *testing.T) {
	base, stop := startServe(t, map[string]string{"PATRONAGE_INTROSPECTION": "false", "PATRONAGE_LOG_LEVEL": "error"})
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ __schema { types { name } } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "INTROSPECTION_DISABLED") {
		t.Errorf("PATRONAGE_INTROSPECTION=false: introspection answered %s", body)
	}
	if err := stop(); err != nil {
		t.Error(err)
	}

	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"PATRONAGE_INTROSPECTION": "maybe"}, nil, "PATRONAGE_INTROSPECTION"},
		{map[string]string{"PATRONAGE_REQUEST_TIMEOUT": "soon"}, nil, "PATRONAGE_REQUEST_TIMEOUT"},
		{nil, []string{"--max-depth", "0"}, "must be positive"},
		{nil, []string{"--max-selections", "0"}, "must be positive"},
		{map[string]string{"PATRONAGE_MAX_SELECTIONS": "many"}, nil, "PATRONAGE_MAX_SELECTIONS"},
		{nil, []string{"--log-level", "loud"}, "log level"},
		{nil, []string{"--listen", "256.0.0.1:99999"}, "serve:"},
		{nil, []string{"extra"}, "no arguments"},
	} {
		var out, errb bytes.Buffer
		args := append([]string{"serve"}, tc.args...)
		err := run(context.Background(), args, func(k string) string { return tc.env[k] }, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("serve %v with %v: err = %v, want one mentioning %q", tc.args, tc.env, err, tc.want)
		}
	}
}

// TestListenAddress: what serve prints and logs is what it is bound to;
// the address to browse to says localhost only for every interface.
func TestListenAddress(t *testing.T) {
	for _, tc := range []struct {
		addr          net.TCPAddr
		bound, browse string
	}{
		{net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "[::]:8080, every interface", "localhost:8080"},
		{net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "0.0.0.0:8080, every interface", "localhost:8080"},
		{net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9}, "127.0.0.1:9", "127.0.0.1:9"},
	} {
		if got := boundAddr(&tc.addr); got != tc.bound {
			t.Errorf("boundAddr(%v) = %q, want %q", &tc.addr, got, tc.bound)
		}
		if got := displayAddr(&tc.addr); got != tc.browse {
			t.Errorf("displayAddr(%v) = %q, want %q", &tc.addr, got, tc.browse)
		}
	}
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--listen", "127.0.0.1:0"}, func(string) string { return "" }, &stdout, &stderr)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for servingLine.FindString(stdout.String()) == "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`http://127\.0\.0\.1:(\d+)/graphql \(listening on 127\.0\.0\.1:(\d+)\)`).FindStringSubmatch(stdout.String())
	if m == nil || m[1] != m[2] || !strings.Contains(stderr.String(), "listen=127.0.0.1:"+m[1]+" ") {
		t.Errorf("serve --listen 127.0.0.1:0 printed %q and logged %q; want the bound address in both", stdout.String(), stderr.String())
	}
}

// TestServeProfiler: --pprof serves Go's profiler on its own address only,
// stops with the server, and a busy address is refused before serving.
func TestServeProfiler(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base, stop := startServe(t, nil, "--log-level", "warn", "--pprof", addr)
	get := func(url string) int {
		resp, err := http.Get(url)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get("http://" + addr + "/debug/pprof/cmdline"); code != http.StatusOK {
		t.Errorf("the profiler at %s: %d, want 200", addr, code)
	}
	if code := get(base + "/debug/pprof/cmdline"); code == http.StatusOK {
		t.Errorf("the API's address serves the profiler too")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if code := get("http://" + addr + "/debug/pprof/cmdline"); code != 0 {
		t.Errorf("the profiler still answers (%d) after the server stopped", code)
	}

	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"serve", "--listen", "127.0.0.1:0", "--pprof", busy.Addr().String()}, func(string) string { return "" }, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "--pprof") {
		t.Errorf("serve with a busy --pprof address: %v, want an error naming --pprof", err)
	}
}
