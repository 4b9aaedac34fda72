package graph

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// hiddenUpdate is an object with a field Graph never returns (as
// encryptedPfxPassword): a read-back shows only visible, which the PATCH
// does not change, so Applied is true whether or not the PATCH was applied.
type hiddenUpdate struct {
	hidden  string // what the service stores, unseen by Get
	patches int
	errs    []error // answered by the PATCHes in turn (nil: 200)
	commit  []bool  // whether that PATCH stored its value (default true)
}

func (h *hiddenUpdate) update(want string) Update[*obj] {
	return Update[*obj]{
		Idempotent: true,
		Patch: func(ctx context.Context) (*obj, bool, error) {
			i := h.patches
			h.patches++
			if i >= len(h.commit) || h.commit[i] {
				h.hidden = want
			}
			if i < len(h.errs) && h.errs[i] != nil {
				return nil, false, h.errs[i]
			}
			return &obj{id: "x", status: 1}, false, nil
		},
		Get:     func(context.Context) (*obj, error) { return &obj{id: "x", status: 1}, nil },
		Applied: func(o *obj) bool { return o.status == 1 }, // the visible fields always match
		ETagOf:  func(*obj) string { return "" },
	}
}

// A lost answer to an idempotent PATCH is not taken as success because the
// visible fields look right: the PATCH goes again until Graph answers it.
func TestUpdateAndVerify_idempotentResends(t *testing.T) {
	cases := []struct {
		name    string
		h       *hiddenUpdate
		patches int
	}{
		{"lost, not applied", &hiddenUpdate{errs: []error{errUnknown}, commit: []bool{false}}, 2},
		{"lost, applied: sent again all the same", &hiddenUpdate{errs: []error{errUnknown}}, 2},
		{"answered", &hiddenUpdate{}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.h.hidden = "old key"
			if _, err := UpdateAndVerify(context.Background(), tc.h.update("new key")); err != nil {
				t.Fatal(err)
			}
			if tc.h.hidden != "new key" || tc.h.patches != tc.patches {
				t.Fatalf("stored %q after %d PATCHes; want \"new key\" after %d", tc.h.hidden, tc.h.patches, tc.patches)
			}
		})
	}
}

// Every answer lost: after maxUpdateAttempts the update fails, saying the
// outcome is unknown; it never reports success.
func TestUpdateAndVerify_idempotentBounded(t *testing.T) {
	h := &hiddenUpdate{hidden: "old key", errs: []error{errUnknown, errUnknown, errUnknown, errUnknown},
		commit: []bool{false, false, false, false}}
	_, err := UpdateAndVerify(context.Background(), h.update("new key"))
	if err == nil || !IsOutcomeUnknown(err) || !strings.Contains(err.Error(), "apply again") {
		t.Fatalf("error %v; want an unknown outcome that says to apply again", err)
	}
	if h.patches != maxUpdateAttempts {
		t.Errorf("%d PATCHes, want %d", h.patches, maxUpdateAttempts)
	}
}

// Cancelled while the PATCH is in flight: it cannot be sent again, so the
// update fails rather than trusting a read-back.
func TestUpdateAndVerify_idempotentCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := &hiddenUpdate{hidden: "old key", errs: []error{&Error{Operation: "update", Detail: "the operation was cancelled"}},
		commit: []bool{false}}
	u := h.update("new key")
	patch := u.Patch
	u.Patch = func(ctx context.Context) (*obj, bool, error) { cancel(); return patch(ctx) }
	if _, err := UpdateAndVerify(ctx, u); err == nil {
		t.Fatalf("no error after a cancelled PATCH that stored nothing (%d PATCHes)", h.patches)
	}
	if h.patches != 1 {
		t.Errorf("%d PATCHes after cancellation, want 1", h.patches)
	}
}

// Lost answers come in bursts: with a deadline, an idempotent PATCH goes
// again after pauses that double up to 30 s for as long as the next one can
// start before the deadline, not a fixed three times.
func TestUpdateAndVerify_idempotentUntilDeadline(t *testing.T) {
	var pauses []time.Duration
	updatePause = func(_ context.Context, d time.Duration) error { pauses = append(pauses, d); return nil }
	defer func() { updatePause = Sleep }()

	lost := []error{errUnknown, errUnknown, errUnknown, errUnknown, errUnknown}
	h := &hiddenUpdate{errs: lost, commit: []bool{false, false, false, false, false}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	if _, err := UpdateAndVerify(ctx, h.update("new key")); err != nil {
		t.Fatalf("five lost answers within the deadline, then 200: %v", err)
	}
	if h.patches != 6 || h.hidden != "new key" {
		t.Errorf("%d PATCHes storing %q, want 6 storing \"new key\"", h.patches, h.hidden)
	}
	if want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second}; !slices.Equal(pauses, want) {
		t.Errorf("pauses %v, want %v", pauses, want)
	}

	// A deadline 5 s away leaves room for the pauses of 1, 2 and 4 s (the
	// recorded pauses take no time), not for the next of 8 s.
	pauses = nil
	h = &hiddenUpdate{errs: append(lost, lost...), commit: make([]bool, 10)}
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := UpdateAndVerify(ctx, h.update("newer key"))
	if err == nil || !strings.Contains(err.Error(), "apply again") {
		t.Fatalf("error %v; want an unknown outcome that says to apply again", err)
	}
	if h.patches != 4 {
		t.Errorf("%d PATCHes before a deadline 5 s away, want 4 (pauses %v)", h.patches, pauses)
	}
}
