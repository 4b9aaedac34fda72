package emulator

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

const (
	jsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
	maxBody         = 4 << 20
	maxPageSize     = 999
	agsDiagnostic   = `{"ServerInfo":{"DataCenter":"Emulator","Slice":"E","Ring":"1","ScaleUnit":"000","RoleInstance":"EMULATOR01"}}`
)

// call is one Graph request being answered.
type call struct {
	e    *Emulator
	w    http.ResponseWriter
	r    *http.Request
	body []byte
	rid  string
	crid string
	base string // https://host the request arrived on; links use it
}

// httpError is a request problem found before routing.
type httpError struct {
	status int
	msg    string
}

// readBody returns the request body, decompressed.
func readBody(r *http.Request) ([]byte, *httpError) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return raw, &httpError{400, "The request body could not be read."}
	}
	if len(raw) > maxBody {
		return raw[:0], &httpError{413, "The request body is too large."}
	}
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		return raw, nil
	case "gzip":
		if len(raw) == 0 {
			return raw, nil
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return raw, &httpError{400, "The request body could not be decompressed: " + err.Error()}
		}
		body, err := io.ReadAll(io.LimitReader(zr, maxBody+1))
		if err != nil {
			return raw, &httpError{400, "The request body could not be decompressed: " + err.Error()}
		}
		if len(body) > maxBody {
			return raw[:0], &httpError{413, "The request body is too large."}
		}
		return body, nil
	default:
		return raw, &httpError{415, fmt.Sprintf("The Content-Encoding '%s' is not supported.", enc)}
	}
}

// serveGraph handles the Graph listener: log, latency, faults, then the API.
func (e *Emulator) serveGraph(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	body, bodyErr := readBody(r)
	entry := LogEntry{
		Time:     time.Now(),
		Server:   "graph",
		Host:     r.Host,
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Header:   redactedHeader(r.Header),
		Body:     body,
	}
	entry.AppID, entry.TokenID, entry.Audience = e.presentedToken(r)
	logged := false
	defer func() {
		if !logged {
			entry.Status = sw.status
			e.addLog(entry)
		}
	}()
	c := &call{e: e, w: sw, r: r, body: body, rid: newGUID(), crid: r.Header.Get("client-request-id"), base: "https://" + r.Host}
	if c.crid == "" {
		c.crid = newGUID()
	}
	h := sw.Header()
	h.Set("request-id", c.rid)
	h.Set("client-request-id", c.crid)
	h.Set("x-ms-ags-diagnostic", agsDiagnostic)
	h.Set("Strict-Transport-Security", "max-age=31536000")
	h.Set("Cache-Control", "no-cache")

	if d := time.Duration(e.latency.Load()); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if f := e.pickFault(r); f != nil {
		entry.Fault = f.name()
		if f.AfterCommit {
			inner := *c
			inner.w = &discardWriter{h: http.Header{}}
			inner.handle(bodyErr)
		}
		if f.Reset {
			// Log before the connection drops: the client may send its next
			// request, and have it logged, before this handler unwinds.
			logged = true
			e.addLog(entry)
		}
		c.writeFault(f)
		return
	}
	c.handle(bodyErr)
}

// handle routes a request under /{version}.
func (c *call) handle(bodyErr *httpError) {
	seg := strings.Split(strings.Trim(c.r.URL.Path, "/"), "/")
	version := seg[0]
	isBeta := strings.EqualFold(version, "beta")
	if !isBeta && !strings.EqualFold(version, "v1.0") {
		c.fail(400, "BadRequest", fmt.Sprintf("Invalid version: %s", version))
		return
	}
	if isBeta && len(seg) == 2 && seg[1] == "$metadata" {
		c.metadata()
		return
	}
	claims, ok := c.authenticate()
	if !ok || c.overBudget(claims) {
		return
	}
	if bodyErr != nil {
		c.fail(bodyErr.status, codeFor(bodyErr.status), bodyErr.msg)
		return
	}
	if len(seg) == 1 {
		c.serviceDocument()
		return
	}
	if isBeta && len(seg) >= 3 && seg[1] == "deviceManagement" && seg[2] == "deviceConfigurations" {
		c.deviceConfigurations(claims, seg[3:])
		return
	}
	if isBeta && len(seg) > 2 && strings.EqualFold(seg[1], "deviceManagement") &&
		(c.userPfxRoute(claims, seg[2:]) || c.connectorRoute(claims, seg[2:])) {
		return
	}
	key, hasKey, ok := parseSetSegment(seg[1])
	if !ok || !isBeta {
		c.segmentNotFound(seg[1])
		return
	}
	rest := seg[2:]
	switch {
	case hasKey && len(rest) > 0:
		c.segmentNotFound(rest[0])
	case hasKey:
		c.entity(claims, key)
	case len(rest) == 0:
		c.collection(claims)
	case len(rest) > 1:
		c.segmentNotFound(rest[1])
	case rest[0] == "$count":
		c.count(claims)
	default:
		c.entity(claims, rest[0])
	}
}

