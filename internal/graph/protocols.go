package graph

// Reliability protocols: how any resource writes to an eventually consistent
// Graph without losing, duplicating or overwriting an object. They are generic
// over the entity's model type T and take the entity-specific parts (the POST,
// the PATCH, the GET, how to find candidates, what "matches" means) as funcs,
// so an entity looked up by $filter and one keyed by a derived id (GET by id)
// both fit. See RELIABILITY.md for the failure cases they answer.
//
// A new resource uses them like this (T is the entity's Parsable interface):
//
//	// Create: one POST; an unknown outcome (504, reset, cut-off body, a 2xx
//	// without an entity, the context cancelled by Ctrl-C or the timeout) is
//	// resolved by a bounded lookup on a context detached from cancellation.
//	res, err := graph.CreateOrAdopt(ctx, graph.Create[T]{
//		Entity:        "user PFX certificate",
//		NaturalKey:    "user_principal_name = a@b.c, thumbprint = ABCD",
//		ImportCommand: "terraform import intune_user_pfx_certificate.<name> <id>",
//		Post:          func(ctx context.Context) (T, error) { return client.CreateX(ctx, body) },
//		Lookup:        func(ctx context.Context) ([]T, error) { /* GET by derived id, or list by $filter */ },
//		Matches:       func(o T) bool { /* every field the POST sent has that value in o */ },
//		ID:            func(o T) string { return *o.GetId() },
//		CreatedAt:     func(o T) (time.Time, bool) { /* the service's own creation stamp */ },
//	})
//	if res.Adopted { resp.Diagnostics.AddWarning(..., res.Note) }
//
//	// Update: PATCH with If-Match; 204 reads back; an unknown outcome reads
//	// back and checks Applied; a 404 is ErrDeletedOutside, a stale eTag
//	// ErrChangedOutside.
//	obj, err := graph.UpdateAndVerify(ctx, graph.Update[T]{ID: id, ETag: etag, Patch: ..., Get: ...,
//		Applied: ..., ETagOf: ..., Lag: graph.Lag{Window: client.ConsistencyWindow()}})
//
//	// Read: a 404 shortly after our own write is retried, within a window
//	// measured on the local clock from the write (keep the write's local time
//	// in private state), never by comparing Graph's timestamps with ours.
//	obj, err := graph.ReadThroughLag(ctx, graph.Lag{Since: wroteAt, Window: client.ConsistencyWindow()}, get)
//
// Tests shorten the waits through Create.Polls, Create.LookupBudget and
// Lag.Window (Settings.ConsistencyWindow for a whole client).

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

const (
	// DefaultConsistencyWindow is how long after a write a 404 is taken for
	// replication lag rather than for a deleted object.
	DefaultConsistencyWindow = 15 * time.Second
	// ClockSkewAllowance is how far the service's clock may be behind ours
	// when a creation stamp is compared with the time an operation began.
	// Five minutes is the tolerance Entra ID and Kerberos allow for tokens.
	ClockSkewAllowance = 5 * time.Minute
	// DefaultLookupBudget bounds the lookup that resolves a create with an
	// unknown outcome, on a context the caller's cancellation does not end.
	DefaultLookupBudget = 30 * time.Second
	// maxCreateAttempts bounds the POSTs of one create: a POST is repeated
	// only after a lookup showed that the previous one made nothing.
	maxCreateAttempts = 3
	// maxUpdateAttempts bounds the PATCHes of one update likewise.
	maxUpdateAttempts = 3
)

// DefaultLookupPolls are the pauses before each search for an object whose
// create went unanswered: a service that lost the connection may still be
// storing it, and its lists lag behind writes.
var DefaultLookupPolls = []time.Duration{0, time.Second, 2 * time.Second, 4 * time.Second}

var (
	// ErrChangedOutside: the object's eTag moved on since the caller read it.
	ErrChangedOutside = errors.New("the object changed outside Terraform")
	// ErrDeletedOutside: the object the caller holds no longer exists.
	ErrDeletedOutside = errors.New("the object was deleted outside Terraform")
)

