package main

import (
	"encoding/json"
	"os"
	"strings"
	"syscall"
	"time"
)

// Environment the wrapper (./wrapper) reads.
const (
	envRealProvider = "INTUNE_BENCH_REAL_PROVIDER"
	envRusageLog    = "INTUNE_BENCH_RUSAGE_LOG"
)

// procRecord is one provider process as the wrapper saw it.
type procRecord struct {
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	UserSec float64   `json:"user_s"`
	SysSec  float64   `json:"sys_s"`
	MaxRSS  int64     `json:"maxrss_kb"`
	Exit    int       `json:"exit"`
}

func (p procRecord) wall() time.Duration { return p.End.Sub(p.Start) }
func (p procRecord) cpu() float64        { return p.UserSec + p.SysSec }

func tvSec(tv syscall.Timeval) float64 { return float64(tv.Sec) + float64(tv.Usec)/1e6 }

// readProcRecords reads and clears the rusage log.
func readProcRecords(path string) []procRecord {
	b, err := os.ReadFile(path)
	_ = os.Remove(path)
	if err != nil {
		return nil
	}
	var out []procRecord
	for _, line := range strings.Split(string(b), "\n") {
		var p procRecord
		if json.Unmarshal([]byte(line), &p) == nil {
			out = append(out, p)
		}
	}
	return out
}
