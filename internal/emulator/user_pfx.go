package emulator

// /beta/deviceManagement/userPfxCertificates: users' PFX files imported into
// Intune. The emulator plays the service and the on-premises Certificate
// Connector at once: it holds the connector's RSA key, decrypts each
// encryptedPfxPassword with it, opens the PFX with the password and checks
// the thumbprint and dates against the certificate, as the connector would
// find out when a device asks for the certificate. It shares no code with the
// provider's client or its encryption.

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // Intune keys certificates by their SHA-1 thumbprint
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"

	"software.sslmate.com/src/go-pkcs12"
)

const (
	userPfxSet  = "userPfxCertificates"
	userPfxType = "microsoft.graph.userPFXCertificate"
	// emptyBlob is what the service answers for encryptedPfxBlob on reads.
	emptyBlob = "AA=="
)

// userPfxState is the imported certificates and the connector's key.
type userPfxState struct {
	once    sync.Once
	key     *rsa.PrivateKey
	keyErr  error
	mu      sync.Mutex
	certs   map[string]*userPfxRecord
	imports []PfxImport
	hidden  map[string]int // GETs still hidden by Behavior.ReadAfterWriteMisses, by id
}

// hideLocked hides id from the next misses GETs, as a lagging replica does
// after a write.
func (s *userPfxState) hideLocked(id string, misses int) {
	if s.hidden == nil {
		s.hidden = map[string]int{}
	}
	s.hidden[id] = misses
}

// visibleLocked returns the record a GET of id sees: nil when there is none
// or lag still hides it (which counts the read).
func (s *userPfxState) visibleLocked(id string) *userPfxRecord {
	if s.hidden[id] > 0 {
		s.hidden[id]--
		return nil
	}
	return s.certs[id]
}

// userPfxRecord is one stored certificate. The PFX and the password are kept
// aside so a PATCH can be checked, and never rendered.
type userPfxRecord struct {
	view     userPfxView
	pfx      []byte
	password []byte
	// encPassword is the encryptedPfxPassword as sent, so a test can tell
	// whether the connector's current key still opens it.
	encPassword string
}

// userPfxView is the entity as Graph renders it, in the service's order.
type userPfxView struct {
	Context              string `json:"@odata.context,omitempty"`
	ODataType            string `json:"@odata.type"`
	ID                   string `json:"id"`
	Thumbprint           string `json:"thumbprint"`
	IntendedPurpose      string `json:"intendedPurpose"`
	UserPrincipalName    string `json:"userPrincipalName"`
	StartDateTime        string `json:"startDateTime"`
	ExpirationDateTime   string `json:"expirationDateTime"`
	ProviderName         string `json:"providerName"`
	KeyName              string `json:"keyName"`
	PaddingScheme        string `json:"paddingScheme"`
	EncryptedPfxBlob     string `json:"encryptedPfxBlob"`
	EncryptedPfxPassword string `json:"encryptedPfxPassword"`
	CreatedDateTime      string `json:"createdDateTime"`
	LastModifiedDateTime string `json:"lastModifiedDateTime"`
}

// PfxImport records what the emulated connector did with one create or
// update: whether the password decrypted with its key and opened the PFX.
type PfxImport struct {
	Method            string // POST or PATCH
	ID                string
	UserPrincipalName string
	Thumbprint        string // of the certificate in the PFX
	PaddingScheme     string
	PasswordDecrypted bool
	PfxOpened         bool
	Error             string // why the request was refused, "" when it was accepted
}

// UserPfxImports returns what the connector checked, oldest first.
func (e *Emulator) UserPfxImports() []PfxImport {
	s := e.userPfx()
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]PfxImport(nil), s.imports...)
}

// UserPfxCertificate returns a stored certificate as a GET renders it
// (without its secrets), or false when there is none with that id.
func (e *Emulator) UserPfxCertificate(id string) (map[string]any, bool) {
	s := e.userPfx()
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.certs[id]
	if r == nil {
		return nil, false
	}
	var out map[string]any
	_ = json.Unmarshal(marshal(r.view), &out)
	return out, true
}

// UserPfxCertificateIDs returns the ids of the stored certificates.
func (e *Emulator) UserPfxCertificateIDs() []string {
	s := e.userPfx()
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.certs))
	for id := range s.certs {
		ids = append(ids, id)
	}
	return ids
}