// parseSetSegment reads "pfxRecryptionRequests" or "pfxRecryptionRequests('id')".
func parseSetSegment(s string) (key string, hasKey, ok bool) {
	name, rest, paren := strings.Cut(s, "(")
	if !strings.EqualFold(name, entitySet) {
		return "", false, false
	}
	if !paren {
		return "", false, true
	}
	if !strings.HasSuffix(rest, ")") {
		return "", false, false
	}
	k := strings.TrimSuffix(rest, ")")
	k = strings.TrimPrefix(k, "id=")
	if len(k) >= 2 && k[0] == '\'' && k[len(k)-1] == '\'' {
		k = strings.ReplaceAll(k[1:len(k)-1], "''", "'")
	}
	if k == "" {
		return "", false, false
	}
	return k, true, true
}

func (c *call) segmentNotFound(s string) {
	c.fail(400, "BadRequest", fmt.Sprintf("Resource not found for the segment '%s'.", s))
}

// authenticate checks the bearer token the way Graph's gateway does.
func (c *call) authenticate() (*accessClaims, bool) {
	deny := func(msg string) (*accessClaims, bool) {
		c.w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="", authorization_uri="%s/common/oauth2/authorize", client_id="%s"`, c.e.authorityURL, graphAppID))
		c.fail(401, "InvalidAuthenticationToken", msg)
		return nil, false
	}
	scheme, tok, _ := strings.Cut(c.r.Header.Get("Authorization"), " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return deny("Access token is empty.")
	}
	cl, err := c.e.verifyAccessToken(tok)
	switch {
	case errors.Is(err, errTokenSignature):
		return deny("Access token validation failure. Invalid signature.")
	case err != nil:
		return deny("CompactToken parsing failed with error code: 80049217")
	case !strings.EqualFold(cl.TID, c.e.cfg.TenantID):
		return deny("Access token validation failure. Invalid issuer or tenant.")
	case !audienceMatches(cl.Aud, c.r.Host):
		return deny("Access token validation failure. Invalid audience.")
	}
	t := time.Now().Unix()
	if t >= cl.Exp {
		return deny("Lifetime validation failed, the token is expired.")
	}
	if cl.Nbf > t+300 {
		return deny("Lifetime validation failed, the token is not yet valid.")
	}
	return cl, true
}

// authorize checks the app role a read or a write needs.
func (c *call) authorize(cl *accessClaims, write bool) bool {
	for _, r := range cl.Roles {
		if r == RoleReadWrite || (!write && r == RoleRead) {
			return true
		}
	}
	need := RoleReadWrite
	if !write {
		need = RoleRead + ", " + RoleReadWrite
	}
	c.fail(403, "Forbidden", c.intuneMessage(
		"Application is not authorized to perform this operation. Application must have one of the following scopes: "+need))
	return false
}

// intuneMessage wraps text the way Intune's backend fills error.message: a
// JSON document inside the string.
func (c *call) intuneMessage(text string) string {
	b := marshal(struct {
		Version              int     `json:"_version"`
		Message              string  `json:"Message"`
		CustomAPIErrorPhrase string  `json:"CustomApiErrorPhrase"`
		RetryAfter           *string `json:"RetryAfter"`
		ErrorSourceService   string  `json:"ErrorSourceService"`
		HTTPHeaders          string  `json:"HttpHeaders"`
	}{
		Version: 3,
		Message: fmt.Sprintf("%s - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: %s - Url: %s - CustomApiErrorPhrase: ",
			text, c.crid, c.base+c.r.URL.RequestURI()),
		HTTPHeaders: "{}",
	})
	return string(b)
}

// fail writes Graph's error body.
func (c *call) fail(status int, code, msg string) {
	type inner struct {
		Date            string `json:"date"`
		RequestID       string `json:"request-id"`
		ClientRequestID string `json:"client-request-id"`
	}
	type body struct {
		Code       string `json:"code"`
		Message    string `json:"message"`
		InnerError inner  `json:"innerError"`
	}
	b := marshal(struct {
		Error body `json:"error"`
	}{body{code, msg, inner{time.Now().UTC().Format("2006-01-02T15:04:05"), c.rid, c.crid}}})
	c.writeJSON(status, b)
}

func (c *call) writeJSON(status int, b []byte) {
	h := c.w.Header()
	h.Set("Content-Type", jsonContentType)
	h.Set("OData-Version", "4.0")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write(b) // a failed write means the client left
}

func (c *call) noContent() {
	c.w.WriteHeader(http.StatusNoContent)
}

func (c *call) methodNotAllowed(allow string) {
	c.w.Header().Set("Allow", allow)
	c.fail(405, "BadRequest", fmt.Sprintf("The HTTP method '%s' is not allowed for this resource.", c.r.Method))
}

func (c *call) badRequest(b *badRequest) { c.fail(400, "BadRequest", b.msg) }

func (c *call) notFound(id string) {
	c.fail(404, "ResourceNotFound", c.intuneMessage(fmt.Sprintf("Resource not found: no %s with id '%s'", entitySet, id)))
}

// checkJSON enforces a JSON Content-Type on writes.
func (c *call) checkJSON() bool {
	ct := strings.ToLower(strings.TrimSpace(c.r.Header.Get("Content-Type")))
	switch {
	case ct == "":
		c.fail(400, "BadRequest", "Write requests (excluding DELETE) must contain the Content-Type header declaration.")
		return false
	case !strings.HasPrefix(ct, "application/json"):
		c.fail(415, "UnsupportedMediaType", fmt.Sprintf("The Content-Type '%s' is not supported; use application/json.", ct))
		return false
	}
	return true
}

// ifMatch reports whether the request's If-Match allows changing an object
// whose eTag is etag.
func ifMatch(r *http.Request, etag string) bool {
	vals := r.Header.Values("If-Match")
	if len(vals) == 0 {
		return true
	}
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p == "*" || p == etag {
				return true
			}
		}
	}
	return false
}

func (c *call) preconditionFailed() {
	c.fail(412, "PreconditionFailed", "The If-Match header value does not match the current ETag of the entity.")
}

func (c *call) contextURL(sel []string) string {
	u := c.base + "/beta/$metadata#" + entitySet
	if sel != nil {
		u += "(" + strings.Join(sel, ",") + ")"
	}
	return u
}

func (c *call) writeEntity(status int, r *record, q *queryOptions) {
	var sel []bool
	var names []string
	if q != nil {
		sel, names = q.sel, q.selNames
	}
	var buf bytes.Buffer
	appendEntity(&buf, r, sel, c.contextURL(names)+"/$entity")
	c.writeJSON(status, buf.Bytes())
}

// entity serves /pfxRecryptionRequests/{id}.
func (c *call) entity(cl *accessClaims, key string) {
	e := c.e
	id := normalID(key)
	switch c.r.Method {
	case http.MethodGet:
		if !c.authorize(cl, false) {
			return
		}
		q, bad := parseQuery(c.r.URL.RawQuery)
		if bad != nil {
			c.badRequest(bad)
			return
		}
		for _, u := range q.used {
			if collectionOnly[u] {
				c.badRequest(badf("Query option '$%s' is not allowed on a single entity.", u))
				return
			}
		}
		e.mu.Lock()
		r := e.objs[id]
		if r != nil && e.hiddenLocked(id) {
			r = nil
		}
		e.mu.Unlock()
		if r == nil {
			c.notFound(key)
			return
		}
		c.writeEntity(200, r, q)

	case http.MethodPatch:
		if !c.authorize(cl, true) || !c.checkJSON() {
			return
		}
		patch, bad := parseBody(c.body)
		if bad != nil {
			c.badRequest(bad)
			return
		}
		if v, ok := patch[pID].(string); ok && normalID(v) != id {
			c.badRequest(badf("The key property 'id' cannot be changed."))
			return
		}
		e.mu.Lock()
		cur := e.objs[id]
		if cur == nil {
			e.mu.Unlock()
			c.notFound(key)
			return
		}
		if !ifMatch(c.r, cur.eTag()) {
			e.mu.Unlock()
			c.preconditionFailed()
			return
		}
		r, _ := e.updateLocked(id, patch)
		e.mu.Unlock()
		if e.patchNoContent.Load() {
			c.noContent()
			return
		}
		c.writeEntity(200, r, nil)

	case http.MethodDelete:
		if !c.authorize(cl, true) {
			return
		}
		e.mu.Lock()
		cur := e.objs[id]
		if cur == nil {
			e.mu.Unlock()
			c.notFound(key)
			return
		}
		if !ifMatch(c.r, cur.eTag()) {
			e.mu.Unlock()
			c.preconditionFailed()
			return
		}
		if !e.ignoredDeleteLocked() {
			e.removeLocked(id)
		}
		e.mu.Unlock()
		c.noContent()

	default:
		c.methodNotAllowed("GET, PATCH, DELETE")
	}
}

// collection serves /pfxRecryptionRequests.
func (c *call) collection(cl *accessClaims) {
	switch c.r.Method {
	case http.MethodGet:
		if c.authorize(cl, false) {
			c.list()
		}
	case http.MethodPost:
		if !c.authorize(cl, true) || !c.checkJSON() {
			return
		}
		patch, bad := parseBody(c.body)
		if bad != nil {
			c.badRequest(bad)
			return
		}
		// Like Intune, fill what the caller left out: the caller's tenant,
		// and the service's initial status, source type and deletion flag.
		defaults := map[int]any{pTenant: strings.ToLower(cl.TID), pStatus: 0, pSourceType: 0, pIsDeleted: false}
		for i, v := range defaults {
			if _, set := patch[i]; !set {
				patch[i] = v
			}
		}
		c.e.mu.Lock()
		b := c.e.behavior
		if b.CreateStatus != nil {
			patch[pStatus] = *b.CreateStatus
		}
		r := c.e.createLocked(patch, "")
		c.e.mu.Unlock()
		c.e.startListLag(r.id(), b.ListLagListings)
		if !c.holdCreateAnswer(b, r.id()) {
			return
		}
		status := http.StatusCreated
		if b.CreateAnswerStatus != 0 {
			status = b.CreateAnswerStatus
		}
		c.w.Header().Set("Location", c.base+"/beta/"+entitySet+"('"+r.id()+"')")
		c.writeEntity(status, r, nil)
	default:
		c.methodNotAllowed("GET, POST")
	}
}

// pageSize is the config's page size unless the client prefers another.
func (c *call) pageSize() int {
	n := c.e.cfg.PageSize
	for _, v := range c.r.Header.Values("Prefer") {
		for _, p := range strings.Split(v, ",") {
			k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(k), "odata.maxpagesize") {
				continue
			}
			if m, err := strconv.Atoi(strings.Trim(val, `" `)); err == nil && m > 0 {
				n = min(m, max(maxPageSize, c.e.cfg.PageSize))
				c.w.Header().Set("Preference-Applied", "odata.maxpagesize="+strconv.Itoa(n))
			}
		}
	}
	return n
}

