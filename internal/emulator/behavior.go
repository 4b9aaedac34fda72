package emulator

import (
	"strings"
	"sync"
	"time"
)

// Behavior switches on ways in which Graph may behave that its documentation
// allows but does not promise, so tests can show the provider copes with
// each. The zero value is the emulator's default behaviour. ASSUMPTIONS.md
// lists what each switch stands for.
type Behavior struct {
	// ThumbprintCase stores thumbprint and deviceKeyThumbprint in "upper" or
	// "lower" case, whatever case was sent; "" keeps them as sent.
	ThumbprintCase string
	// CreateStatus, when set, is the status every create starts in, whatever
	// the request sent (a work item that starts in the service's own state).
	CreateStatus *int
	// CreateAnswerStatus answers a successful create with this status
	// instead of 201 Created (e.g. 200), with the entity in the body.
	CreateAnswerStatus int
	// CreateAnswerDelay stores a create (in any entity set) at once but
	// holds its answer this long, or until the client gives up on it.
	CreateAnswerDelay time.Duration
	// OnCreate, when set, is called with the id of each object a POST has
	// stored, before the answer goes out: tests wait on it instead of timing.
	OnCreate func(id string)
	// ClockSkew shifts the service's clock, which stamps createdTime and
	// lastModifiedTime: negative runs behind the client's, positive ahead.
	ClockSkew time.Duration
	// ReadAfterWriteMisses makes the next that many GETs of an object after
	// each create or update answer 404, as a lagging replica does. It counts
	// reads rather than time, so no test depends on the machine's speed.
	ReadAfterWriteMisses int
	// ListLagListings leaves each object a POST creates out of the next
	// that many listings of its collection that would show it, as an index
	// that trails the store does; a GET by id sees it at once. It applies to
	// every entity set and counts listings rather than time, so no test
	// depends on the machine's speed.
	ListLagListings int
	// IgnoredDeletes makes the next that many DELETEs of an existing object
	// answer 204 and keep it, as Intune has been seen to do
	// (Intune-Resource-Access #157); negative ignores every DELETE. It
	// counts requests, on every entity set.
	IgnoredDeletes int
	// KeepExtendedKeyUsages stores extendedKeyUsages as sent: without it the
	// Android device-owner and work-profile SCEP and PKCS types append a
	// second copy of an "Any Purpose" EKU, as Graph is reported to do.
	KeepExtendedKeyUsages bool
	// FlagsSeparator joins the members of a flags enum (keyUsage, ...) in
	// answers; "" is ",". The members always come in their declared order.
	FlagsSeparator string
	// ForeignRootBinds lets rootCertificate name any stored profile, as a
	// laxer service would; by default a root that is not the trusted type
	// of the profile's own platform is a 400.
	ForeignRootBinds bool
	// ListingIgnoresExpand answers a listing of deviceConfigurations
	// without the assignments its $expand asks for, as a service that
	// expands only single entities would.
	ListingIgnoresExpand bool
	// Budget throttles requests per app and tenant as Intune's service
	// limits do (see RequestBudget); the zero value throttles nothing.
	// Setting the behaviour starts its windows and BudgetCounts afresh.
	Budget RequestBudget
}

// SetBehavior replaces the behaviour switches; Behavior{} restores the default.
func (e *Emulator) SetBehavior(b Behavior) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.behavior = b
	e.budget.reset()
}

// behaviorNow returns the current behaviour switches.
func (e *Emulator) behaviorNow() Behavior {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.behavior
}

// holdCreateAnswer applies OnCreate and CreateAnswerDelay to a create of any
// entity set, stored as id: false when the client left before the answer
// (the object stays, as on a real service).
func (c *call) holdCreateAnswer(b Behavior, id string) bool {
	if b.OnCreate != nil {
		b.OnCreate(id)
	}
	if b.CreateAnswerDelay <= 0 {
		return true
	}
	t := time.NewTimer(b.CreateAnswerDelay)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-c.r.Context().Done():
		return false
	}
}

// caseThumbprints applies ThumbprintCase to a create or update.
func (b Behavior) caseThumbprints(patch map[int]any) {
	for _, p := range []int{pThumbprint, pDeviceKeyThumbprint} {
		s, ok := patch[p].(string)
		switch {
		case !ok:
		case b.ThumbprintCase == "upper":
			patch[p] = strings.ToUpper(s)
		case b.ThumbprintCase == "lower":
			patch[p] = strings.ToLower(s)
		}
	}
}

// hideLocked makes the next ReadAfterWriteMisses reads of id answer 404.
func (e *Emulator) hideLocked(id string) {
	if n := e.behavior.ReadAfterWriteMisses; n > 0 {
		e.hidden[id] = n
	} else {
		delete(e.hidden, id)
	}
}

// hiddenLocked reports whether this read of id is one the lag hides, and
// counts it.
func (e *Emulator) hiddenLocked(id string) bool {
	if e.hidden[id] <= 0 {
		return false
	}
	e.hidden[id]--
	return true
}

// listLag counts, per new object, the listings that still leave it out.
type listLag struct {
	mu   sync.Mutex
	left map[string]int
}

// startListLag hides a new object from the next ListLagListings listings.
func (e *Emulator) startListLag(id string, n int) {
	e.lagging.mu.Lock()
	defer e.lagging.mu.Unlock()
	if n <= 0 {
		delete(e.lagging.left, id)
		return
	}
	if e.lagging.left == nil {
		e.lagging.left = map[string]int{}
	}
	e.lagging.left[id] = n
}

// listLagMisses returns how many more listings leave a new object out, 0
// for any other object.
func (e *Emulator) listLagMisses() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.behavior.ListLagListings
}

// unlisted reports whether a listing that would show id leaves it out, and
// counts the listing. Each listing must ask once per object it would show.
func (e *Emulator) unlisted(id string) bool {
	e.lagging.mu.Lock()
	defer e.lagging.mu.Unlock()
	if e.lagging.left[id] <= 0 {
		return false
	}
	e.lagging.left[id]--
	if e.lagging.left[id] == 0 {
		delete(e.lagging.left, id)
	}
	return true
}

// stillUnlisted reports whether listings leave id out, without counting.
func (e *Emulator) stillUnlisted(id string) bool {
	e.lagging.mu.Lock()
	defer e.lagging.mu.Unlock()
	return e.lagging.left[id] > 0
}

// ignoredDeleteLocked reports whether this DELETE of an existing object is
// one IgnoredDeletes ignores, and counts it. e.mu is held.
func (e *Emulator) ignoredDeleteLocked() bool {
	switch n := e.behavior.IgnoredDeletes; {
	case n < 0:
		return true
	case n > 0:
		e.behavior.IgnoredDeletes--
		return true
	}
	return false
}

// ignoredDelete is ignoredDeleteLocked for callers that do not hold e.mu.
func (e *Emulator) ignoredDelete() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.ignoredDeleteLocked()
}
