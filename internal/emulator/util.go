package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"strings"
	"time"
)

// newGUID returns a random (version 4) GUID in lower case.
func newGUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// isGUID reports whether s has the 8-4-4-4-12 hex form Edm.Guid uses.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
				return false
			}
		}
	}
	return true
}

// normalID is the form object ids are stored under: GUIDs in lower case.
func normalID(s string) string {
	if isGUID(s) {
		return strings.ToLower(s)
	}
	return s
}

// newETag returns a fresh weak entity tag.
func newETag() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return `W/"` + hex.EncodeToString(b[:]) + `"`
}

// hostKey normalises host[:port] for audience comparison: lower case, and
// the default https port dropped.
func hostKey(hostport string) string {
	h := strings.ToLower(hostport)
	if host, port, err := net.SplitHostPort(h); err == nil && port == "443" {
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	return h
}

// timeLayout is how the service writes DateTimeOffset values: UTC with seven
// fractional digits.
const timeLayout = "2006-01-02T15:04:05.0000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime reads an Edm.DateTimeOffset literal and normalises it to UTC at
// the service's 100 ns precision.
func parseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC().Truncate(100 * time.Nanosecond), true
}

// now is the service clock, at its precision.
func now() time.Time { return time.Now().UTC().Truncate(100 * time.Nanosecond) }