// ConnectorKey is the Certificate Connector's public key in the three forms
// Export-IntunePublicKey and PEM tools produce.
type ConnectorKey struct {
	SPKIPEM  string // -----BEGIN PUBLIC KEY----- (SubjectPublicKeyInfo)
	PKCS1PEM string // -----BEGIN RSA PUBLIC KEY----- (PKCS#1)
	CNGBlob  []byte // Windows BCRYPT_RSAKEY_BLOB (RSAPUBLICBLOB), binary
}

// ConnectorPublicKey returns the emulated connector's public key.
func (e *Emulator) ConnectorPublicKey() (ConnectorKey, error) {
	k, err := e.connectorKey()
	if err != nil {
		return ConnectorKey{}, err
	}
	spki, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		return ConnectorKey{}, err
	}
	// BCRYPT_RSAKEY_BLOB: Magic "RSA1", BitLength, cbPublicExp, cbModulus,
	// cbPrime1, cbPrime2 (little-endian ULONGs), then exponent and modulus
	// big-endian.
	exp := big.NewInt(int64(k.E)).Bytes()
	mod := k.N.Bytes()
	var blob bytes.Buffer
	for _, v := range []uint32{0x31415352, uint32(k.N.BitLen()), uint32(len(exp)), uint32(len(mod)), 0, 0} { //nolint:gosec // small sizes
		_ = binary.Write(&blob, binary.LittleEndian, v) // a bytes.Buffer does not fail
	}
	blob.Write(exp)
	blob.Write(mod)
	return ConnectorKey{
		SPKIPEM:  string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki})),
		PKCS1PEM: string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&k.PublicKey)})),
		CNGBlob:  blob.Bytes(),
	}, nil
}

// UserObjectID is the Entra object id the emulator gives a user principal
// name: derived from the name (case-insensitively), so every run agrees.
func UserObjectID(upn string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(upn))))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// UserPfxCertificateID is the id the service derives: the user's object id
// without dashes, a dash, and the lower-case thumbprint.
func UserPfxCertificateID(upn, thumbprint string) string {
	return strings.ReplaceAll(UserObjectID(upn), "-", "") + "-" + strings.ToLower(thumbprint)
}

func (e *Emulator) userPfx() *userPfxState {
	e.upfxOnce.Do(func() { e.upfx = &userPfxState{certs: map[string]*userPfxRecord{}} })
	return e.upfx
}

// connectorKey makes the connector's 2048-bit key on first use (the module's
// default size), so emulators that never see a PFX do not pay for it.
func (e *Emulator) connectorKey() (*rsa.PrivateKey, error) {
	s := e.userPfx()
	s.once.Do(func() { s.key, s.keyErr = rsa.GenerateKey(rand.Reader, 2048) })
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.key, s.keyErr
}