// Create describes one create for CreateOrAdopt.
type Create[T any] struct {
	Entity        string // what is created, for messages: "PFX recryption request"
	NaturalKey    string // the posted key, for messages: "user_id = ..., thumbprint = ..."
	ImportCommand string // the exact command that imports the object: "terraform import <address> <id>"

	// Post sends the create once. Any 2xx carrying an entity with an id is a
	// created object; an error the client marks IsOutcomeUnknown, or a
	// cancelled ctx, means the POST may have created one.
	Post func(ctx context.Context) (T, error)
	// Lookup returns the objects that may be the one the POST made (a GET by
	// a derived id, or a list by $filter). A 404 from a GET means none.
	Lookup func(ctx context.Context) ([]T, error)
	// Matches reports whether every field the POST sent has that value in o,
	// compared as the service normalises it (letter case, precision).
	Matches func(o T) bool
	// ID returns an object's id.
	ID func(o T) string
	// CreatedAt returns the service's own creation stamp of o. It returns
	// false when the stamp does not show when the object was made (the
	// caller posted the value itself, or the entity has none); then Existing
	// must be set, or nothing can be adopted.
	CreatedAt func(o T) (time.Time, bool)
	// Existing, when set, lists the ids of objects that would match before
	// the POST is sent; none of them is ever adopted.
	Existing func(ctx context.Context) ([]string, error)

	Polls        []time.Duration // nil: DefaultLookupPolls
	LookupBudget time.Duration   // 0: DefaultLookupBudget
}

// Created is what CreateOrAdopt made or found.
type Created[T any] struct {
	Object T
	// Adopted is set when the POST's answer was lost and the object was found
	// by the lookup; Note then says so, for a warning.
	Adopted bool
	Note    string
}

// UnresolvedCreateError is a create whose outcome stayed unknown, or whose
// lookup found more than one candidate. Its message names the natural key and
// the command that imports the object should it exist.
type UnresolvedCreateError struct {
	Entity        string
	NaturalKey    string
	ImportCommand string
	Candidates    []string // ids, when more than one object matched
	Why           string
	Err           error // the POST's error
}

func (e *UnresolvedCreateError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the outcome of creating the %s (%s) is unknown: %s", e.Entity, e.NaturalKey, e.Why)
	if len(e.Candidates) > 0 {
		fmt.Fprintf(&b, ". Candidates: %s. Check which one this configuration should manage, import it with `%s`, "+
			"using its id, and delete the others", strings.Join(e.Candidates, ", "), e.ImportCommand)
	} else {
		fmt.Fprintf(&b, ". If the object exists in Intune, import it with `%s`, using its id, instead of applying "+
			"again; otherwise apply again", e.ImportCommand)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ". The create failed with: %v", e.Err)
	}
	return b.String()
}

func (e *UnresolvedCreateError) Unwrap() error { return e.Err }

// CreateOrAdopt creates an object with one POST and never leaves an orphan or
// a duplicate behind. When the POST's outcome is unknown it looks for the
// object the POST may have made, on a context detached from ctx's
// cancellation with its own deadline (so Ctrl-C, a cancelled CI job or the
// create timeout still get an answer), and adopts it only when:
//   - it did not exist before the operation: its id is not in Existing, or,
//     without Existing, the service stamped its creation no earlier than the
//     operation's start minus ClockSkewAllowance;
//   - every posted field matches (Matches);
//   - it is the only such object (more is an UnresolvedCreateError listing
//     their ids).
//
// When the lookup shows that nothing was made and ctx is still live, the POST
// is sent again; otherwise the error is an UnresolvedCreateError.
func CreateOrAdopt[T any](ctx context.Context, c Create[T]) (Created[T], error) {
	var zero Created[T]
	began := time.Now()
	var before map[string]bool
	if c.Existing != nil {
		ids, err := c.Existing(ctx)
		if err != nil {
			return zero, fmt.Errorf("listing the existing objects with the same key before the create: %w", err)
		}
		before = make(map[string]bool, len(ids))
		for _, id := range ids {
			before[id] = true
		}
	}
	for attempt := 1; ; attempt++ {
		obj, err := c.Post(ctx)
		if err == nil {
			return Created[T]{Object: obj}, nil
		}
		if !IsOutcomeUnknown(err) && ctx.Err() == nil {
			return zero, err
		}
		found, ids, lerr := c.resolve(ctx, began, before)
		switch {
		case len(ids) > 1:
			return zero, c.unresolved(err, ids, fmt.Sprintf("%d objects created since the operation began match every posted field", len(ids)))
		case len(ids) == 1:
			return Created[T]{Object: found, Adopted: true, Note: fmt.Sprintf("The answer to the create was lost (%v). "+
				"The %s %s, created since this operation began with every posted field, was adopted into state.",
				err, c.Entity, ids[0])}, nil
		case lerr != nil:
			return zero, c.unresolved(err, nil, fmt.Sprintf("looking for the object also failed: %v", lerr))
		case ctx.Err() != nil:
			return zero, c.unresolved(err, nil, fmt.Sprintf("the operation ended (%v) and no matching object appeared "+
				"within %s", context.Cause(ctx), c.budget()))
		case attempt >= maxCreateAttempts:
			return zero, c.unresolved(err, nil, fmt.Sprintf("%d creates went unanswered and no matching object appeared", attempt))
		}
		// Nothing was made: the POST can go again without a duplicate.
	}
}

