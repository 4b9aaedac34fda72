package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// requiredProviders names the provider's source; dev_overrides supplies it
// without terraform init.
const requiredProviders = `terraform {
  required_providers {
    intune = { source = "openintune/intune" }
  }
}

`

// oneResource is the configuration of the request-economy runs.
func oneResource(status int) string {
	return requiredProviders + fmt.Sprintf(`resource "intune_pfx_recryption_request" "r" {
  user_id    = "11111111-1111-4111-8111-111111111111"
  device_id  = "22222222-2222-4222-8222-222222222222"
  profile_id = "33333333-3333-4333-8333-333333333333"
  thumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678"
  status     = %d
}
`, status)
}

// economyStep is one Terraform command of a resource's life.
type economyStep struct {
	name    string
	minimum int    // Graph requests the API needs for it
	why     string // what those requests are
	status  int    // configured status before the command (0: unchanged)
	args    []string
	ok      []int
	before  func(b *bench, dir string) error
	after   func(b *bench)
	argsFor func(b *bench) []string
}

func economySteps() []economyStep {
	return []economyStep{
		{name: "create", minimum: 1, why: "POST", status: 1, args: []string{"apply", "-auto-approve", "-input=false"}},
		{name: "refresh", minimum: 1, why: "GET", args: []string{"apply", "-refresh-only", "-auto-approve", "-input=false"}},
		{name: "no-op plan", minimum: 1, why: "GET, the refresh", args: []string{"plan", "-detailed-exitcode", "-input=false"}},
		{name: "update", minimum: 1, why: "PATCH answered 200 with the object", status: 2,
			args: []string{"apply", "-auto-approve", "-refresh=false", "-input=false"}},
		{name: "update, 204", minimum: 2, why: "PATCH answered 204, then GET for the new eTag", status: 3,
			args:   []string{"apply", "-auto-approve", "-refresh=false", "-input=false"},
			before: func(b *bench, _ string) error { b.emu.SetPatchReturnsNoContent(true); return nil },
			after:  func(b *bench) { b.emu.SetPatchReturnsNoContent(false) }},
		{name: "saved plan: `plan -out`", minimum: 1, why: "GET, the refresh", status: 4,
			args: []string{"plan", "-out=tfplan", "-input=false"}},
		{name: "saved plan: `apply tfplan`", minimum: 1, why: "PATCH", args: []string{"apply", "-input=false", "tfplan"}},
		{name: "import", minimum: 1, why: "GET",
			before: func(b *bench, dir string) error {
				_, err := b.terraform(dir, b.wrapRC, nil, "state", "rm", "intune_pfx_recryption_request.r")
				return err
			},
			argsFor: func(b *bench) []string {
				objs := b.emu.Objects()
				id := ""
				if len(objs) == 1 {
					id, _ = objs[0]["id"].(string)
				}
				return []string{"import", "-input=false", "intune_pfx_recryption_request.r", id}
			}},
		{name: "destroy", minimum: 2, why: "DELETE, then a GET confirming it is gone (Graph has answered 204 to deletes it did not carry out)", args: []string{"destroy", "-auto-approve", "-refresh=false", "-input=false"}},
	}
}

type economyRow struct {
	step                                          economyStep
	args                                          []string
	requests, tokens, login, procs, callers, conn []float64
	askers, idle, most, ambiguous                 []float64
	methods                                       map[string]bool
}

