package graph

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

var errConflict = &Error{Operation: "create", StatusCode: 409, Code: "Conflict"}

// hideFirst makes c's first n lookups miss every object, as a listing that
// trails the write does.
func hideFirst(c *Create[*obj], n int) *int {
	lookups := 0
	list := c.Lookup
	c.Lookup = func(ctx context.Context) ([]*obj, error) {
		lookups++
		if lookups <= n {
			return nil, nil
		}
		return list(ctx)
	}
	return &lookups
}

// The listing trails the lost create by more lookups than the polls: the
// lookup goes on through the consistency window and the list lag, finds the
// object and adopts it, and never posts again.
func TestCreateOrAdopt_looksThroughListLag(t *testing.T) {
	s := &store{postErr: []error{errUnknown}}
	c := s.create("AA")
	c.Window, c.ListLag = time.Hour, time.Hour
	lookups := hideFirst(&c, len(c.Polls)+2)
	res, err := CreateOrAdopt(context.Background(), c)
	if err != nil || !res.Adopted || res.Object.id != "new-a" || s.posts != 1 {
		t.Fatalf("got %+v, %v after %d posts, %d lookups; want new-a adopted after one POST", res, err, s.posts, *lookups)
	}
}

// Nothing was made: the POST goes again only after a lookup that began a
// whole consistency window plus list lag after the answer was lost.
func TestCreateOrAdopt_repostsOnlyAfterSettle(t *testing.T) {
	s := &store{postErr: []error{errUnknown}, commit: []bool{false}}
	c := s.create("AA")
	c.Polls = nil
	c.Window, c.ListLag = 100*time.Millisecond, 200*time.Millisecond
	var lostAt, lastLookup time.Time
	post, lookup := c.Post, c.Lookup
	c.Post = func(ctx context.Context) (*obj, error) {
		o, err := post(ctx)
		if err != nil {
			lostAt = time.Now()
		}
		return o, err
	}
	c.Lookup = func(ctx context.Context) ([]*obj, error) {
		lastLookup = time.Now()
		return lookup(ctx)
	}
	res, err := CreateOrAdopt(context.Background(), c)
	if err != nil || res.Adopted || s.posts != 2 {
		t.Fatalf("got %+v, %v after %d posts; want a second POST", res, err, s.posts)
	}
	if waited := lastLookup.Sub(lostAt); waited < c.Window+c.ListLag {
		t.Errorf("the last lookup before the second POST began %s after the lost answer, want at least %s", waited, c.Window+c.ListLag)
	}
}

// A lookup budget shorter than the settle time cannot show that nothing was
// made: the create is unresolved, never posted again.
func TestCreateOrAdopt_budgetShorterThanSettle(t *testing.T) {
	s := &store{postErr: []error{errUnknown}, commit: []bool{false}}
	c := s.create("AA")
	c.Window, c.ListLag, c.LookupBudget = time.Hour, time.Hour, 300*time.Millisecond
	_, err := CreateOrAdopt(context.Background(), c)
	var ue *UnresolvedCreateError
	if !errors.As(err, &ue) || s.posts != 1 {
		t.Fatalf("got %v after %d posts; want an unresolved create after one POST", err, s.posts)
	}
}

// conflictStore: the first POST is stored but unanswered, a repeat answers
// 409 because the first holds the key.
func conflictStore() (*store, Create[*obj]) {
	s := &store{postErr: []error{errUnknown, errConflict}, commit: []bool{true, false}}
	c := s.create("AA")
	c.Polls = []time.Duration{0}
	c.Committed = func(err error) bool { return StatusOf(err) == 409 }
	return s, c
}

// The lookup misses the stored object (listings trail longer than assumed),
// so the POST goes again and answers 409: that proves the first POST was
// stored, and the object is looked for until it shows, then adopted.
func TestCreateOrAdopt_conflictOnRepeatAdopts(t *testing.T) {
	s, c := conflictStore()
	// The first lookup runs once, or twice on a coarse clock; the one after
	// the 409 keeps looking past the settle time.
	lookups := hideFirst(&c, 4)
	res, err := CreateOrAdopt(context.Background(), c)
	if err != nil || !res.Adopted || res.Object.id != "new-a" || s.posts != 2 {
		t.Fatalf("got %+v, %v after %d posts, %d lookups; want new-a adopted after two POSTs", res, err, s.posts, *lookups)
	}
	for _, want := range []string{"new-a", "409", "adopted"} {
		if !strings.Contains(res.Note, want) {
			t.Errorf("note lacks %q: %s", want, res.Note)
		}
	}
}

// A 409 to the first POST is the service's answer, not a lost create's: it
// is returned as it is, with no lookup.
func TestCreateOrAdopt_conflictOnFirstPost(t *testing.T) {
	s := &store{postErr: []error{errConflict}, commit: []bool{false}}
	c := s.create("AA")
	c.Committed = func(err error) bool { return StatusOf(err) == 409 }
	_, err := CreateOrAdopt(context.Background(), c)
	if !errors.Is(err, errConflict) || s.posts != 1 || s.lookups != 0 {
		t.Fatalf("got %v after %d posts, %d lookups; want the 409 with no lookup", err, s.posts, s.lookups)
	}
}

// The 409 proves the object exists, but it never shows within the budget:
// the create is unresolved, with the import command, not "already exists".
func TestCreateOrAdopt_conflictOnRepeatNeverListed(t *testing.T) {
	s, c := conflictStore()
	c.LookupBudget = 300 * time.Millisecond
	hideFirst(&c, 1<<30)
	_, err := CreateOrAdopt(context.Background(), c)
	var ue *UnresolvedCreateError
	if !errors.As(err, &ue) || s.posts != 2 || StatusOf(err) != 504 {
		t.Fatalf("got %v after %d posts; want an unresolved create after two POSTs, wrapping the lost answer", err, s.posts)
	}
	for _, want := range []string{"409", "terraform import test_object.<name> <id>"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %s", want, err)
		}
	}
}

func TestLookupPause(t *testing.T) {
	want := []time.Duration{0, 250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}
	for i, w := range want {
		if got := lookupPause(i); got != w {
			t.Errorf("lookupPause(%d) = %s, want %s", i, got, w)
		}
	}
	if got := lookupPause(1 << 20); got != 4*time.Second {
		t.Errorf("lookupPause(large) = %s, want the 4 s cap", got)
	}
}