func (c Create[T]) budget() time.Duration {
	if c.LookupBudget > 0 {
		return c.LookupBudget
	}
	return DefaultLookupBudget
}

func (c Create[T]) unresolved(err error, ids []string, why string) error {
	return &UnresolvedCreateError{Entity: c.Entity, NaturalKey: c.NaturalKey, ImportCommand: c.ImportCommand,
		Candidates: ids, Why: why, Err: err}
}

// resolve polls Lookup for objects the create may have made. It returns the
// one candidate, or the ids of all candidates when there are several; a
// lookup error only when no lookup succeeded.
func (c Create[T]) resolve(ctx context.Context, began time.Time, before map[string]bool) (T, []string, error) {
	var zero T
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.budget())
	defer cancel()
	polls := c.Polls
	if polls == nil {
		polls = DefaultLookupPolls
	}
	var lastErr error
	for _, pause := range polls {
		if err := Sleep(lctx, pause); err != nil {
			break
		}
		objs, err := c.Lookup(lctx)
		if err != nil && !IsNotFound(err) {
			lastErr = err
			continue
		}
		lastErr = nil
		var found T
		var ids []string
		for _, o := range objs {
			if c.isNew(o, began, before) && c.Matches(o) {
				found = o
				ids = append(ids, c.ID(o))
			}
		}
		if len(ids) > 0 {
			return found, ids, nil
		}
	}
	return zero, nil, lastErr
}

// isNew reports whether o was made since the operation began.
func (c Create[T]) isNew(o T, began time.Time, before map[string]bool) bool {
	if before != nil {
		return !before[c.ID(o)]
	}
	if c.CreatedAt == nil {
		return false
	}
	t, ok := c.CreatedAt(o)
	return ok && !t.Before(began.Add(-ClockSkewAllowance))
}

// Update describes one update for UpdateAndVerify.
type Update[T any] struct {
	// ETag is sent in If-Match by Patch; "" when the caller has none.
	ETag string
	// Patch sends the PATCH once. It returns the entity, or noContent for a
	// 204 answer.
	Patch func(ctx context.Context) (obj T, noContent bool, err error)
	// Get reads the object.
	Get func(ctx context.Context) (T, error)
	// Applied reports whether every patched field has its new value in o.
	Applied func(o T) bool
	// ETagOf returns o's eTag ("" when it has none).
	ETagOf func(o T) string
	// Lag is the object's last write before this update (Since may be
	// zero) and the window: a 404 to the PATCH is retried within it, and a
	// read-back after the PATCH waits through a whole window.
	Lag Lag
	// LookupBudget bounds a read-back after ctx ended; 0: DefaultLookupBudget.
	LookupBudget time.Duration
}

