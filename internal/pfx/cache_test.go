package pfx

import (
	"errors"
	"sync"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

func encodePFX(t *testing.T, cn, password string) []byte {
	t.Helper()
	cert, key := selfSigned(t, cn, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	data, err := pkcs12.Modern.Encode(key, cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A thousand opens of three distinct files, concurrently, decrypt three times.
func TestCacheOpensEachFileOnce(t *testing.T) {
	files := [][]byte{encodePFX(t, "a", "pa"), encodePFX(t, "b", "pb"), encodePFX(t, "c", "pc")}
	passwords := []string{"pa", "pb", "pc"}
	c := NewCache(8)
	var wg sync.WaitGroup
	thumbs := make([]string, 1000)
	for i := range thumbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cert, err := c.Open(files[i%3], passwords[i%3])
			if err != nil {
				t.Error(err)
				return
			}
			thumbs[i] = cert.Thumbprint
		}()
	}
	wg.Wait()
	if got := c.Opens(); got != 3 {
		t.Fatalf("decrypted %d times, want 3 (once per distinct file)", got)
	}
	for i := range thumbs {
		want, _ := Open(files[i%3], passwords[i%3])
		if thumbs[i] != want.Thumbprint {
			t.Fatalf("open %d: thumbprint %s, want %s", i, thumbs[i], want.Thumbprint)
		}
	}
}

// The password is part of the key: a wrong one is its own entry, and its
// error is remembered as well.
func TestCachePasswordIsPartOfTheKey(t *testing.T) {
	data := encodePFX(t, "a", "right")
	c := NewCache(8)
	for range 3 {
		if _, err := c.Open(data, "wrong"); !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("wrong password: %v, want ErrWrongPassword", err)
		}
		if _, err := c.Open(data, "right"); err != nil {
			t.Fatal(err)
		}
	}
	if got := c.Opens(); got != 2 {
		t.Fatalf("decrypted %d times, want 2", got)
	}
}

// The cache is bounded: past its size the oldest file is decrypted again.
func TestCacheIsBounded(t *testing.T) {
	a, b := encodePFX(t, "a", "p"), encodePFX(t, "b", "p")
	c := NewCache(1)
	for _, d := range [][]byte{a, b, a} {
		if _, err := c.Open(d, "p"); err != nil {
			t.Fatal(err)
		}
	}
	if got, n := c.Opens(), len(c.entries); got != 3 || n != 1 {
		t.Fatalf("decrypted %d times with %d entries, want 3 and 1", got, n)
	}
}
