package graph

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestUpdateAndVerify_notFoundButReadable: a PATCH that keeps answering 404
// while a GET of the same object succeeds is not reported as a deletion; nor
// is one whose read-back fails for another reason. Only a 404 to both means
// the object is gone.
func TestUpdateAndVerify_notFoundButReadable(t *testing.T) {
	errRead := &Error{Operation: "read", StatusCode: 500}
	for _, tc := range []struct {
		name    string
		getErr  error
		want    string
		patches int
	}{
		{"the object reads back", nil, "the object itself reads back", maxUpdateAttempts},
		{"the read-back fails", errRead, "reading the object back also failed", 1},
	} {
		patches := 0
		u := Update[*obj]{
			Patch: func(context.Context) (*obj, bool, error) { patches++; return nil, false, errNotFound },
			Get: func(context.Context) (*obj, error) {
				if tc.getErr != nil {
					return nil, tc.getErr
				}
				return &obj{id: "x", status: 1}, nil
			},
			Applied: func(o *obj) bool { return o.status == 2 },
			ETagOf:  func(o *obj) string { return o.eTag },
		}
		_, err := UpdateAndVerify(context.Background(), u)
		if err == nil || errors.Is(err, ErrDeletedOutside) || strings.Contains(err.Error(), "deleted") {
			t.Errorf("%s: error %v, want no deletion reported", tc.name, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || patches != tc.patches {
			t.Errorf("%s: error %v after %d PATCHes, want %q after %d", tc.name, err, patches, tc.want, tc.patches)
		}
	}
}
