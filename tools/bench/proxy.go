package main

import (
	"io"
	"net"
	"sync/atomic"
)

// connProxy forwards TCP connections to the emulator's Graph listener and
// counts them, so connection reuse (one HTTP/2 connection per process, or
// churn) shows in the figures. TLS passes through untouched.
type connProxy struct {
	ln     net.Listener
	target string
	n      atomic.Int64
}

func startProxy(listen, target string) (*connProxy, error) {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, err
	}
	p := &connProxy{ln: ln, target: target}
	go p.serve()
	return p, nil
}

func (p *connProxy) addr() string { return p.ln.Addr().String() }
func (p *connProxy) count() int64 { return p.n.Load() }
func (p *connProxy) close()       { p.ln.Close() }

func (p *connProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.n.Add(1)
		go p.forward(c)
	}
}

func (p *connProxy) forward(c net.Conn) {
	defer c.Close()
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	defer up.Close()
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		if tc, ok := dst.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
		done <- struct{}{}
	}
	go pipe(up, c)
	go pipe(c, up)
	<-done
	<-done
}
