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
//		Window:        client.ConsistencyWindow(),
//		ListLag:       client.ListLag(),
//	})
//	if res.Adopted { resp.Diagnostics.AddWarning(..., res.Note) }
//
//	// Update: PATCH with If-Match; 204 reads back; an unknown outcome reads
//	// back and checks Applied (or, with Idempotent, sends the PATCH again:
//	// for a whole record whose effect a read cannot show); a 404 is
//	// ErrDeletedOutside, a stale eTag ErrChangedOutside.
//	obj, err := graph.UpdateAndVerify(ctx, graph.Update[T]{ID: id, ETag: etag, Patch: ..., Get: ...,
//		Applied: ..., ETagOf: ..., Lag: graph.Lag{Window: client.ConsistencyWindow()}})
//
//	// Delete: a 2xx is confirmed by reading the object through the
//	// consistency window; still there, the DELETE goes again (bounded),
//	// then an UndeletedError keeps the resource in state.
//	err := graph.DeleteAndConfirm(ctx, graph.Delete{Entity: ..., ID: id, Delete: ..., Exists: ...,
//		Window: client.ConsistencyWindow()})
//
//	// Read: a 404 shortly after our own write is retried, within a window
//	// measured on the local clock from the write (keep the write's local time
//	// in private state), never by comparing Graph's timestamps with ours.
//	obj, err := graph.ReadThroughLag(ctx, graph.Lag{Since: wroteAt, Window: client.ConsistencyWindow()}, get)
//
// Tests shorten the waits through Create.Window, Create.ListLag,
// Create.Polls, Create.LookupBudget and Lag.Window (Settings.ConsistencyWindow
// and Settings.ListLag for a whole client).

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
	// DefaultListLag is how much longer than a GET by id a collection
	// listing may take to show a new object. No figure is published; see
	// ASSUMPTIONS.md.
	DefaultListLag = 30 * time.Second
	// DefaultLookupBudget bounds the read-back of an update with an unknown
	// outcome, on a context the caller's cancellation does not end. The
	// lookup after a create gets this much beyond its settle time.
	DefaultLookupBudget = 30 * time.Second
	// maxCreateAttempts bounds the POSTs of one create: a POST is repeated
	// only after a lookup showed that the previous one made nothing.
	maxCreateAttempts = 3
	// maxUpdateAttempts bounds the PATCHes of one update whose context has
	// no deadline; with one, the deadline does (again).
	maxUpdateAttempts = 3
	// maxDeleteAttempts bounds the DELETEs of one destroy: a DELETE is
	// repeated only when the object was still there a whole consistency
	// window after Graph confirmed the previous one.
	maxDeleteAttempts = 3
)

// lookupPause is the pause before the i-th search (from 0) for an object
// whose create went unanswered, once Create.Polls are used up: at once, then
// 0.25 s doubling to 4 s.
func lookupPause(i int) time.Duration {
	if i == 0 {
		return 0
	}
	return min(250*time.Millisecond<<min(i-1, 4), 4*time.Second)
}

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
	// Committed, when set, reports whether err, the answer to a POST sent
	// after an earlier POST of this create went unanswered, proves that the
	// earlier one was stored: a 409 on a key the service enforces. The
	// object is then looked for until it shows, and adopted.
	Committed func(err error) bool

	// Window is how long Graph may take to show a write to a GET by id
	// (Client.ConsistencyWindow), and ListLag how much longer a listing may
	// take (Client.ListLag); 0: the defaults. After an unknown outcome,
	// nothing counts as made until a lookup begun Window+ListLag after the
	// answer was lost has found nothing.
	Window  time.Duration
	ListLag time.Duration

	Polls        []time.Duration // the first pauses between lookups; then lookupPause
	LookupBudget time.Duration   // bounds each lookup; 0: Window+ListLag+DefaultLookupBudget
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
// When the lookup shows that nothing was made (a lookup begun Window+ListLag
// after the lost answer found nothing) and ctx is still live, the POST is sent
// again; otherwise the error is an UnresolvedCreateError. An answer to the
// repeat that Committed accepts (a 409) is resolved by looking until the
// object shows.
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
	var lost error // the first POST of this create that went unanswered
	for attempt := 1; ; attempt++ {
		obj, err := c.Post(ctx)
		if err == nil {
			return Created[T]{Object: obj}, nil
		}
		committed := lost != nil && c.Committed != nil && c.Committed(err)
		if !committed && !IsOutcomeUnknown(err) && ctx.Err() == nil {
			return zero, err
		}
		why := err
		if lost == nil {
			lost = err
		} else if committed {
			why = fmt.Errorf("%w, and a repeated create was refused with %w, so the first was stored", lost, err)
		}
		found, ids, lerr := c.resolve(ctx, began, before, committed)
		switch {
		case len(ids) > 1:
			return zero, c.unresolved(why, ids, fmt.Sprintf("%d objects created since the operation began match every posted field", len(ids)))
		case len(ids) == 1:
			return Created[T]{Object: found, Adopted: true, Note: fmt.Sprintf("The answer to the create was lost (%v). "+
				"The %s %s, created since this operation began with every posted field, was adopted into state.",
				why, c.Entity, ids[0])}, nil
		case lerr != nil:
			return zero, c.unresolved(why, nil, lerr.Error())
		case ctx.Err() != nil:
			return zero, c.unresolved(why, nil, fmt.Sprintf("the operation ended (%v) and no matching object was listed "+
				"within %s of the lost answer", context.Cause(ctx), c.settle()))
		case attempt >= maxCreateAttempts:
			return zero, c.unresolved(why, nil, fmt.Sprintf("%d creates went unanswered and no matching object appeared", attempt))
		}
		// Nothing was made: the POST can go again without a duplicate.
	}
}