// UpdateAndVerify sends a PATCH and returns the object as it is afterwards.
// A 204 reads the object back. An unknown outcome (504, reset, ctx ended)
// reads it back on a context detached from cancellation: if the patch is
// applied it is done; if the eTag moved on, someone else changed the object
// (ErrChangedOutside); if it is unchanged, the PATCH goes again (If-Match
// keeps a repeat from overwriting anything). A 404 that persists through the
// lag window is ErrDeletedOutside.
func UpdateAndVerify[T any](ctx context.Context, u Update[T]) (T, error) {
	var zero T
	for attempt := 1; ; attempt++ {
		obj, noContent, err := u.Patch(ctx)
		switch {
		case err == nil && !noContent:
			return obj, nil
		case err == nil:
			return u.readBack(ctx)
		case IsNotFound(err):
			// Within the window of the last write a 404 may be lag. Only a
			// read that finds nothing either means the object is gone.
			_, gerr := ReadThroughLag(ctx, u.Lag, u.Get)
			switch {
			case IsNotFound(gerr):
				return zero, fmt.Errorf("%w: %w", ErrDeletedOutside, err)
			case gerr != nil:
				return zero, fmt.Errorf("%w; reading the object back also failed: %w", err, gerr)
			case attempt < maxUpdateAttempts:
				continue // the object is there now
			}
			return zero, fmt.Errorf("%w; the object itself reads back, so it exists, but Graph answered 404 to the "+
				"update %d times: the update was not applied", err, attempt)
		case !IsOutcomeUnknown(err) && ctx.Err() == nil:
			return zero, err
		}
		budget := u.LookupBudget
		if budget <= 0 {
			budget = DefaultLookupBudget
		}
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), budget)
		cur, gerr := u.readBack(rctx)
		cancel()
		switch {
		case IsNotFound(gerr):
			return zero, fmt.Errorf("%w: %w", ErrDeletedOutside, err)
		case gerr != nil:
			return zero, fmt.Errorf("%w; reading the object back also failed: %w", err, gerr)
		case u.Applied(cur):
			return cur, nil
		case u.ETag != "" && u.ETagOf(cur) != u.ETag:
			return zero, fmt.Errorf("%w while the update's answer was lost: %w", ErrChangedOutside, err)
		case ctx.Err() != nil || attempt >= maxUpdateAttempts:
			return zero, fmt.Errorf("%w; the object was read back unchanged, so the update was not applied", err)
		}
		if serr := Sleep(ctx, time.Second); serr != nil {
			return zero, err
		}
	}
}

// readBack reads an object just written, through replication lag.
func (u Update[T]) readBack(ctx context.Context) (T, error) {
	lag := u.Lag
	lag.Since = time.Now()
	return ReadThroughLag(ctx, lag, u.Get)
}

// Lag says when the caller last wrote the object, on the local clock, and how
// long Graph may take to show that write everywhere.
type Lag struct {
	// Since is the local time of the last write; zero when none is known.
	// Within a process, pass time.Now() from the write, whose monotonic
	// reading is used; across processes, the local wall time the write
	// recorded (private state). Graph's own timestamps never go here.
	Since time.Time
	// Window is how long after Since a 404 is retried; 0: no retry.
	Window time.Duration
}

// remaining is how much of the window is left at now, never more than the
// whole window: a Since in the future (the local clock stepped back) cannot
// stretch it.
func (l Lag) remaining(now time.Time) time.Duration {
	if l.Since.IsZero() || l.Window <= 0 {
		return 0
	}
	return min(l.Window, l.Window-now.Sub(l.Since))
}

// ReadThroughLag calls get, and while it answers 404 within lag's window,
// calls it again with growing pauses. The deadline is fixed on the monotonic
// clock when the first 404 arrives, so no clock change or skew can stretch
// the wait beyond the window.
func ReadThroughLag[T any](ctx context.Context, lag Lag, get func(ctx context.Context) (T, error)) (T, error) {
	obj, err := get(ctx)
	if !IsNotFound(err) {
		return obj, err
	}
	left := lag.remaining(time.Now())
	if left <= 0 {
		return obj, err
	}
	deadline := time.Now().Add(left)
	delay := 250 * time.Millisecond
	for {
		if serr := Sleep(ctx, min(delay, max(time.Until(deadline), 0))); serr != nil {
			return obj, err
		}
		obj, err = get(ctx)
		if !IsNotFound(err) || !time.Now().Before(deadline) {
			return obj, err
		}
		delay = min(2*delay, 4*time.Second)
	}
}
