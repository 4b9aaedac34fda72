// Command intune-emulator serves the offline Graph and Entra emulator until
// interrupted, for demos and manual runs of the provider.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "intune-emulator:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("intune-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg emulator.Config
	var extra listFlag
	var envFile, caOut string
	var trace bool
	fs.StringVar(&cfg.TenantID, "tenant-id", emulator.DefaultTenantID, "tenant id")
	fs.StringVar(&cfg.ClientID, "client-id", emulator.DefaultClientID, "client id of the registered app")
	fs.StringVar(&cfg.ClientSecret, "client-secret", emulator.DefaultClientSecret, "client secret of the registered app")
	fs.IntVar(&cfg.PageSize, "page-size", emulator.DefaultPageSize, "server-side page size of lists")
	fs.Int64Var(&cfg.Seed, "seed", 0, "seed for fault rates")
	fs.StringVar(&cfg.GraphAddr, "graph-addr", "127.0.0.1:0", "Graph listen address")
	fs.StringVar(&cfg.AuthorityAddr, "authority-addr", "127.0.0.1:0", "authority listen address")
	fs.Var(&extra, "extra-host", "extra host name for the certificate and token audiences (repeatable)")
	latency := fs.Duration("latency", 0, "delay added to every Graph request")
	fs.StringVar(&envFile, "env-file", "", "write KEY=value settings for the provider to this file")
	fs.StringVar(&caOut, "ca-out", "", "write the CA certificate (PEM) to this file, kept after exit")
	fs.BoolVar(&trace, "v", false, "print one line per request to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	cfg.ExtraHosts = extra
	if trace {
		cfg.Trace = stderr
	}

	e, err := emulator.Start(cfg)
	if err != nil {
		return err
	}
	defer e.Close()
	e.SetLatency(*latency)

	caPath := e.CACertFile()
	if caOut != "" {
		if err := os.WriteFile(caOut, e.CACertPEM(), 0o644); err != nil {
			return err
		}
		if caPath, err = filepath.Abs(caOut); err != nil {
			return err
		}
	}
	if envFile != "" {
		eff := e.Config()
		env := [][2]string{
			{"ARM_GRAPH_ENDPOINT", e.GraphURL()},
			{"ARM_AUTHORITY_HOST", e.AuthorityURL()},
			{"ARM_TENANT_ID", eff.TenantID},
			{"ARM_CLIENT_ID", eff.ClientID},
			{"ARM_CLIENT_SECRET", eff.ClientSecret},
			{"SSL_CERT_FILE", caPath},
		}
		var b strings.Builder
		for _, kv := range env {
			fmt.Fprintf(&b, "%s=%s\n", kv[0], shellQuote(kv[1]))
		}
		if err := os.WriteFile(envFile, []byte(b.String()), 0o600); err != nil {
			return err
		}
	}
	keys, err := writeConnectorKey(e, filepath.Dir(caPath))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "graph:     %s\nauthority: %s\nca:        %s\n", e.GraphURL(), e.AuthorityURL(), caPath)
	fmt.Fprintf(stdout, "connector public key (for intune_user_pfx_certificate.encryption_public_key):\n"+
		"  PEM SubjectPublicKeyInfo: %s\n  PEM PKCS#1:               %s\n  CNG RSAPUBLICBLOB:        %s (use filebase64)\n",
		keys[0], keys[1], keys[2])

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	return nil
}

// writeConnectorKey writes the emulated Certificate Connector's public key
// beside the CA, in the three forms Export-IntunePublicKey and PEM tools
// produce, and returns their paths.
func writeConnectorKey(e *emulator.Emulator, dir string) ([3]string, error) {
	var paths [3]string
	k, err := e.ConnectorPublicKey()
	if err != nil {
		return paths, err
	}
	for i, f := range []struct {
		name string
		data []byte
	}{{"connector-key.pem", []byte(k.SPKIPEM)}, {"connector-key-pkcs1.pem", []byte(k.PKCS1PEM)}, {"connector-key.blob", k.CNGBlob}} {
		paths[i] = filepath.Join(dir, f.name)
		if err := os.WriteFile(paths[i], f.data, 0o644); err != nil { //nolint:gosec // a public key
			return paths, err
		}
	}
	return paths, nil
}

// shellQuote quotes a value only when the shell would split or expand it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && !strings.ContainsRune("-_./:@%+=,", r)
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