// settle is how long after a lost answer a lookup may still miss the object.
func (c Create[T]) settle() time.Duration {
	w, l := c.Window, c.ListLag
	if w <= 0 {
		w = DefaultConsistencyWindow
	}
	if l <= 0 {
		l = DefaultListLag
	}
	return w + l
}

func (c Create[T]) budget() time.Duration {
	if c.LookupBudget > 0 {
		return c.LookupBudget
	}
	return c.settle() + DefaultLookupBudget
}

func (c Create[T]) unresolved(err error, ids []string, why string) error {
	return &UnresolvedCreateError{Entity: c.Entity, NaturalKey: c.NaturalKey, ImportCommand: c.ImportCommand,
		Candidates: ids, Why: why, Err: err}
}

// resolve polls Lookup for objects the create may have made, on a context
// the caller's cancellation does not reach, bounded by the lookup budget. It
// returns the one candidate, or the ids of all candidates when there are
// several. It finds "nothing made" only once a lookup begun a whole settle
// time after the lost answer found nothing; with exists (the object is known
// to have been stored) it looks until the object shows. An error says why it
// could not tell.
func (c Create[T]) resolve(ctx context.Context, began time.Time, before map[string]bool, exists bool) (T, []string, error) {
	var zero T
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.budget())
	defer cancel()
	settled := time.Now().Add(c.settle())
	var lastErr error
	nothing := false // a lookup begun after the settle time found nothing
	for i := 0; !nothing; i++ {
		var pause time.Duration
		if i < len(c.Polls) {
			pause = c.Polls[i]
		} else if pause = lookupPause(i - len(c.Polls)); time.Until(settled) > 0 {
			pause = min(pause, time.Until(settled)) // the last lookup begins as the settle time ends
		}
		if Sleep(lctx, pause) != nil {
			break
		}
		start := time.Now()
		objs, err := c.Lookup(lctx)
		if err != nil && !IsNotFound(err) {
			lastErr = err
		} else {
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
		nothing = !exists && i >= len(c.Polls)-1 && !start.Before(settled)
	}
	switch {
	case lastErr != nil:
		return zero, nil, fmt.Errorf("looking for the object also failed: %w", lastErr)
	case nothing:
		return zero, nil, nil
	case exists:
		return zero, nil, fmt.Errorf("no matching object was listed within %s", c.budget())
	}
	return zero, nil, fmt.Errorf("no matching object was listed within the lookup's %s, and Graph may take %s to list one",
		c.budget(), c.settle())
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
	// Idempotent declares that sending the PATCH twice does no harm: it
	// carries the whole record and no eTag. An unknown outcome then sends it
	// again, and only a 2xx answer counts as success: a read-back cannot see
	// a field Graph never returns (a re-encrypted password), so an object
	// that merely looks updated proves nothing.
	Idempotent bool
	// Lag is the object's last write before this update (Since may be
	// zero) and the window: a 404 to the PATCH is retried within it, and a
	// read-back after the PATCH waits through a whole window.
	Lag Lag
	// LookupBudget bounds a read-back after ctx ended; 0: DefaultLookupBudget.
	LookupBudget time.Duration
}

// UpdateAndVerify sends a PATCH and returns the object as it is afterwards.
// A 204 reads the object back. An unknown outcome of an Idempotent PATCH
// sends it again, until the operation's deadline (again). Otherwise an
// unknown outcome (504, reset, ctx ended) reads it back on a context detached
// from cancellation: if the patch is applied it is done; if the eTag moved on, someone else changed the object
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
		case u.Idempotent:
			if again(ctx, attempt) {
				continue
			}
			return zero, fmt.Errorf("%w; the update was sent %d times without an answer, so whether it was applied is "+
				"unknown and the prior state is kept: apply again", err, attempt)
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
		case ctx.Err() != nil || !again(ctx, attempt):
			return zero, fmt.Errorf("%w; the object was read back unchanged, so the update was not applied", err)
		}
	}
}

