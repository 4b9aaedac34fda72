package emulator

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// DefaultFederationAudience is the audience Entra ID expects in a federated
// token unless a federation names another.
const DefaultFederationAudience = "api://AzureADTokenExchange"

// Federation is a federated identity credential on an app: Entra ID accepts a
// token that Issuer signed about Subject for Audience, in place of a secret.
// Issuer and Subject are compared exactly, as Entra ID does.
type Federation struct {
	Issuer   string
	Subject  string
	Audience string // "" means DefaultFederationAudience
}

func (f Federation) audience() string {
	if f.Audience == "" {
		return DefaultFederationAudience
	}
	return f.Audience
}

// FederatedToken is a workload identity token of an external issuer (GitHub
// Actions, Azure DevOps, HCP Terraform, a Kubernetes cluster). The emulator
// signs it in the issuer's place, and only tokens it signed verify.
type FederatedToken struct {
	Issuer   string
	Subject  string
	Audience string        // "" means DefaultFederationAudience
	Lifetime time.Duration // 0 means ten minutes; negative gives an expired token
}

// federatedClaims are the claims Entra ID reads from a federated token.
type federatedClaims struct {
	Iss string   `json:"iss"`
	Sub string   `json:"sub"`
	Aud audience `json:"aud"`
	Iat int64    `json:"iat,omitempty"`
	Nbf int64    `json:"nbf,omitempty"`
	Exp int64    `json:"exp"`
	Jti string   `json:"jti,omitempty"`
}

// IssueFederatedToken signs a token as its issuer would, for a test to put
// where a pipeline would (a file, an environment variable).
func (e *Emulator) IssueFederatedToken(ft FederatedToken) (string, error) {
	if ft.Issuer == "" || ft.Subject == "" {
		return "", errors.New("emulator: a federated token needs an issuer and a subject")
	}
	if ft.Audience == "" {
		ft.Audience = DefaultFederationAudience
	}
	if ft.Lifetime == 0 {
		ft.Lifetime = 10 * time.Minute
	}
	t := time.Now()
	nbf := t
	if ft.Lifetime < 0 {
		nbf = t.Add(ft.Lifetime - time.Minute)
	}
	return e.signJWT(federatedClaims{
		Iss: ft.Issuer, Sub: ft.Subject, Aud: audience{ft.Audience},
		Iat: nbf.Unix(), Nbf: nbf.Unix(), Exp: t.Add(ft.Lifetime).Unix(), Jti: newGUID(),
	})
}

// MarshalJSON writes a single audience as a string, as most issuers do.
func (a audience) MarshalJSON() ([]byte, error) {
	if len(a) == 1 {
		return json.Marshal(a[0])
	}
	return json.Marshal([]string(a))
}

// selfSigned reports whether a client assertion names the app as its issuer,
// which makes it a certificate assertion rather than a federated token.
func selfSigned(assertion, clientID string) bool {
	var h map[string]any
	var c federatedClaims
	if _, _, err := parseJWT(assertion, &h, &c); err != nil {
		return true // let the certificate path report the malformed token
	}
	return strings.EqualFold(c.Iss, clientID)
}

// verifyFederatedAssertion checks a federated token as Entra ID does: the
// issuer's signature, the lifetime, then a federation on the app matching
// issuer, subject and audience. It returns "iss=... sub=..." for the log.
func (e *Emulator) verifyFederatedAssertion(app App, assertion string) (string, *entraError) {
	var c federatedClaims
	switch err := e.verifySignedJWT(assertion, &c); {
	case errors.Is(err, errTokenSignature):
		return "", newEntraError(401, "invalid_client", 50013,
			"Assertion failed signature validation. [Reason - The key was not found., Issuer: '%s']", c.Iss)
	case err != nil:
		return "", newEntraError(400, "invalid_request", 50027, "JWT token is invalid or malformed.")
	}
	t := time.Now().Unix()
	if c.Exp == 0 || t > c.Exp || c.Nbf > t+300 {
		return "", newEntraError(400, "invalid_client", 700024,
			"Client assertion is not within its valid time range. Current time: %s, expiry time of assertion %s.",
			time.Unix(t, 0).UTC().Format(time.RFC3339), time.Unix(c.Exp, 0).UTC().Format(time.RFC3339))
	}
	for _, f := range app.Federations {
		if f.Issuer == c.Iss && f.Subject == c.Sub && c.Aud.contains(f.audience()) {
			return fmt.Sprintf("iss=%s sub=%s", c.Iss, c.Sub), nil
		}
	}
	return "", newEntraError(400, "invalid_client", 70021,
		"No matching federated identity record found for presented assertion. Assertion Issuer: '%s'. Assertion Subject: '%s'. Assertion Audience: '%s'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation",
		c.Iss, c.Sub, strings.Join(c.Aud, ","))
}

func (a audience) contains(want string) bool {
	for _, x := range a {
		if x == want {
			return true
		}
	}
	return false
}

// verifySignedJWT checks that the emulator signed tok and decodes its claims
// (decoded even when the signature fails, for the error message).
func (e *Emulator) verifySignedJWT(tok string, claims any) error {
	var h struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	signing, sig, err := parseJWT(tok, &h, claims)
	if err != nil {
		return err
	}
	if h.Alg != "RS256" || h.Kid != e.kid {
		return errTokenSignature
	}
	sum := sha256.Sum256([]byte(signing))
	if rsa.VerifyPKCS1v15(&e.key.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		return errTokenSignature
	}
	return nil
}

// tokenID returns an access token's uti, the id the log uses for it.
func tokenID(tok string) string {
	var h map[string]any
	var c accessClaims
	if _, _, err := parseJWT(tok, &h, &c); err != nil {
		return ""
	}
	return c.UTI
}

// presentedToken describes the bearer token on a Graph request, when the
// emulator issued it: appid, uti and audience.
func (e *Emulator) presentedToken(r *http.Request) (appID, id, aud string) {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", "", ""
	}
	c, err := e.verifyAccessToken(strings.TrimSpace(tok))
	if err != nil {
		return "", "", ""
	}
	return c.AppID, c.UTI, c.Aud
}