// RotateConnectorKey gives the connector a new key pair, as when its host is
// rebuilt and Add-IntuneKspKey makes a new key. From now on only passwords
// encrypted for the new key are accepted; certificates imported before keep
// passwords only the old key opens (UserPfxPasswordOpens tells).
func (e *Emulator) RotateConnectorKey() error {
	if _, err := e.connectorKey(); err != nil {
		return err
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	s := e.userPfx()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.key = k
	return nil
}

// UserPfxPasswordOpens checks a stored certificate as the connector would
// when a device asks for it: its encryptedPfxPassword must decrypt with the
// connector's current key and open its PFX. It returns why not, or nil.
func (e *Emulator) UserPfxPasswordOpens(id string) error {
	s := e.userPfx()
	s.mu.Lock()
	r := s.certs[id]
	s.mu.Unlock()
	if r == nil {
		return fmt.Errorf("no %s with id %s", userPfxSet, id)
	}
	pw, bad := e.decryptPfxPassword(r.encPassword, r.view.PaddingScheme)
	if bad != nil {
		return errors.New(bad.msg)
	}
	if _, err := openPfx(r.pfx, pw); err != nil {
		return fmt.Errorf("the decrypted password does not open the PFX: %w", err)
	}
	return nil
}

// userPfxRoute serves /beta/deviceManagement/userPfxCertificates[...]; it
// reports false when seg (the path after deviceManagement) is not for it.
func (c *call) userPfxRoute(cl *accessClaims, seg []string) bool {
	name, key, hasKey := strings.Cut(seg[0], "(")
	if !strings.EqualFold(name, userPfxSet) {
		return false
	}
	if hasKey {
		// userPfxCertificates('id') or, as the IntunePfxImport module writes
		// it, userPfxCertificates(id)
		key = strings.TrimSuffix(key, ")")
		if len(key) >= 2 && key[0] == '\'' && key[len(key)-1] == '\'' {
			key = key[1 : len(key)-1]
		}
	} else if len(seg) > 1 {
		key, seg = seg[1], seg[1:]
		hasKey = true
	}
	switch {
	case len(seg) > 1:
		c.segmentNotFound(seg[1])
	case hasKey && key == "":
		c.segmentNotFound(seg[0])
	case hasKey:
		c.userPfxEntity(cl, key)
	default:
		c.userPfxCollection(cl)
	}
	return true
}

func (c *call) userPfxCollection(cl *accessClaims) {
	switch c.r.Method {
	case http.MethodGet:
		if c.authorize(cl, false) {
			c.userPfxList()
		}
	case http.MethodPost:
		if !c.authorize(cl, true) || !c.checkJSON() {
			return
		}
		c.userPfxCreate()
	default:
		c.methodNotAllowed("GET, POST")
	}
}

func (c *call) userPfxEntity(cl *accessClaims, id string) {
	s := c.e.userPfx()
	switch c.r.Method {
	case http.MethodGet:
		if !c.authorize(cl, false) {
			return
		}
		s.mu.Lock()
		r := s.visibleLocked(id)
		s.mu.Unlock()
		if r == nil {
			c.userPfxNotFound(id)
			return
		}
		c.writeUserPfx(http.StatusOK, r.view, "/$entity")
	case http.MethodPatch:
		if !c.authorize(cl, true) || !c.checkJSON() {
			return
		}
		c.userPfxUpdate(id)
	case http.MethodDelete:
		if !c.authorize(cl, true) {
			return
		}
		s.mu.Lock()
		_, ok := s.certs[id]
		s.mu.Unlock()
		if ok && c.e.ignoredDelete() {
			c.noContent()
			return
		}
		s.mu.Lock()
		_, ok = s.certs[id]
		delete(s.certs, id)
		s.mu.Unlock()
		if !ok {
			c.userPfxNotFound(id)
			return
		}
		c.noContent()
	default:
		c.methodNotAllowed("GET, PATCH, DELETE")
	}
}

func (c *call) userPfxNotFound(id string) {
	c.fail(404, "ResourceNotFound", c.intuneMessage(fmt.Sprintf("Resource not found: no %s with id '%s'", userPfxSet, id)))
}

// userPfxBody is a POST or PATCH body. Pointers tell "absent" from empty.
type userPfxBody struct {
	UserPrincipalName    *string          `json:"userPrincipalName"`
	Thumbprint           *string          `json:"thumbprint"`
	IntendedPurpose      *json.RawMessage `json:"intendedPurpose"`
	PaddingScheme        *json.RawMessage `json:"paddingScheme"`
	ProviderName         *string          `json:"providerName"`
	KeyName              *string          `json:"keyName"`
	StartDateTime        *string          `json:"startDateTime"`
	ExpirationDateTime   *string          `json:"expirationDateTime"`
	EncryptedPfxBlob     *string          `json:"encryptedPfxBlob"`
	EncryptedPfxPassword *string          `json:"encryptedPfxPassword"`
	// read-only: ignored when sent, as the module sends them
	ID                   *string `json:"id"`
	CreatedDateTime      *string `json:"createdDateTime"`
	LastModifiedDateTime *string `json:"lastModifiedDateTime"`
	ODataType            *string `json:"@odata.type"`
}

func parseUserPfxBody(raw []byte) (*userPfxBody, *badRequest) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var b userPfxBody
	if err := dec.Decode(&b); err != nil {
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return nil, badf("Could not find a property named %s on type '%s'.", f, userPfxType)
		}
		return nil, badf("The request body is not a valid %s: %v", userPfxType, err)
	}
	return &b, nil
}