// again waits before the next PATCH of an update whose answer was lost and
// says whether it may go: after 1 s, doubling up to 30 s, while it can start
// before ctx's deadline (maxUpdateAttempts PATCHes in all when ctx has
// none). Lost answers come in bursts (a reset connection fails every request
// multiplexed on it), so a fixed few attempts a second apart can all fall in
// one; the operation's timeout is the bound the user chose.
func again(ctx context.Context, attempt int) bool {
	d := min(time.Second<<min(attempt-1, 5), 30*time.Second)
	deadline, ok := ctx.Deadline()
	switch {
	case !ok && attempt >= maxUpdateAttempts:
		return false
	case ok && !time.Now().Add(d).Before(deadline):
		return false
	}
	return updatePause(ctx, d) == nil
}

// updatePause is Sleep; tests record the pauses instead.
var updatePause = Sleep

// Delete describes one delete for DeleteAndConfirm.
type Delete struct {
	Entity string // what is deleted, for messages: "user PFX certificate"
	ID     string
	// Delete sends the DELETE once; a 404 means the object is gone.
	Delete func(ctx context.Context) error
	// Exists reads the object: false, or a 404, when it is gone.
	Exists func(ctx context.Context) (bool, error)
	// Window is how long after a delete Graph's replicas may still show the
	// object (the consistency window); 0 checks once.
	Window time.Duration
}

// UndeletedError is a delete that Graph answered with success while the
// object stayed: it names the object and what to do.
type UndeletedError struct {
	Entity   string
	ID       string
	Attempts int
	Window   time.Duration
	Err      error // the last failed check, when the object could not be read
}

func (e *UndeletedError) Error() string {
	what := "was still there"
	if e.Err != nil {
		what = "could not be confirmed gone"
	}
	msg := fmt.Sprintf("the %s %s %s %s after each of %d deletes that Graph answered with success, so it is kept "+
		"in state. Check whether it still exists in Intune; run the destroy again later, or delete it in the Intune "+
		"admin center and then remove it from state with `terraform state rm <address>`",
		e.Entity, e.ID, what, e.Window, e.Attempts)
	if e.Err != nil {
		msg += fmt.Sprintf(". The last check failed with: %v", e.Err)
	}
	return msg
}

func (e *UndeletedError) Unwrap() error { return e.Err }

// DeleteAndConfirm deletes an object and returns nil only once Graph no
// longer has it. A 404 to the DELETE or to a later GET means gone. After a
// 2xx (or an unknown outcome) it reads the object until it is gone or a
// whole consistency window has passed, since a replica may show a deleted
// object for that long; an object still there then gets another DELETE
// (bounded by maxDeleteAttempts). Intune has been seen to answer 204 to a
// DELETE and keep the object (Intune-Resource-Access #157).
func DeleteAndConfirm(ctx context.Context, d Delete) error {
	for attempt := 1; ; attempt++ {
		err := d.Delete(ctx)
		switch {
		case IsNotFound(err):
			return nil
		case err != nil && !IsOutcomeUnknown(err):
			return err
		}
		gone, cerr := d.confirm(ctx)
		switch {
		case gone:
			return nil
		case ctx.Err() != nil:
			return fmt.Errorf("the %s %s was not confirmed gone before the operation ended (%v), so it is kept in "+
				"state; run the destroy again", d.Entity, d.ID, context.Cause(ctx))
		case attempt >= maxDeleteAttempts:
			return &UndeletedError{Entity: d.Entity, ID: d.ID, Attempts: attempt, Window: d.Window, Err: cerr}
		}
	}
}

// confirm reads the object until it is gone or the window has passed. It
// returns the last read's error when no read could tell.
func (d Delete) confirm(ctx context.Context) (bool, error) {
	deadline := time.Now().Add(d.Window)
	delay := 250 * time.Millisecond
	for {
		ok, err := d.Exists(ctx)
		switch {
		case IsNotFound(err), err == nil && !ok:
			return true, nil
		case !time.Now().Before(deadline):
			return false, err
		}
		if serr := Sleep(ctx, min(delay, max(time.Until(deadline), 0))); serr != nil {
			return false, err
		}
		delay = min(2*delay, 4*time.Second)
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
	if !lag.Since.IsZero() {
		// A listing may not show the write yet: read it by GET
		// (listing_reads.go), whichever process made the write.
		ctx = context.WithValue(ctx, writtenAtKey{}, lag.Since)
	}
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
