package graph

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// obj is a stand-in entity for the protocol tests.
type obj struct {
	id      string
	created time.Time
	thumb   string
	status  int
	eTag    string
}

var (
	errUnknown  = &Error{Operation: "create", StatusCode: 504, OutcomeUnknown: true}
	errNotFound = &Error{Operation: "read", StatusCode: 404}
	errBad      = &Error{Operation: "create", StatusCode: 400, Code: "BadRequest"}
)

// store is a fake service: posts, lookups and lag are scripted per test.
type store struct {
	objs    []*obj
	posts   int
	lookups int
	// postErr is answered by the POSTs in turn (nil: created); commit says
	// whether that POST stored its object.
	postErr []error
	commit  []bool
	// onPost runs during each POST, before it answers (a Ctrl-C, say).
	onPost func()
}

func (s *store) create(thumb string) Create[*obj] {
	return Create[*obj]{
		Entity:        "test object",
		NaturalKey:    "thumbprint = " + thumb,
		ImportCommand: "terraform import test_object.<name> <id>",
		Post: func(ctx context.Context) (*obj, error) {
			i := s.posts
			s.posts++
			if s.onPost != nil {
				s.onPost()
			}
			o := &obj{id: "new-" + string(rune('a'+i)), created: time.Now(), thumb: thumb}
			if i < len(s.commit) && !s.commit[i] {
				o = nil
			}
			if o != nil {
				s.objs = append(s.objs, o)
			}
			if i < len(s.postErr) && s.postErr[i] != nil {
				return nil, s.postErr[i]
			}
			if ctx.Err() != nil {
				return nil, &Error{Operation: "create", Detail: "the operation was cancelled"}
			}
			return o, nil
		},
		Lookup: func(ctx context.Context) ([]*obj, error) {
			s.lookups++
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return s.objs, nil
		},
		Matches:   func(o *obj) bool { return strings.EqualFold(o.thumb, thumb) },
		ID:        func(o *obj) string { return o.id },
		CreatedAt: func(o *obj) (time.Time, bool) { return o.created, !o.created.IsZero() },
		Polls:     []time.Duration{0, 0, 0},
		// No lag to wait for: the lookup ends with the polls.
		Window:  time.Nanosecond,
		ListLag: time.Nanosecond,
	}
}

func TestCreateOrAdopt_created(t *testing.T) {
	s := &store{}
	res, err := CreateOrAdopt(context.Background(), s.create("AA"))
	if err != nil || res.Adopted || res.Object.id != "new-a" || s.posts != 1 || s.lookups != 0 {
		t.Fatalf("got %+v, %v after %d posts, %d lookups; want new-a created by one POST", res, err, s.posts, s.lookups)
	}
}

func TestCreateOrAdopt_definiteFailure(t *testing.T) {
	s := &store{postErr: []error{errBad}, commit: []bool{false}}
	_, err := CreateOrAdopt(context.Background(), s.create("AA"))
	if !errors.Is(err, errBad) || s.posts != 1 || s.lookups != 0 {
		t.Fatalf("got %v after %d posts, %d lookups; want the 400 with no lookup", err, s.posts, s.lookups)
	}
}

// The answer is lost after the service stored the object: it is adopted, and
// never posted again.
func TestCreateOrAdopt_adoptsLostAnswer(t *testing.T) {
	old := &obj{id: "old", created: time.Now().Add(-time.Hour), thumb: "AA"}
	other := &obj{id: "other", created: time.Now(), thumb: "BB"}
	s := &store{objs: []*obj{old, other}, postErr: []error{errUnknown}}
	res, err := CreateOrAdopt(context.Background(), s.create("aa"))
	if err != nil || !res.Adopted || res.Object.id != "new-a" || s.posts != 1 {
		t.Fatalf("got %+v, %v after %d posts; want new-a adopted after one POST", res, err, s.posts)
	}
	if !strings.Contains(res.Note, "new-a") || !strings.Contains(res.Note, "adopted") {
		t.Errorf("note %q does not say what was adopted", res.Note)
	}
}