// enumValue reads an enum by name, or by number as the IntunePfxImport
// module sends it.
func enumValue(raw *json.RawMessage, names map[string]int, prop string) (string, *badRequest) {
	var s string
	if json.Unmarshal(*raw, &s) == nil {
		for n := range names {
			if n == s {
				return n, nil
			}
		}
		return "", badf("Requested value '%s' was not found for property '%s'.", s, prop)
	}
	var i int
	if json.Unmarshal(*raw, &i) == nil {
		for n, v := range names {
			if v == i {
				return n, nil
			}
		}
	}
	return "", badf("Cannot convert the literal '%s' to the expected type for property '%s'.", string(*raw), prop)
}

var (
	intendedPurposes = map[string]int{"unassigned": 0, "smimeEncryption": 1, "smimeSigning": 2, "vpn": 4, "wifi": 8}
	paddingSchemes   = map[string]int{"none": 0, "pkcs1": 1, "oaepSha1": 2, "oaepSha256": 3, "oaepSha384": 4, "oaepSha512": 5}
)

func (c *call) userPfxCreate() {
	b, bad := parseUserPfxBody(c.body)
	if bad != nil {
		c.badRequest(bad)
		return
	}
	for name, v := range map[string]*string{"userPrincipalName": b.UserPrincipalName, "thumbprint": b.Thumbprint,
		"providerName": b.ProviderName, "keyName": b.KeyName, "startDateTime": b.StartDateTime,
		"expirationDateTime": b.ExpirationDateTime, "encryptedPfxBlob": b.EncryptedPfxBlob, "encryptedPfxPassword": b.EncryptedPfxPassword} {
		if v == nil || strings.TrimSpace(*v) == "" {
			c.badRequest(badf("The property '%s' is required to import a %s.", name, userPfxType))
			return
		}
	}
	if b.PaddingScheme == nil {
		c.badRequest(badf("The property 'paddingScheme' is required to import a %s.", userPfxType))
		return
	}
	v := userPfxView{ODataType: "#" + userPfxType, UserPrincipalName: *b.UserPrincipalName, Thumbprint: *b.Thumbprint,
		ProviderName: *b.ProviderName, KeyName: *b.KeyName, IntendedPurpose: "unassigned"}
	rec := &userPfxRecord{}
	imp := PfxImport{Method: http.MethodPost, UserPrincipalName: v.UserPrincipalName}
	if bad := c.applyUserPfx(b, &v, rec, &imp); bad != nil {
		imp.Error = bad.msg
		c.e.recordPfxImport(imp)
		c.badRequest(bad)
		return
	}
	v.ID = UserPfxCertificateID(v.UserPrincipalName, v.Thumbprint)
	imp.ID = v.ID
	v.CreatedDateTime = formatTime(now())
	v.LastModifiedDateTime = v.CreatedDateTime
	rec.view = v
	s := c.e.userPfx()
	misses := c.e.readMisses()
	s.mu.Lock()
	if _, dup := s.certs[v.ID]; dup {
		s.mu.Unlock()
		imp.Error = "conflict"
		c.e.recordPfxImport(imp)
		c.fail(409, "Conflict", c.intuneMessage(fmt.Sprintf("A %s with id '%s' already exists for user '%s' and thumbprint '%s'.",
			userPfxType, v.ID, v.UserPrincipalName, v.Thumbprint)))
		return
	}
	s.certs[v.ID] = rec
	s.hideLocked(v.ID, misses)
	s.mu.Unlock()
	c.e.startListLag(v.ID, c.e.listLagMisses())
	c.e.recordPfxImport(imp)
	if !c.holdCreateAnswer(c.e.behaviorNow(), v.ID) {
		return
	}
	c.w.Header().Set("Location", c.base+"/beta/deviceManagement/"+userPfxSet+"('"+v.ID+"')")
	c.writeUserPfx(http.StatusCreated, v, "/$entity")
}