// list answers a page of the collection. Objects are ordered by id and the
// skip token holds the last id sent, so a page costs O(page + skipped) and
// concurrent changes never shift later pages.
func (c *call) list() {
	q, bad := parseQuery(c.r.URL.RawQuery)
	if bad != nil {
		c.badRequest(bad)
		return
	}
	size := c.pageSize()
	sent, skip := 0, q.skip
	remaining := -1
	e := c.e

	e.mu.Lock()
	start := 0
	if t := q.skipToken; t != nil {
		start = sort.SearchStrings(e.ids, t.Last)
		if start < len(e.ids) && e.ids[start] == t.Last {
			start++
		}
		sent, skip = t.Sent, 0
	}
	if q.top >= 0 {
		remaining = max(q.top-sent, 0)
	}
	limit := size
	if remaining >= 0 {
		limit = min(limit, remaining)
	}
	total := 0
	if q.count {
		for _, id := range e.ids {
			if matchAll(q.filter, e.objs[id]) && !e.stillUnlisted(id) {
				total++
			}
		}
	}
	page := make([]*record, 0, min(limit, len(e.ids)))
	more := false
	for i := start; i < len(e.ids); i++ {
		r := e.objs[e.ids[i]]
		if !matchAll(q.filter, r) || e.unlisted(e.ids[i]) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if len(page) == limit {
			more = true
			break
		}
		page = append(page, r)
	}
	e.mu.Unlock()

	var buf bytes.Buffer
	buf.WriteString(`{"@odata.context":`)
	appendValue(&buf, c.contextURL(q.selNames))
	if q.count {
		buf.WriteString(`,"@odata.count":` + strconv.Itoa(total))
	}
	buf.WriteString(`,"value":[`)
	for i, r := range page {
		if i > 0 {
			buf.WriteByte(',')
		}
		appendEntity(&buf, r, q.sel, "")
	}
	buf.WriteByte(']')
	if more && len(page) > 0 && (remaining < 0 || remaining > len(page)) {
		tok := skipToken{Last: page[len(page)-1].id(), Sent: sent + len(page)}
		buf.WriteString(`,"@odata.nextLink":`)
		appendValue(&buf, c.nextLink(tok.encode()))
	}
	buf.WriteByte('}')
	c.writeJSON(200, buf.Bytes())
}