func runEconomy(b *bench, r *report) error {
	reps := 3
	if b.o.quick {
		reps = 1
	}
	steps := economySteps()
	rows := make([]economyRow, len(steps))
	for i := range rows {
		rows[i] = economyRow{step: steps[i], methods: map[string]bool{}}
	}
	for rep := 0; rep < reps; rep++ {
		b.emu.Reset()
		dir, err := b.workspace("economy", oneResource(1))
		if err != nil {
			return err
		}
		for i, s := range steps {
			if s.status != 0 {
				if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(oneResource(s.status)), 0o600); err != nil {
					return err
				}
			}
			if s.before != nil {
				if err := s.before(b, dir); err != nil {
					return err
				}
			}
			args := s.args
			if s.argsFor != nil {
				args = s.argsFor(b)
			}
			res, err := b.terraform(dir, b.wrapRC, s.ok, args...)
			if s.after != nil {
				s.after(b)
			}
			if err != nil {
				return err
			}
			row := &rows[i]
			row.args = args
			row.requests = append(row.requests, float64(res.graph("")))
			row.tokens = append(row.tokens, float64(res.tokens()))
			row.login = append(row.login, float64(res.login()))
			row.procs = append(row.procs, float64(len(res.procs)))
			row.callers = append(row.callers, float64(res.callers()))
			askers, idle, most := res.tokenProcs()
			row.askers = append(row.askers, float64(askers))
			row.idle = append(row.idle, float64(idle))
			row.most = append(row.most, float64(most))
			row.ambiguous = append(row.ambiguous, float64(res.ambiguous()))
			row.conn = append(row.conn, float64(res.conns))
			row.methods[res.byMethod()] = true
		}
	}

	var table1 [][]string
	var sumSeen, sumMin, sumTokens, sumCallers, sumIdle, most, ambiguous float64
	varied := false
	for _, row := range rows {
		seen := median(row.requests)
		sumSeen += seen
		sumMin += float64(row.step.minimum)
		sumTokens += median(row.tokens)
		sumCallers += median(row.callers)
		sumIdle += median(row.idle)
		most = max(most, slicesMax(row.most))
		ambiguous += slicesMax(row.ambiguous)
		var methods []string
		for m := range row.methods {
			methods = append(methods, m)
		}
		if len(methods) > 1 {
			varied = true
		}
		cmd := "terraform " + strings.Join(row.args, " ")
		if strings.HasPrefix(row.step.name, "import") {
			cmd = "terraform import intune_pfx_recryption_request.r <id>"
		}
		table1 = append(table1, []string{
			row.step.name, "`" + cmd + "`", strings.Join(methods, " / "),
			fmt.Sprintf("%d (%s)", row.step.minimum, row.step.why),
			ratio(seen / float64(row.step.minimum)),
			fmt.Sprintf("%g", median(row.procs)), fmt.Sprintf("%g", median(row.callers)),
			fmt.Sprintf("%g", median(row.askers)), fmt.Sprintf("%g", median(row.tokens)), fmt.Sprintf("%g", median(row.login)),
			fmt.Sprintf("%g", median(row.conn)),
		})
	}
	var body strings.Builder
	fmt.Fprintf(&body, "One `intune_pfx_recryption_request` taken through its life, one Terraform command per step, %d times "+
		"(figures are medians; the request counts were %s in every run). Requests are counted in the emulator's log; "+
		"provider processes by a wrapper in the `dev_overrides` directory that runs the real binary; TCP connections "+
		"by a proxy in front of the emulator's Graph listener. The update and destroy steps use `-refresh=false` so "+
		"that each row counts the step's own requests; the refresh GET that a plain `terraform apply` or `destroy` "+
		"adds is the \"refresh\" row. The saved-plan pair shows `plan` and `apply` as two provider processes, each "+
		"with its own token.\n\n", reps, map[bool]string{true: "not the same", false: "the same"}[varied])
	body.WriteString(table([]string{"Step", "Command", "Graph requests", "Minimum", "Ratio", "Provider processes",
		"…that called Graph", "…that asked for a token", "Token requests", "Requests to the authority",
		"TCP connections to Graph"}, table1))
	fmt.Fprintf(&body, "\nOverall: %g Graph requests against a minimum of %g (ratio %s). %g token requests, at most %g "+
		"by any one provider process, against %g processes that called Graph (ratio %s). Requests are attributed to "+
		"a process by time (requests that fell within the lives of two processes at once: %g). Besides the token "+
		"request, MSAL fetches the tenant's OpenID configuration once per process: the other request to the authority.\n",
		sumSeen, sumMin, ratio(sumSeen/sumMin), sumTokens, most, sumCallers, ratio(sumTokens/sumCallers), ambiguous)
	if sumIdle > 0 {
		fmt.Fprintf(&body, "\n%g provider processes asked for a token and sent no Graph request. The provider asks "+
			"for its token with its first Graph request (`namedCredential` in `internal/graph`), so something else "+
			"asked: each such process costs a token request and the OpenID configuration request.\n", sumIdle)
	} else {
		body.WriteString("\nNo provider process asked for a token without calling Graph: the token is requested with " +
			"the first Graph request of a process, not when Terraform configures the provider, so the processes that " +
			"Terraform starts only to plan (every resource new, `-refresh=false`, the planning walk of `destroy`) send " +
			"none.\n")
	}
	r.add("1. Request economy", body.String())
	r.target("Requests per step (happy path)", "ratio 1.0 to the minimum",
		fmt.Sprintf("%s (%g / %g)", ratio(sumSeen/sumMin), sumSeen, sumMin), sumSeen == sumMin)
	r.target("Token requests per provider process", "1", fmt.Sprintf("at most %g in any process", most), most <= 1)
	r.target("Token requests per command against the processes that call Graph", "ratio 1.0",
		fmt.Sprintf("%s (%g tokens, %g processes calling Graph, %g processes with a token and no Graph call)",
			ratio(sumTokens/sumCallers), sumTokens, sumCallers, sumIdle), sumTokens == sumCallers)
	return nil
}

func slicesMax(xs []float64) (m float64) {
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
