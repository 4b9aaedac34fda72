package emulator

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// queryOptions are the OData system query options of one request.
type queryOptions struct {
	filter    []condition
	top       int // -1: none
	skip      int
	sel       []bool // nil: all properties
	selNames  []string
	count     bool
	skipToken *skipToken
	used      []string // options present, without "$"
}

// collectionOnly options make no sense on a single entity.
var collectionOnly = map[string]bool{"filter": true, "top": true, "skip": true, "count": true, "skiptoken": true, "orderby": true, "search": true}

// unsupported options are real OData options this entity set does not offer.
var unsupported = map[string]bool{"expand": true, "search": true, "apply": true, "compute": true, "levels": true, "deltatoken": true, "index": true}

// parseQuery reads system query options; on beta the "$" is optional.
func parseQuery(raw string) (*queryOptions, *badRequest) {
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return nil, badf("The query string is malformed: %s", err)
	}
	q := &queryOptions{top: -1}
	seen := map[string]bool{}
	for key, vs := range vals {
		dollar := strings.HasPrefix(key, "$")
		name := strings.ToLower(strings.TrimPrefix(key, "$"))
		switch name {
		case "filter", "top", "skip", "select", "count", "skiptoken", "orderby", "format":
		default:
			if unsupported[name] {
				return nil, badf("Query option '$%s' is not supported on %s.", name, entitySet)
			}
			if dollar {
				return nil, badf("The query parameter '%s' is not supported.", key)
			}
			continue // custom query options are ignored
		}
		if len(vs) > 1 || seen[name] {
			return nil, badf("Query option '$%s' was specified more than once, but it must be specified at most once.", name)
		}
		seen[name] = true
		q.used = append(q.used, name)
		v := vs[0]
		switch name {
		case "filter":
			var bad *badRequest
			if q.filter, bad = parseFilter(v); bad != nil {
				return nil, bad
			}
		case "top", "skip":
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 {
				return nil, badf("Invalid value '%s' for $%s query option found. The $%s query option requires a non-negative integer value.", v, name, name)
			}
			if name == "top" {
				q.top = n
			} else {
				q.skip = n
			}
		case "select":
			if err := q.parseSelect(v); err != nil {
				return nil, err
			}
		case "count":
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "true":
				q.count = true
			case "false":
			default:
				return nil, badf("'%s' is not a valid count option.", v)
			}
		case "skiptoken":
			t, ok := decodeSkipToken(v)
			if !ok {
				return nil, badf("The $skiptoken value '%s' is not valid.", v)
			}
			q.skipToken = t
		case "orderby":
			// the collection is always ordered by id
			o := strings.Join(strings.Fields(strings.ToLower(v)), " ")
			if o != "id" && o != "id asc" {
				return nil, badf("Ordering by '%s' is not supported on %s; only 'id asc' is.", v, entitySet)
			}
		case "format":
			if f := strings.ToLower(v); f != "json" && !strings.HasPrefix(f, "application/json") {
				return nil, badf("The format '%s' is not supported.", v)
			}
		}
	}
	return q, nil
}

func (q *queryOptions) parseSelect(v string) *badRequest {
	if strings.TrimSpace(v) == "*" {
		return nil
	}
	q.sel = make([]bool, len(properties))
	q.sel[pID] = true
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			return badf("Syntax error: empty property in $select '%s'.", v)
		}
		if f == "*" {
			q.sel = nil
			return nil
		}
		i, ok := propByFold[strings.ToLower(f)]
		if !ok {
			return badf("Could not find a property named '%s' on type '%s'.", f, entityType)
		}
		q.sel[i] = true
	}
	for i, p := range properties {
		if q.sel[i] {
			q.selNames = append(q.selNames, p.name)
		}
	}
	return nil
}

// skipToken is the server's paging cursor: the last id sent and how many
// items went out before, so $top keeps holding across pages.
type skipToken struct {
	Last string `json:"l"`
	Sent int    `json:"n"`
}

func (t skipToken) encode() string {
	b, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeSkipToken(s string) (*skipToken, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	var t skipToken
	if json.Unmarshal(b, &t) != nil || t.Last == "" || t.Sent < 0 {
		return nil, false
	}
	return &t, true
}

// condition is one "prop eq/ne literal" term; a filter is their conjunction.
type condition struct {
	prop  int
	ne    bool
	value any // canonical like stored values; nil is null
}

func (c condition) match(r *record) bool {
	v := r.vals[c.prop]
	var eq bool
	switch x := c.value.(type) {
	case nil:
		eq = v == nil
	case time.Time:
		t, ok := v.(time.Time)
		eq = ok && t.Equal(x)
	default:
		eq = v == c.value
	}
	return eq != c.ne
}

func matchAll(conds []condition, r *record) bool {
	for _, c := range conds {
		if !c.match(r) {
			return false
		}
	}
	return true
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokWord
	tokString
	tokOpen
	tokClose
	tokComma
)

type token struct {
	kind tokKind
	text string
	pos  int
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == ':' || c == '+'
}

func tokenize(s string) ([]token, *badRequest) {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(':
			out = append(out, token{tokOpen, "(", i})
			i++
		case c == ')':
			out = append(out, token{tokClose, ")", i})
			i++
		case c == ',':
			out = append(out, token{tokComma, ",", i})
			i++
		case c == '\'':
			var sb strings.Builder
			j := i + 1
			for {
				if j >= len(s) {
					return nil, badf("Syntax error: unterminated string literal at position %d in '%s'.", i, s)
				}
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						sb.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				sb.WriteByte(s[j])
				j++
			}
			out = append(out, token{tokString, sb.String(), i})
			i = j + 1
		case isWordByte(c):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			out = append(out, token{tokWord, s[i:j], i})
			i = j
		default:
			return nil, badf("Syntax error: character '%c' is not valid at position %d in '%s'.", c, i, s)
		}
	}
	return append(out, token{tokEOF, "", len(s)}), nil
}

