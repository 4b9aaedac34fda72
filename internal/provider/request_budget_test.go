package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// The request budget against the emulator's (emulator.RequestBudget), with
// the real CLI. The window is shortened in both to seconds, so the budget is
// crossed several times within a test; nothing is timed: the assertions are
// the emulator's counts and the objects it holds.

// providerFactoriesWithBudgetWindow serves a provider whose request budget
// counts per window instead of per 20 s.
func providerFactoriesWithBudgetWindow(window time.Duration) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"intune": providerserver.NewProtocol6WithError(&intuneProvider{version: "test", budgetWindow: window}),
	}
}

// budgetConfig is n recryption requests, thumbprints prefix followed by the
// index, under the provider block given.
func budgetConfig(providerBlock, prefix string, n int, extra string) string {
	return fmt.Sprintf(`
%s

resource "intune_pfx_recryption_request" "bulk" {
  count      = %d
  user_id    = %q
  device_id  = %q
  profile_id = %q
  thumbprint = format("%s%%08d", count.index)
%s
}
`, providerBlock, n, testGUID("user_id"), testGUID("device_id"), testGUID("profile_id"), prefix, extra)
}

// thumbprintPrefix is 32 hex digits unique to the test run.
func thumbprintPrefix() string {
	return strings.ToUpper(strings.ReplaceAll(testGUID("thumbprint_seed"), "-", ""))[:32]
}

// stored counts the emulator's recryption requests whose thumbprint starts
// with prefix.
func stored(prefix string) int {
	n := 0
	for _, o := range testEmulator.Objects() {
		if s, _ := o["thumbprint"].(string); strings.HasPrefix(strings.ToUpper(s), prefix) {
			n++
		}
	}
	return n
}

// checkStored asserts the emulator holds want objects of the test.
func checkStored(prefix string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := stored(prefix); got != want {
			return fmt.Errorf("the emulator holds %d recryption requests of this test, want %d", got, want)
		}
		return nil
	}
}

// TestAccRequestBudget_keepsTheBudget: with the emulator allowing 3 writes
// and 12 requests per second, and the provider told the same budget, ten
// creates and ten deletes (more than six windows' worth of writes) get no
// 429: the provider paces itself.
func TestAccRequestBudget_keepsTheBudget(t *testing.T) {
	requireEmulator(t)
	const n = 10
	window := time.Second
	withBehavior(t, emulator.Behavior{Budget: emulator.RequestBudget{Requests: 12, Writes: 3, Window: window}})
	prefix := thumbprintPrefix()
	cfg := budgetConfig(`provider "intune" {
  request_budget = {
    requests = 12
    writes   = 3
  }
}`, prefix, n, "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: providerFactoriesWithBudgetWindow(window),
		// Checked on the emulator's store: a check through Graph would count
		// against the budget too.
		CheckDestroy: func(*terraform.State) error {
			c := testEmulator.BudgetCounts()
			switch {
			case stored(prefix) != 0:
				return fmt.Errorf("%d objects left after destroy", stored(prefix))
			case c.Throttled != 0:
				return fmt.Errorf("the emulator answered %d 429s (counts %+v); the provider should keep the budget", c.Throttled, c)
			case c.Writes < 2*n:
				return fmt.Errorf("the emulator counted %d writes, want at least %d (the creates and the deletes)", c.Writes, 2*n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeTestCheckFunc(
				checkStored(prefix, n),
				func(*terraform.State) error {
					if c := testEmulator.BudgetCounts(); c.Throttled != 0 || c.Writes < n {
						return fmt.Errorf("after the apply the emulator counted %+v; want %d writes or more and no 429", c, n)
					}
					return nil
				},
			),
		}},
	})
}