// The answer is lost before the service stored anything: the lookup finds
// nothing new, so the POST goes again, once.
func TestCreateOrAdopt_repostsWhenNothingMade(t *testing.T) {
	old := &obj{id: "old", created: time.Now().Add(-time.Hour), thumb: "AA"}
	s := &store{objs: []*obj{old}, postErr: []error{errUnknown}, commit: []bool{false}}
	res, err := CreateOrAdopt(context.Background(), s.create("AA"))
	if err != nil || res.Adopted || res.Object.id != "new-b" || s.posts != 2 {
		t.Fatalf("got %+v, %v after %d posts; want new-b created by a second POST", res, err, s.posts)
	}
}

// Only objects stamped since the operation began, minus the clock-skew
// allowance, can be adopted, whatever else matches.
func TestCreateOrAdopt_clockSkewAllowance(t *testing.T) {
	for _, tc := range []struct {
		age   time.Duration
		adopt bool
	}{{ClockSkewAllowance - time.Minute, true}, {ClockSkewAllowance + time.Minute, false}} {
		skewed := &obj{id: "skewed", created: time.Now().Add(-tc.age), thumb: "AA"}
		s := &store{objs: []*obj{skewed}, postErr: []error{errUnknown, errUnknown, errUnknown}, commit: []bool{false, false, false}}
		res, err := CreateOrAdopt(context.Background(), s.create("AA"))
		if got := err == nil && res.Adopted && res.Object.id == "skewed"; got != tc.adopt {
			t.Errorf("stamped %s before the start: adopted %v (%+v, %v), want %v", tc.age, got, res, err, tc.adopt)
		}
	}
}

// An object that existed before the create is never adopted, even when its
// stamp is recent (the caller posted the stamp itself, say).
func TestCreateOrAdopt_existingNeverAdopted(t *testing.T) {
	before := &obj{id: "before", created: time.Now(), thumb: "AA"}
	s := &store{objs: []*obj{before}, postErr: []error{errUnknown}}
	c := s.create("AA")
	c.Existing = func(context.Context) ([]string, error) { return []string{"before"}, nil }
	c.CreatedAt = func(*obj) (time.Time, bool) { return time.Time{}, false }
	res, err := CreateOrAdopt(context.Background(), c)
	if err != nil || res.Object.id != "new-a" {
		t.Fatalf("got %+v, %v; want new-a, not the object that existed before", res, err)
	}
}

// Without a trustworthy stamp and without Existing, nothing is adopted.
func TestCreateOrAdopt_noStampNoAdoption(t *testing.T) {
	s := &store{postErr: []error{errUnknown, errUnknown, errUnknown}}
	c := s.create("AA")
	c.CreatedAt = func(*obj) (time.Time, bool) { return time.Time{}, false }
	_, err := CreateOrAdopt(context.Background(), c)
	var ue *UnresolvedCreateError
	if !errors.As(err, &ue) || s.posts != maxCreateAttempts {
		t.Fatalf("got %v after %d posts; want an unresolved create after %d", err, s.posts, maxCreateAttempts)
	}
}

func TestCreateOrAdopt_ambiguous(t *testing.T) {
	twin := &obj{id: "twin", created: time.Now(), thumb: "AA"}
	s := &store{objs: []*obj{twin}, postErr: []error{errUnknown}}
	_, err := CreateOrAdopt(context.Background(), s.create("AA"))
	var ue *UnresolvedCreateError
	if !errors.As(err, &ue) || len(ue.Candidates) != 2 || s.posts != 1 {
		t.Fatalf("got %v after %d posts; want an error listing two candidates, one POST", err, s.posts)
	}
	for _, want := range []string{"twin", "new-a", "thumbprint = AA", "terraform import test_object.<name> <id>"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %s", want, err)
		}
	}
}

// Ctrl-C (the operation's context cancelled) while the POST is in flight: the
// lookup runs on a context the cancellation does not reach and adopts what
// the POST made.
func TestCreateOrAdopt_cancelledInFlight(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &store{onPost: cancel}
	res, err := CreateOrAdopt(ctx, s.create("AA"))
	if err != nil || !res.Adopted || res.Object.id != "new-a" || s.posts != 1 {
		t.Fatalf("got %+v, %v after %d posts; want new-a adopted, one POST", res, err, s.posts)
	}
}