func (c *call) userPfxUpdate(id string) {
	b, bad := parseUserPfxBody(c.body)
	if bad != nil {
		c.badRequest(bad)
		return
	}
	s := c.e.userPfx()
	s.mu.Lock()
	cur := s.certs[id]
	s.mu.Unlock()
	if cur == nil {
		c.userPfxNotFound(id)
		return
	}
	v := cur.view
	// The id is derived from the user and the thumbprint: neither changes.
	if b.UserPrincipalName != nil && !strings.EqualFold(*b.UserPrincipalName, v.UserPrincipalName) {
		c.badRequest(badf("The property 'userPrincipalName' cannot be changed; import the certificate for the other user."))
		return
	}
	if b.Thumbprint != nil && !strings.EqualFold(*b.Thumbprint, v.Thumbprint) {
		c.badRequest(badf("The property 'thumbprint' cannot be changed; import the new certificate."))
		return
	}
	for _, p := range []struct {
		v   *string
		dst *string
	}{{b.ProviderName, &v.ProviderName}, {b.KeyName, &v.KeyName}} {
		if p.v != nil {
			*p.dst = *p.v
		}
	}
	rec := &userPfxRecord{pfx: cur.pfx, password: cur.password, encPassword: cur.encPassword}
	imp := PfxImport{Method: http.MethodPatch, ID: id, UserPrincipalName: v.UserPrincipalName}
	if bad := c.applyUserPfx(b, &v, rec, &imp); bad != nil {
		imp.Error = bad.msg
		c.e.recordPfxImport(imp)
		c.badRequest(bad)
		return
	}
	v.LastModifiedDateTime = formatTime(now())
	rec.view = v
	misses := c.e.readMisses()
	s.mu.Lock()
	if s.certs[id] == nil {
		s.mu.Unlock()
		c.userPfxNotFound(id)
		return
	}
	s.certs[id] = rec
	s.hideLocked(id, misses)
	s.mu.Unlock()
	c.e.recordPfxImport(imp)
	c.writeUserPfx(http.StatusOK, v, "/$entity")
}

// applyUserPfx applies the enums, the secrets and the dates of b to v and
// rec, checking them as the connector would: the password must decrypt with
// the connector's key under the padding scheme, and open the PFX, whose
// certificate must have the thumbprint and dates sent.
func (c *call) applyUserPfx(b *userPfxBody, v *userPfxView, rec *userPfxRecord, imp *PfxImport) *badRequest {
	if b.IntendedPurpose != nil {
		p, bad := enumValue(b.IntendedPurpose, intendedPurposes, "intendedPurpose")
		if bad != nil {
			return bad
		}
		v.IntendedPurpose = p
	}
	if b.PaddingScheme != nil {
		p, bad := enumValue(b.PaddingScheme, paddingSchemes, "paddingScheme")
		if bad != nil {
			return bad
		}
		v.PaddingScheme = p
	}
	imp.PaddingScheme = v.PaddingScheme
	for _, t := range []struct {
		in  *string
		out *string
	}{{b.StartDateTime, &v.StartDateTime}, {b.ExpirationDateTime, &v.ExpirationDateTime}} {
		if t.in == nil {
			continue
		}
		tm, ok := parseTime(*t.in)
		if !ok {
			return badf("Cannot convert the literal '%s' to the expected type 'Edm.DateTimeOffset'.", *t.in)
		}
		*t.out = formatTime(tm)
	}
	// A new scheme, key or password needs the password again: the stored
	// encryption would no longer be the connector's.
	if b.EncryptedPfxPassword == nil && (b.PaddingScheme != nil || b.EncryptedPfxBlob != nil) && imp.Method == http.MethodPatch {
		return badf("'encryptedPfxPassword' must be sent with a new 'paddingScheme' or 'encryptedPfxBlob'.")
	}
	if b.EncryptedPfxPassword != nil {
		pw, bad := c.e.decryptPfxPassword(*b.EncryptedPfxPassword, v.PaddingScheme)
		if bad != nil {
			return bad
		}
		imp.PasswordDecrypted = true
		rec.password, rec.encPassword = pw, *b.EncryptedPfxPassword
	}
	if b.EncryptedPfxBlob != nil && *b.EncryptedPfxBlob != emptyBlob {
		pfx, err := base64.StdEncoding.DecodeString(*b.EncryptedPfxBlob)
		if err != nil || len(pfx) == 0 {
			return badf("The property 'encryptedPfxBlob' is not valid base64 (Edm.Binary).")
		}
		rec.pfx = pfx
	}
	if len(rec.pfx) == 0 {
		return badf("The property 'encryptedPfxBlob' is required to import a %s.", userPfxType)
	}
	cert, err := openPfx(rec.pfx, rec.password)
	if err != nil {
		return badf("The PFX could not be opened with the decrypted password: %v.", err)
	}
	imp.PfxOpened = true
	sum := sha1.Sum(cert.Raw) //nolint:gosec // see the import
	thumb := hex.EncodeToString(sum[:])
	imp.Thumbprint = thumb
	nb, na := formatTime(cert.NotBefore), formatTime(cert.NotAfter)
	switch {
	case !strings.EqualFold(v.Thumbprint, thumb):
		return badf("The thumbprint '%s' does not match the certificate in the PFX ('%s').", v.Thumbprint, thumb)
	case v.StartDateTime != nb:
		return badf("The startDateTime '%s' does not match the certificate's NotBefore ('%s').", v.StartDateTime, nb)
	case v.ExpirationDateTime != na:
		return badf("The expirationDateTime '%s' does not match the certificate's NotAfter ('%s').", v.ExpirationDateTime, na)
	}
	return nil
}