// nextLink repeats the request's options with a new skip token.
func (c *call) nextLink(tok string) string {
	var parts []string
	for _, p := range strings.Split(c.r.URL.RawQuery, "&") {
		if p == "" {
			continue
		}
		k, _, _ := strings.Cut(p, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if strings.EqualFold(strings.TrimPrefix(k, "$"), "skiptoken") {
			continue
		}
		parts = append(parts, p)
	}
	parts = append(parts, "$skiptoken="+tok)
	return c.base + "/beta/" + entitySet + "?" + strings.Join(parts, "&")
}

// count serves /pfxRecryptionRequests/$count as plain text.
func (c *call) count(cl *accessClaims) {
	if c.r.Method != http.MethodGet {
		c.methodNotAllowed("GET")
		return
	}
	if !c.authorize(cl, false) {
		return
	}
	q, bad := parseQuery(c.r.URL.RawQuery)
	if bad != nil {
		c.badRequest(bad)
		return
	}
	n := 0
	c.e.mu.Lock()
	for _, id := range c.e.ids {
		if matchAll(q.filter, c.e.objs[id]) && !c.e.stillUnlisted(id) {
			n++
		}
	}
	c.e.mu.Unlock()
	b := []byte(strconv.Itoa(n))
	c.w.Header().Set("Content-Type", "text/plain;charset=utf-8")
	c.w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	c.w.WriteHeader(200)
	_, _ = c.w.Write(b) // a failed write means the client left
}

func (c *call) serviceDocument() {
	if c.r.Method != http.MethodGet {
		c.methodNotAllowed("GET")
		return
	}
	b := marshal(map[string]any{
		"@odata.context": c.base + "/beta/$metadata",
		"value":          []map[string]string{{"name": entitySet, "kind": "EntitySet", "url": entitySet}},
	})
	c.writeJSON(200, b)
}

// metadata serves a CSDL document covering the one entity set.
func (c *call) metadata() {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="pfxRecryptionRequest" BaseType="microsoft.graph.entity">
`)
	for _, p := range properties[1:] {
		fmt.Fprintf(&b, "        <Property Name=%q Type=%q />\n", p.name, p.kind.edm())
	}
	b.WriteString(`      </EntityType>
      <EntityContainer Name="GraphService">
        <EntitySet Name="pfxRecryptionRequests" EntityType="microsoft.graph.pfxRecryptionRequest" />
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`)
	c.w.Header().Set("Content-Type", "application/xml;charset=utf-8")
	c.w.WriteHeader(200)
	_, _ = io.WriteString(c.w, b.String()) // a failed write means the client left
}