// Cancelled, and nothing was made: no second POST, and the error names the
// key and the import command.
func TestCreateOrAdopt_cancelledNothingMade(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &store{onPost: cancel, commit: []bool{false}}
	_, err := CreateOrAdopt(ctx, s.create("AA"))
	var ue *UnresolvedCreateError
	if !errors.As(err, &ue) || s.posts != 1 || s.lookups != 3 {
		t.Fatalf("got %v after %d posts, %d lookups; want an unresolved create, one POST, every lookup", err, s.posts, s.lookups)
	}
	for _, want := range []string{"thumbprint = AA", "terraform import test_object.<name> <id>"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %s", want, err)
		}
	}
}

// The lookup's own budget bounds it even though the caller's context never
// ends.
func TestCreateOrAdopt_lookupBudget(t *testing.T) {
	s := &store{postErr: []error{errUnknown}, commit: []bool{false}}
	c := s.create("AA")
	var deadline time.Time
	c.Lookup = func(ctx context.Context) ([]*obj, error) {
		deadline, _ = ctx.Deadline()
		return nil, errors.New("list failed")
	}
	c.LookupBudget = time.Minute
	_, err := CreateOrAdopt(context.Background(), c)
	var ue *UnresolvedCreateError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "list failed") {
		t.Fatalf("got %v; want an unresolved create naming the lookup failure", err)
	}
	if deadline.IsZero() || time.Until(deadline) > time.Minute {
		t.Errorf("lookup deadline %v, want one within the budget", deadline)
	}
}

// fakeUpdate scripts a PATCH and the object read back.
type fakeUpdate struct {
	cur      *obj
	patches  int
	gets     int
	patchErr []error
	commit   []bool
	gone     bool // every request answers 404
	noBody   bool // PATCH answers 204
}

func (f *fakeUpdate) update(status int, eTag string) Update[*obj] {
	return Update[*obj]{
		ETag: eTag,
		Patch: func(ctx context.Context) (*obj, bool, error) {
			i := f.patches
			f.patches++
			if f.gone {
				return nil, false, errNotFound
			}
			if i >= len(f.commit) || f.commit[i] {
				f.cur = &obj{id: f.cur.id, status: status, eTag: f.cur.eTag + "+"}
			}
			if i < len(f.patchErr) && f.patchErr[i] != nil {
				return nil, false, f.patchErr[i]
			}
			if f.noBody {
				return nil, true, nil
			}
			return f.cur, false, nil
		},
		Get: func(ctx context.Context) (*obj, error) {
			f.gets++
			if f.gone {
				return nil, errNotFound
			}
			c := *f.cur
			return &c, nil
		},
		Applied: func(o *obj) bool { return o.status == status },
		ETagOf:  func(o *obj) string { return o.eTag },
	}
}

func TestUpdateAndVerify(t *testing.T) {
	cases := []struct {
		name    string
		f       *fakeUpdate
		patches int
		wantErr error
	}{
		{"200", &fakeUpdate{}, 1, nil},
		{"204 reads back", &fakeUpdate{noBody: true}, 1, nil},
		{"unknown, applied", &fakeUpdate{patchErr: []error{errUnknown}}, 1, nil},
		{"unknown, not applied: sent again", &fakeUpdate{patchErr: []error{errUnknown}, commit: []bool{false}}, 2, nil},
		{"gone", &fakeUpdate{gone: true}, 1, ErrDeletedOutside},
		{"definite failure", &fakeUpdate{patchErr: []error{errBad}, commit: []bool{false}}, 1, errBad},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.cur = &obj{id: "x", status: 1, eTag: "W/1"}
			got, err := UpdateAndVerify(context.Background(), tc.f.update(2, "W/1"))
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error %v, want %v", err, tc.wantErr)
				}
			} else if err != nil || got.status != 2 {
				t.Fatalf("got %+v, %v; want status 2", got, err)
			}
			if tc.f.patches != tc.patches {
				t.Errorf("%d PATCHes, want %d", tc.f.patches, tc.patches)
			}
		})
	}
}