type filterParser struct {
	src  string
	toks []token
	pos  int
}

func (p *filterParser) peek() token { return p.toks[p.pos] }
func (p *filterParser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

// parseFilter reads a $filter of eq/ne comparisons joined by and, with
// optional parentheses.
func parseFilter(s string) ([]condition, *badRequest) {
	if strings.TrimSpace(s) == "" {
		return nil, badf("The $filter expression is empty.")
	}
	toks, bad := tokenize(s)
	if bad != nil {
		return nil, bad
	}
	p := &filterParser{src: s, toks: toks}
	conds, bad := p.and()
	if bad != nil {
		return nil, bad
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.unexpected(t)
	}
	return conds, nil
}

func (p *filterParser) unexpected(t token) *badRequest {
	if t.kind == tokEOF {
		return badf("Syntax error: the $filter expression '%s' ends unexpectedly.", p.src)
	}
	if t.kind == tokWord {
		switch strings.ToLower(t.text) {
		case "or", "not":
			return badf("The logical operator '%s' is not supported in $filter on %s; only 'and' is.", t.text, entitySet)
		}
	}
	return badf("Syntax error at position %d in '%s': unexpected '%s'.", t.pos, p.src, t.text)
}

func (p *filterParser) and() ([]condition, *badRequest) {
	conds, bad := p.primary()
	if bad != nil {
		return nil, bad
	}
	for {
		t := p.peek()
		if t.kind != tokWord || !strings.EqualFold(t.text, "and") {
			return conds, nil
		}
		p.next()
		more, bad := p.primary()
		if bad != nil {
			return nil, bad
		}
		conds = append(conds, more...)
	}
}

func (p *filterParser) primary() ([]condition, *badRequest) {
	t := p.next()
	if t.kind == tokOpen {
		conds, bad := p.and()
		if bad != nil {
			return nil, bad
		}
		if c := p.next(); c.kind != tokClose {
			return nil, p.unexpected(c)
		}
		return conds, nil
	}
	if t.kind != tokWord {
		return nil, p.unexpected(t)
	}
	if p.peek().kind == tokOpen {
		return nil, badf("The function '%s' is not supported in $filter on %s.", t.text, entitySet)
	}
	if strings.EqualFold(t.text, "not") {
		return nil, p.unexpected(t)
	}
	i, ok := propByFold[strings.ToLower(t.text)]
	if !ok {
		return nil, badf("Could not find a property named '%s' on type '%s'.", t.text, entityType)
	}
	op := p.next()
	if op.kind != tokWord {
		return nil, p.unexpected(op)
	}
	var ne bool
	switch strings.ToLower(op.text) {
	case "eq":
	case "ne":
		ne = true
	case "gt", "ge", "lt", "le", "has", "in":
		return nil, badf("The operator '%s' is not supported in $filter on %s; only 'eq' and 'ne' are.", op.text, entitySet)
	default:
		return nil, p.unexpected(op)
	}
	lit := p.next()
	v, bad := literal(properties[i], lit)
	if bad != nil {
		return nil, bad
	}
	return []condition{{prop: i, ne: ne, value: v}}, nil
}

// literal converts an OData literal for comparison with prop.
func literal(prop property, t token) (any, *badRequest) {
	if t.kind != tokWord && t.kind != tokString {
		return nil, badf("Syntax error: a literal was expected after the operator, found '%s'.", t.text)
	}
	if t.kind == tokWord && t.text == "null" {
		return nil, nil
	}
	incompatible := func(found string) *badRequest {
		return badf("A binary operator with incompatible types was detected. Found operand types '%s' and '%s' for operator kind 'Equal'.", prop.kind.edm(), found)
	}
	wordType := func() string {
		switch {
		case t.text == "true" || t.text == "false":
			return "Edm.Boolean"
		case isGUID(t.text):
			return "Edm.Guid"
		}
		if _, err := strconv.ParseInt(t.text, 10, 64); err == nil {
			return "Edm.Int32"
		}
		if _, ok := parseTime(t.text); ok {
			return "Edm.DateTimeOffset"
		}
		return ""
	}
	switch prop.kind {
	case kindString:
		if t.kind == tokString {
			return t.text, nil
		}
	case kindGUID:
		// bare is the OData form; quoted is accepted too
		if isGUID(t.text) {
			return strings.ToLower(t.text), nil
		}
		if t.kind == tokString {
			return nil, badf("Cannot convert the literal '%s' to the expected type 'Edm.Guid' for property '%s'.", t.text, prop.name)
		}
	case kindInt32:
		if t.kind == tokWord {
			n, err := strconv.ParseInt(t.text, 10, 32)
			if err == nil {
				return int(n), nil
			}
			if _, err := strconv.ParseInt(t.text, 10, 64); err == nil {
				return nil, badf("The literal '%s' is out of range for property '%s' of type 'Edm.Int32'.", t.text, prop.name)
			}
		}
	case kindBool:
		if t.kind == tokWord && (t.text == "true" || t.text == "false") {
			return t.text == "true", nil
		}
	case kindTime:
		if tm, ok := parseTime(t.text); ok {
			return tm, nil
		}
	}
	if t.kind == tokString {
		return nil, incompatible("Edm.String")
	}
	if wt := wordType(); wt != "" {
		return nil, incompatible(wt)
	}
	return nil, badf("Syntax error: '%s' is not a valid literal for property '%s' of type '%s'.", t.text, prop.name, prop.kind.edm())
}