// TestAccRequestBudget_retryAfterAbsent: the tenant's budget is shared with
// other tools, so the emulator allows fewer writes (2 per 4 s) than the
// provider's budget expects, and its 429s carry no Retry-After. The apply and
// the destroy still succeed: the provider backs off with jitter and retries.
func TestAccRequestBudget_retryAfterAbsent(t *testing.T) {
	requireEmulator(t)
	const n = 3
	window := 4 * time.Second
	withBehavior(t, emulator.Behavior{Budget: emulator.RequestBudget{Writes: 2, Window: window, RetryAfter: "none"}})
	prefix := thumbprintPrefix()
	cfg := budgetConfig(`provider "intune" {
  request_budget = {
    writes = 50
  }
}`, prefix, n, "")
	throttledByApply := 0
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: providerFactoriesWithBudgetWindow(window),
		CheckDestroy: func(*terraform.State) error {
			if left := stored(prefix); left != 0 {
				return fmt.Errorf("%d objects left after destroy", left)
			}
			if c := testEmulator.BudgetCounts(); c.Throttled <= throttledByApply {
				return fmt.Errorf("the destroy met no 429 (counts %+v): three deletes against 2 writes per window should", c)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeTestCheckFunc(
				checkStored(prefix, n),
				func(*terraform.State) error {
					c := testEmulator.BudgetCounts()
					if c.Throttled == 0 {
						return fmt.Errorf("the emulator answered no 429 (counts %+v): three creates against 2 writes per window should meet one", c)
					}
					throttledByApply = c.Throttled
					return nil
				},
			),
		}},
	})
}

// TestAccRequestBudget_hugeRetryAfter: Graph asks to wait an hour, longer
// than the create timeout of a minute. The apply fails at once with an error
// that says so and names the timeouts block, rather than hang until the
// timeout. The second step, with another budget (so another pacer, which
// Graph's hold does not bind) and the emulator's budget lifted, finishes the
// apply; the destroy runs under it.
func TestAccRequestBudget_hugeRetryAfter(t *testing.T) {
	requireEmulator(t)
	const n = 2
	window := 3 * time.Second
	withBehavior(t, emulator.Behavior{Budget: emulator.RequestBudget{Writes: 1, Window: time.Hour, RetryAfter: "3600"}})
	prefix := thumbprintPrefix()
	timeouts := `  timeouts {
    create = "1m"
  }`
	block := func(writes int) string {
		return fmt.Sprintf("provider \"intune\" {\n  request_budget = {\n    writes = %d\n  }\n}", writes)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: providerFactoriesWithBudgetWindow(window),
		CheckDestroy:             checkStored(prefix, 0),
		Steps: []resource.TestStep{
			{
				Config: budgetConfig(block(97), prefix, n, timeouts),
				// The CLI wraps the message: any space may be a line break.
				ExpectError: regexp.MustCompile(`Intune\s+asked\s+to\s+wait\s+3600\s+s\s+before\s+the\s+next\s+request\s+` +
					`\(Retry-After\)[\s\S]*the\s+timeout\s+is\s+too\s+short[\s\S]*` + "`timeouts`" + `\s+block`),
				Check: checkStored(prefix, 1),
			},
			{
				PreConfig: func() {
					if c := testEmulator.BudgetCounts(); c.Throttled == 0 || stored(prefix) != 1 {
						t.Errorf("after the first step: counts %+v and %d objects; want a 429 and one object", c, stored(prefix))
					}
					testEmulator.SetBehavior(emulator.Behavior{})
				},
				Config: budgetConfig(block(96), prefix, n, timeouts),
				Check:  checkStored(prefix, n),
			},
		},
	})
}

// TestAccRequestBudget_validation: a budget below 1 is refused at plan time,
// naming the attribute; one above the published limits is accepted.
func TestAccRequestBudget_validation(t *testing.T) {
	cfg := func(attrs string) string {
		return fmt.Sprintf(`
provider "intune" {
  request_budget = {
%s
  }
}

data "intune_pfx_recryption_requests" "all" {}
`, attrs)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cfg("    writes = 0"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`request_budget.writes[\s\S]*value\s+must\s+be\s+at\s+least\s+1,\s+got:\s+0`),
			},
			{
				Config:      cfg("    requests = -5\n    writes = 10"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`request_budget.requests[\s\S]*value\s+must\s+be\s+at\s+least\s+1,\s+got:\s+-5`),
			},
			{
				// Above Intune's published limits: the service decides, not the provider.
				Config: cfg("    requests = 5000\n    writes = 500"),
			},
		},
	})
}

// TestAccRequestBudget_environment: INTUNE_REQUEST_BUDGET_WRITES that is not
// a whole number of at least 1 is refused, naming the variable.
func TestAccRequestBudget_environment(t *testing.T) {
	t.Setenv(envBudgetWrites, "lots")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      "provider \"intune\" {}\n\ndata \"intune_pfx_recryption_requests\" \"all\" {}\n",
			ExpectError: regexp.MustCompile(`INTUNE_REQUEST_BUDGET_WRITES\s+is\s+"lots"[\s\S]*whole\s+number\s+of\s+at\s+least\s+1`),
		}},
	})
}