// An update whose answer is lost, and whose object shows another eTag and
// other values, was overtaken by someone else's change: nothing is re-sent.
func TestUpdateAndVerify_changedOutside(t *testing.T) {
	f := &fakeUpdate{patchErr: []error{errUnknown}, commit: []bool{false}}
	f.cur = &obj{id: "x", status: 3, eTag: "W/other"}
	_, err := UpdateAndVerify(context.Background(), f.update(2, "W/1"))
	if !errors.Is(err, ErrChangedOutside) || f.patches != 1 {
		t.Fatalf("got %v after %d PATCHes; want ErrChangedOutside after one", err, f.patches)
	}
}

// Cancelled while the PATCH is in flight: the read-back still runs and finds
// the update applied.
func TestUpdateAndVerify_cancelledInFlight(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &fakeUpdate{patchErr: []error{&Error{Operation: "update", Detail: "the operation was cancelled"}}}
	f.cur = &obj{id: "x", status: 1, eTag: "W/1"}
	u := f.update(2, "W/1")
	patch := u.Patch
	u.Patch = func(ctx context.Context) (*obj, bool, error) { cancel(); return patch(ctx) }
	got, err := UpdateAndVerify(ctx, u)
	if err != nil || got.status != 2 || f.patches != 1 {
		t.Fatalf("got %+v, %v after %d PATCHes; want status 2 after one", got, err, f.patches)
	}
}

// lagged answers 404 for its first n calls.
func lagged(n int) (func(context.Context) (*obj, error), *int) {
	calls := 0
	return func(context.Context) (*obj, error) {
		calls++
		if calls <= n {
			return nil, errNotFound
		}
		return &obj{id: "x"}, nil
	}, &calls
}

func TestReadThroughLag(t *testing.T) {
	get, calls := lagged(2)
	o, err := ReadThroughLag(context.Background(), Lag{Since: time.Now(), Window: time.Hour}, get)
	if err != nil || o == nil || *calls != 3 {
		t.Fatalf("got %v, %v after %d reads; want the object on the third", o, err, *calls)
	}
}

// With no write known, or one outside the window, a 404 is final at once.
func TestReadThroughLag_noRecentWrite(t *testing.T) {
	for _, lag := range []Lag{{Window: time.Hour}, {Since: time.Now().Add(-2 * time.Hour), Window: time.Hour}, {Since: time.Now()}} {
		get, calls := lagged(1)
		if _, err := ReadThroughLag(context.Background(), lag, get); !IsNotFound(err) || *calls != 1 {
			t.Errorf("%+v: got %v after %d reads; want the 404 after one", lag, err, *calls)
		}
	}
}

// A write time in the future (the local clock stepped back, or a stamp from
// elsewhere) never stretches the wait beyond the window.
func TestLagRemaining(t *testing.T) {
	now := time.Now()
	cases := []struct {
		since time.Time
		want  time.Duration
	}{
		{now, time.Minute},
		{now.Add(-20 * time.Second), 40 * time.Second},
		{now.Add(time.Hour), time.Minute},
		{now.Add(-time.Hour), -59 * time.Minute},
	}
	for _, tc := range cases {
		if got := (Lag{Since: tc.since, Window: time.Minute}).remaining(now); got != tc.want {
			t.Errorf("since %v: remaining %v, want %v", now.Sub(tc.since), got, tc.want)
		}
	}
}

// A read through lag ends when the window does, whatever the service says.
func TestReadThroughLag_boundedByWindow(t *testing.T) {
	get, calls := lagged(1 << 30)
	_, err := ReadThroughLag(context.Background(), Lag{Since: time.Now().Add(time.Hour), Window: 300 * time.Millisecond}, get)
	if !IsNotFound(err) || *calls < 2 {
		t.Fatalf("got %v after %d reads; want the 404 after retrying within the window", err, *calls)
	}
}
