package pfx

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// Cache remembers what Open returned for each distinct PFX and password, so
// that a configuration of a thousand certificates sharing a few PFX files
// decrypts each file once per process, not once per instance and per call.
//
// It keeps no secret: an entry holds only the Certificate (thumbprint,
// validity, subject) or Open's error, under an HMAC-SHA-256 of the file and
// password with a key drawn at random for the process, which nothing outside
// the process can recompute. It is bounded: past max entries, the oldest goes.
type Cache struct {
	mu      sync.Mutex
	hmacKey []byte
	max     int
	entries map[[sha256.Size]byte]*cacheEntry
	order   [][sha256.Size]byte // insertion order, for eviction
	opens   int
}

type cacheEntry struct {
	once sync.Once
	cert *Certificate
	err  error
}

// NewCache returns a cache of at most max files.
func NewCache(maxEntries int) *Cache {
	k := make([]byte, 32)
	_, _ = rand.Read(k) // crypto/rand.Read never fails (Go 1.24)
	return &Cache{hmacKey: k, max: max(maxEntries, 1), entries: map[[sha256.Size]byte]*cacheEntry{}}
}

// Open is pfx.Open, once per distinct data and password. Concurrent calls
// for the same file wait for one decryption.
func (c *Cache) Open(data []byte, password string) (*Certificate, error) {
	m := hmac.New(sha256.New, c.hmacKey)
	m.Write(binary.BigEndian.AppendUint64(nil, uint64(len(data)))) // so file and password cannot shift into each other
	m.Write(data)
	m.Write([]byte(password))
	var id [sha256.Size]byte
	copy(id[:], m.Sum(nil))

	c.mu.Lock()
	e, ok := c.entries[id]
	if !ok {
		e = &cacheEntry{}
		c.entries[id] = e
		c.order = append(c.order, id)
		if len(c.order) > c.max {
			delete(c.entries, c.order[0])
			c.order = c.order[1:]
		}
	}
	c.mu.Unlock()

	e.once.Do(func() {
		c.mu.Lock()
		c.opens++
		c.mu.Unlock()
		e.cert, e.err = Open(data, password)
	})
	if e.cert == nil {
		return nil, e.err
	}
	cert := *e.cert // a copy: callers may not change what others read
	return &cert, e.err
}

// Opens reports how many times the cache decrypted a PFX.
func (c *Cache) Opens() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.opens
}
