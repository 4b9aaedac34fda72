package graph

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// fakeDelete is a service whose DELETE may be ignored and whose replicas may
// still show a deleted object for some reads.
type fakeDelete struct {
	exists    bool
	deletes   int
	gets      int
	ignore    int   // the next that many DELETEs answer 204 and keep the object
	staleGets int   // reads after a delete that still show the object
	deleteErr error // answered by every DELETE instead
	getErr    error // answered by every GET instead
	softGone  bool  // a deleted object still reads, marked deleted
}

func (f *fakeDelete) spec(window time.Duration) Delete {
	return Delete{
		Entity: "test object",
		ID:     "x-1",
		Window: window,
		Delete: func(context.Context) error {
			f.deletes++
			switch {
			case f.deleteErr != nil:
				return f.deleteErr
			case !f.exists:
				return errNotFound
			case f.ignore > 0:
				f.ignore--
				return nil
			}
			f.exists = false
			return nil
		},
		Exists: func(context.Context) (bool, error) {
			f.gets++
			switch {
			case f.getErr != nil:
				return false, f.getErr
			case f.staleGets > 0:
				f.staleGets--
				return true, nil
			case f.exists:
				return true, nil
			case f.softGone:
				return false, nil
			}
			return false, errNotFound
		},
	}
}

func TestDeleteAndConfirm(t *testing.T) {
	cases := []struct {
		name    string
		f       *fakeDelete
		deletes int
	}{
		{"deleted", &fakeDelete{exists: true}, 1},
		{"already gone: 404", &fakeDelete{}, 1},
		{"replica shows it twice, then 404: no second DELETE", &fakeDelete{exists: true, staleGets: 2}, 1},
		{"one DELETE ignored: sent again", &fakeDelete{exists: true, ignore: 1}, 2},
		{"marked deleted counts as gone", &fakeDelete{exists: true, softGone: true}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The window outlasts the stale reads however slow the machine:
			// they are counted, and the first 404 ends the wait.
			window := time.Minute
			if tc.f.ignore > 0 {
				window = 10 * time.Millisecond // an ignored delete is never gone: wait briefly
			}
			if err := DeleteAndConfirm(context.Background(), tc.f.spec(window)); err != nil {
				t.Fatal(err)
			}
			if tc.f.exists || tc.f.deletes != tc.deletes {
				t.Fatalf("exists %v after %d DELETEs; want gone after %d", tc.f.exists, tc.f.deletes, tc.deletes)
			}
		})
	}
}

// Deletes always ignored: the destroy fails after maxDeleteAttempts with an
// error naming the object and what to do; it never reports success.
func TestDeleteAndConfirm_alwaysIgnored(t *testing.T) {
	f := &fakeDelete{exists: true, ignore: 100}
	err := DeleteAndConfirm(context.Background(), f.spec(10*time.Millisecond))
	var ue *UndeletedError
	if !errors.As(err, &ue) {
		t.Fatalf("error %v; want an UndeletedError", err)
	}
	if f.deletes != maxDeleteAttempts {
		t.Errorf("%d DELETEs, want %d", f.deletes, maxDeleteAttempts)
	}
	for _, want := range []string{"test object", "x-1", "still there", "kept in state", "terraform state rm"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// A delete Graph refuses is that error, sent once; a check that keeps failing
// is no proof the object is gone.
func TestDeleteAndConfirm_failures(t *testing.T) {
	refused := &Error{Operation: "delete", StatusCode: 403, Code: "Forbidden"}
	f := &fakeDelete{exists: true, deleteErr: refused}
	if err := DeleteAndConfirm(context.Background(), f.spec(time.Minute)); !errors.Is(err, refused) || f.deletes != 1 {
		t.Fatalf("got %v after %d DELETEs; want the 403 after one", err, f.deletes)
	}
	readFails := &Error{Operation: "read", StatusCode: 500}
	f = &fakeDelete{exists: true, ignore: 100, getErr: readFails}
	err := DeleteAndConfirm(context.Background(), f.spec(10*time.Millisecond))
	var ue *UndeletedError
	if !errors.As(err, &ue) || !errors.Is(err, readFails) || !strings.Contains(err.Error(), "could not be confirmed") {
		t.Fatalf("got %v; want an UndeletedError carrying the failed read", err)
	}
}

// The operation's deadline ends the wait: the delete is not reported done.
func TestDeleteAndConfirm_cancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := &fakeDelete{exists: true, ignore: 100}
	s := f.spec(time.Hour)
	exists := s.Exists
	s.Exists = func(ctx context.Context) (bool, error) { cancel(); return exists(ctx) }
	err := DeleteAndConfirm(ctx, s)
	if err == nil || !strings.Contains(err.Error(), "kept in state") || f.deletes != 1 {
		t.Fatalf("got %v after %d DELETEs; want an error after one", err, f.deletes)
	}
}