func (e *Emulator) recordPfxImport(imp PfxImport) {
	s := e.userPfx()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.imports = append(s.imports, imp)
}

// decryptPfxPassword undoes RSA-OAEP with the scheme's hash for OAEP and
// MGF1 and an empty label, and requires ASCII, as the connector does.
func (e *Emulator) decryptPfxPassword(b64, scheme string) ([]byte, *badRequest) {
	var h hash.Hash
	switch scheme {
	case "oaepSha256":
		h = sha256.New()
	case "oaepSha384":
		h = sha512.New384()
	case "oaepSha512":
		h = sha512.New()
	default:
		return nil, badf("The paddingScheme '%s' is not supported; use oaepSha256, oaepSha384 or oaepSha512.", scheme)
	}
	ct, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, badf("The property 'encryptedPfxPassword' is not base64.")
	}
	key, err := e.connectorKey()
	if err != nil {
		return nil, badf("The connector key is unavailable: %v", err)
	}
	pw, err := rsa.DecryptOAEP(h, nil, key, ct, nil)
	if err != nil {
		return nil, badf("The encryptedPfxPassword could not be decrypted with the connector's key using %s.", scheme)
	}
	for _, ch := range pw {
		if ch > 0x7f {
			return nil, badf("The decrypted PFX password is not ASCII.")
		}
	}
	return pw, nil
}

// openPfx returns the certificate of the PFX's private key.
func openPfx(data, password []byte) (*x509.Certificate, error) {
	key, leaf, chain, err := pkcs12.DecodeChain(data, string(password))
	if err != nil {
		return nil, err
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, errors.New("the private key is not usable")
	}
	for _, c := range append([]*x509.Certificate{leaf}, chain...) {
		if k, ok := c.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); ok && k.Equal(signer.Public()) {
			return c, nil
		}
	}
	return nil, errors.New("no certificate in the PFX matches its private key")
}

func (c *call) writeUserPfx(status int, v userPfxView, suffix string) {
	v.Context = c.base + "/beta/$metadata#deviceManagement/" + userPfxSet + suffix
	// Never the secrets: Graph answers these for every read.
	v.EncryptedPfxBlob, v.EncryptedPfxPassword = emptyBlob, ""
	c.writeJSON(status, marshal(v))
}

