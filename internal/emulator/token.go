package emulator

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"sync"
	"time"
)

// graphAppID is Microsoft Graph's application id, also a valid audience.
const graphAppID = "00000003-0000-0000-c000-000000000000"

var (
	keyOnce   sync.Once
	sharedKey *rsa.PrivateKey
	sharedKid string
	keyErr    error
)

// signingKey returns the token signing key. RSA key generation is slow, so
// every emulator in a process shares one; a token still only works on the
// emulator it was issued for, since its audience names that emulator's port.
func signingKey() (*rsa.PrivateKey, string, error) {
	keyOnce.Do(func() {
		sharedKey, keyErr = rsa.GenerateKey(rand.Reader, 2048)
		if keyErr != nil {
			return
		}
		der, _ := x509.MarshalPKIXPublicKey(&sharedKey.PublicKey)
		sum := sha256.Sum256(der)
		sharedKid = base64.RawURLEncoding.EncodeToString(sum[:20])
	})
	return sharedKey, sharedKid, keyErr
}

// accessClaims are the claims of an app-only access token, as Entra issues
// them (v1 token format, which Graph receives).
type accessClaims struct {
	Aud      string   `json:"aud"`
	Iss      string   `json:"iss"`
	Iat      int64    `json:"iat"`
	Nbf      int64    `json:"nbf"`
	Exp      int64    `json:"exp"`
	AppID    string   `json:"appid"`
	AppIDACR string   `json:"appidacr"`
	IDP      string   `json:"idp"`
	IDTyp    string   `json:"idtyp"`
	OID      string   `json:"oid"`
	Roles    []string `json:"roles"`
	Sub      string   `json:"sub"`
	TID      string   `json:"tid"`
	UTI      string   `json:"uti"`
	Ver      string   `json:"ver"`
}

var b64 = base64.RawURLEncoding

func (e *Emulator) signJWT(claims any) (string, error) {
	header, _ := json.Marshal(map[string]string{"typ": "JWT", "alg": "RS256", "kid": e.kid, "x5t": e.kid})
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signing := b64.EncodeToString(header) + "." + b64.EncodeToString(payload)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, e.key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return signing + "." + b64.EncodeToString(sig), nil
}

// mintToken builds and signs an access token for app and audience.
func (e *Emulator) mintToken(app App, audience, acr string, lifetime time.Duration) (string, error) {
	t := time.Now()
	roles := app.Roles
	if roles == nil {
		roles = []string{RoleReadWrite}
	}
	oid := servicePrincipalID(app.ClientID)
	return e.signJWT(accessClaims{
		Aud:      audience,
		Iss:      "https://sts.windows.net/" + e.cfg.TenantID + "/",
		Iat:      t.Unix(),
		Nbf:      t.Unix(),
		Exp:      t.Add(lifetime).Unix(),
		AppID:    app.ClientID,
		AppIDACR: acr,
		IDP:      "https://sts.windows.net/" + e.cfg.TenantID + "/",
		IDTyp:    "app",
		OID:      oid,
		Roles:    roles,
		Sub:      oid,
		TID:      e.cfg.TenantID,
		UTI:      b64.EncodeToString([]byte(newGUID())[:16]),
		Ver:      "1.0",
	})
}

// servicePrincipalID derives a stable object id for an app's service
// principal, so oid and sub stay the same across tokens.
func servicePrincipalID(clientID string) string {
	s := sha256.Sum256([]byte("sp:" + strings.ToLower(clientID)))
	return fmt.Sprintf("%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}

// IssueToken mints an access token as if clientID had requested audience
// (for example GraphURL()), valid for lifetime; a negative lifetime gives an
// expired token. It does not count as a token request.
func (e *Emulator) IssueToken(clientID, audience string, lifetime time.Duration) (string, error) {
	app, ok := e.app(clientID)
	if !ok {
		app = App{ClientID: clientID}
	}
	return e.mintToken(app, audience, "1", lifetime)
}

var errTokenSignature = errors.New("invalid signature")

// parseJWT splits and decodes a compact JWS without verifying it.
func parseJWT(tok string, header, claims any) (signing string, sig []byte, err error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return "", nil, errors.New("not a compact JWS")
	}
	hb, err := b64.DecodeString(parts[0])
	if err != nil {
		return "", nil, err
	}
	cb, err := b64.DecodeString(parts[1])
	if err != nil {
		return "", nil, err
	}
	if sig, err = b64.DecodeString(parts[2]); err != nil {
		return "", nil, err
	}
	if err := json.Unmarshal(hb, header); err != nil {
		return "", nil, err
	}
	if err := json.Unmarshal(cb, claims); err != nil {
		return "", nil, err
	}
	return parts[0] + "." + parts[1], sig, nil
}

// verifyAccessToken checks a token's signature and returns its claims.
func (e *Emulator) verifyAccessToken(tok string) (*accessClaims, error) {
	var h struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	var c accessClaims
	signing, sig, err := parseJWT(tok, &h, &c)
	if err != nil {
		return nil, err
	}
	if h.Alg != "RS256" || h.Kid != e.kid {
		return nil, errTokenSignature
	}
	sum := sha256.Sum256([]byte(signing))
	if rsa.VerifyPKCS1v15(&e.key.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		return nil, errTokenSignature
	}
	return &c, nil
}

// jwks is the authority's signing key set.
func (e *Emulator) jwks() map[string]any {
	pub := e.key.PublicKey
	return map[string]any{"keys": []map[string]any{{
		"kty":    "RSA",
		"use":    "sig",
		"kid":    e.kid,
		"x5t":    e.kid,
		"n":      b64.EncodeToString(pub.N.Bytes()),
		"e":      b64.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		"issuer": e.authorityURL + "/" + e.cfg.TenantID + "/v2.0",
	}}}
}

// audienceMatches reports whether a token audience names the Graph host the
// request arrived on (https://host[:port], optionally with a trailing slash).
func audienceMatches(aud, requestHost string) bool {
	if aud == graphAppID {
		return true
	}
	u, err := url.Parse(aud)
	if err != nil || u.Scheme != "https" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return false
	}
	return hostKey(u.Host) == hostKey(requestHost)
}
