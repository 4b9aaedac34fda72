package provider

import (
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"time"
)

// onlyTimeoutsChanged reports whether an update's plan differs from the
// state only in the timeouts block: every other attribute is as in state,
// or left unknown for the provider to fill in (a computed value). Such an
// update has nothing to send to Graph.
func onlyTimeoutsChanged(plan, state tftypes.Value) bool {
	var p, s map[string]tftypes.Value
	if plan.As(&p) != nil || state.As(&s) != nil {
		return false
	}
	for name, v := range p {
		if name == "timeouts" || !v.IsKnown() {
			continue
		}
		if prior, ok := s[name]; !ok || !v.Equal(prior) {
			return false
		}
	}
	return true
}

// The operations' default timeouts, when the timeouts block sets none.
const (
	defaultCreateTimeout = 10 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 10 * time.Minute
)