// userPfxList answers a page, ordered by id; the skip token is the last id
// sent. $filter takes eq comparisons, optionally on tolower(prop), joined by
// and, as the IntunePfxImport module sends them.
func (c *call) userPfxList() {
	vals := c.r.URL.Query()
	var conds []userPfxCond
	if f := vals.Get("$filter"); f != "" {
		var bad *badRequest
		if conds, bad = parseUserPfxFilter(f); bad != nil {
			c.badRequest(bad)
			return
		}
	}
	after := ""
	if t := vals.Get("$skiptoken"); t != "" {
		tok, ok := decodeSkipToken(t)
		if !ok {
			c.badRequest(badf("The $skiptoken value '%s' is not valid.", t))
			return
		}
		after = tok.Last
	}
	top := -1
	if t := vals.Get("$top"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			c.badRequest(badf("Invalid value '%s' for $top query option found.", t))
			return
		}
		top = n
	}
	s := c.e.userPfx()
	s.mu.Lock()
	var page []userPfxView
	total := 0 // @odata.count: the earlier pages' objects, and this listing's
	for _, r := range s.certs {
		switch {
		case !matchUserPfx(conds, r.view):
		case r.view.ID <= after:
			total++
		case !c.e.unlisted(r.view.ID):
			total++
			page = append(page, r.view)
		}
	}
	s.mu.Unlock()
	sort.Slice(page, func(i, j int) bool { return page[i].ID < page[j].ID })
	if top >= 0 && len(page) > top {
		page = page[:top]
	}
	more := false
	if size := c.pageSize(); len(page) > size {
		page, more = page[:size], true
	}
	out := map[string]any{"@odata.context": c.base + "/beta/$metadata#deviceManagement/" + userPfxSet}
	if strings.EqualFold(vals.Get("$count"), "true") {
		out["@odata.count"] = total
	}
	items := make([]userPfxView, len(page))
	for i, v := range page {
		v.EncryptedPfxBlob, v.EncryptedPfxPassword = emptyBlob, ""
		items[i] = v
	}
	out["value"] = items
	if more {
		q := c.r.URL.Query()
		q.Set("$skiptoken", skipToken{Last: page[len(page)-1].ID, Sent: 1}.encode())
		if top >= 0 {
			q.Set("$top", strconv.Itoa(top-len(page)))
		}
		out["@odata.nextLink"] = c.base + "/beta/deviceManagement/" + userPfxSet + "?" + q.Encode()
	}
	c.writeJSON(http.StatusOK, marshal(out))
}

type userPfxCond struct {
	prop  string
	lower bool
	value string
}

var userPfxFilterable = map[string]func(userPfxView) string{
	"id":                func(v userPfxView) string { return v.ID },
	"userprincipalname": func(v userPfxView) string { return v.UserPrincipalName },
	"thumbprint":        func(v userPfxView) string { return v.Thumbprint },
	"intendedpurpose":   func(v userPfxView) string { return v.IntendedPurpose },
	"providername":      func(v userPfxView) string { return v.ProviderName },
	"keyname":           func(v userPfxView) string { return v.KeyName },
	"paddingscheme":     func(v userPfxView) string { return v.PaddingScheme },
}

func matchUserPfx(conds []userPfxCond, v userPfxView) bool {
	for _, c := range conds {
		got := userPfxFilterable[c.prop](v)
		if c.lower {
			got = strings.ToLower(got)
		}
		if got != c.value {
			return false
		}
	}
	return true
}

// parseUserPfxFilter reads "[tolower(]prop[)] eq 'literal'" terms joined by
// and.
func parseUserPfxFilter(s string) ([]userPfxCond, *badRequest) {
	toks, bad := tokenize(s)
	if bad != nil {
		return nil, bad
	}
	p := &filterParser{src: s, toks: toks}
	var out []userPfxCond
	for {
		var c userPfxCond
		t := p.next()
		if t.kind == tokWord && strings.EqualFold(t.text, "tolower") && p.peek().kind == tokOpen {
			p.next()
			t = p.next()
			if cl := p.next(); cl.kind != tokClose {
				return nil, badf("Syntax error at position %d in '%s'.", cl.pos, s)
			}
			c.lower = true
		}
		if t.kind != tokWord || userPfxFilterable[strings.ToLower(t.text)] == nil {
			return nil, badf("Could not find a property named '%s' on type '%s'.", t.text, userPfxType)
		}
		c.prop = strings.ToLower(t.text)
		if op := p.next(); op.kind != tokWord || !strings.EqualFold(op.text, "eq") {
			return nil, badf("Only 'eq' comparisons are supported in $filter on %s, found '%s'.", userPfxSet, op.text)
		}
		lit := p.next()
		if lit.kind != tokString {
			return nil, badf("A string literal was expected after 'eq', found '%s'.", lit.text)
		}
		c.value = lit.text
		out = append(out, c)
		switch t := p.next(); {
		case t.kind == tokEOF:
			return out, nil
		case t.kind != tokWord || !strings.EqualFold(t.text, "and"):
			return nil, badf("Only 'and' joins terms in $filter on %s, found '%s'.", userPfxSet, t.text)
		}
	}
}
