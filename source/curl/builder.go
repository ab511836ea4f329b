package curl

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
	"github.com/authdoctor/authdoctor/source"
)

// builder collects what the options say, then finish turns it into a
// Spec the way curl would build the request.
type builder struct {
	notes   []string
	unknown []string

	method  string
	urls    []word
	headers []authdoctor.Field
	data    []piece
	queries []string
	cookies []word

	user, bearer       *word
	userAgent, referer *word

	// dataGiven is true once any -d/--json option was seen, even one
	// whose file was not read: curl posts all the same.
	getData, headOnly, form, jsonData, dataGiven bool
	insecure, follow                             bool
	proxyURL                                     string
	scheme                                       string
	stop                                         bool

	// sh is what the shell around curl gives it: standard input, proxy
	// variables, later lines.
	sh shellCmd
}

// piece is one -d/--json argument; json pieces are joined without '&'.
type piece struct {
	text string
	json bool
	// w is the argument as read, for the variables it came from.
	w word
}

func (b *builder) note(s string) {
	for _, n := range b.notes {
		if n == s {
			return
		}
	}
	b.notes = append(b.notes, s)
}

func (b *builder) addUnknown(name string) {
	for _, u := range b.unknown {
		if u == name {
			return
		}
	}
	b.unknown = append(b.unknown, name)
}

// read applies the arguments in order.
func (b *builder) read(args []word) error {
	for i := 0; i < len(args) && !b.stop; i++ {
		w := args[i]
		s := w.String()
		switch {
		case strings.HasPrefix(s, "--") && len(s) > 2:
			name, _, hasVal := strings.Cut(s[2:], "=")
			o, ok := longOption(name)
			if !ok {
				if len(w.refs()) > 0 {
					// Name the option as written, not with a value
					// the environment put in it.
					b.addUnknown(written(w))
					continue
				}
				b.negated(name)
				continue
			}
			if !o.arg {
				if hasVal {
					b.addUnknown("--" + name)
					continue
				}
				b.apply(o, "--"+name, word{})
				continue
			}
			var v word
			if hasVal {
				v = w.from(2 + len(name) + 1)
			} else {
				if i+1 >= len(args) {
					return &Error{Line: w.line, Reason: "option --" + name + " needs a value"}
				}
				i++
				v = args[i]
			}
			b.apply(o, "--"+name, v)
		case strings.HasPrefix(s, "-") && len(s) > 1:
			if err := b.shorts(args, &i); err != nil {
				return err
			}
		case s != "":
			b.urls = append(b.urls, w)
		}
	}
	return nil
}

// shorts applies a group of one-letter options ("-sSL", "-XPOST",
// "-H" "Accept: */*").
func (b *builder) shorts(args []word, i *int) error {
	w := args[*i]
	s := w.String()
	for j := 1; j < len(s); j++ {
		o, ok := shortOption(s[j])
		if !ok {
			if len(w.refs()) > 0 {
				b.addUnknown(written(w))
				return nil
			}
			b.addUnknown("-" + printable(s[j]))
			return nil
		}
		name := "-" + string(s[j])
		if !o.arg {
			b.apply(o, name, word{})
			continue
		}
		var v word
		if j+1 < len(s) {
			v = w.from(j + 1)
		} else {
			if *i+1 >= len(args) {
				return &Error{Line: w.line, Reason: "option " + name + " needs a value"}
			}
			*i++
			v = args[*i]
		}
		b.apply(o, name, v)
		return nil
	}
	return nil
}

// written is an option word as written, up to any '=': the form to show
// when the word holds $VAR references.
func written(w word) string {
	var b strings.Builder
	for _, s := range w.segs {
		b.WriteString(s.src)
	}
	o, _, _ := strings.Cut(b.String(), "=")
	return truncate(o, 40)
}

func printable(c byte) string {
	if c > ' ' && c < 0x7f {
		return string(c)
	}
	return "?"
}

// negated handles curl's --no-OPTION form of boolean options; anything
// else is unknown.
func (b *builder) negated(name string) {
	base, ok := strings.CutPrefix(name, "no-")
	if ok {
		if o, found := longOption(base); found && !o.arg {
			switch {
			case base == "insecure":
				b.insecure = false
				return
			case base == "location" || base == "location-trusted":
				b.follow = false
				return
			case o.quiet:
				return
			}
		}
	}
	b.addUnknown("--" + name)
}

func (b *builder) apply(o option, name string, v word) {
	switch {
	case o.do != nil:
		o.do(b, name, v)
	case !o.quiet:
		b.addUnknown(name)
	}
}

func (b *builder) optMethod(_ string, v word) { b.method = v.String() }

func (b *builder) optHeader(_ string, v word) {
	s := v.String()
	if f, ok := strings.CutPrefix(s, "@"); ok {
		b.note("headers from " + fileOf(v, f) + " were not read (-H @file)")
		return
	}
	if i := strings.IndexByte(s, ':'); i >= 0 {
		name := strings.TrimSpace(s[:i])
		j := i + 1
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		switch {
		case name == "":
			b.note("a -H value with an empty header name was ignored")
		case j == len(s) && len(v.from(i+1).refs()) > 0:
			// The value came out empty from variables: keep the field, so
			// the check can say which variable was empty, though curl
			// would not send it.
			rest := v.from(i + 1)
			f := field(name, rest)
			f.Value = authdoctor.NewSecret("")
			f.Template = strings.TrimLeft(f.Template, " \t")
			b.headers = append(b.headers, f)
			b.note("the " + showName(name) + " header is empty after expansion; curl would not send it")
		case j == len(s):
			b.note("-H \"" + showName(name) + ":\" only stops curl sending its own " + showName(name) + " header; nothing was added")
		default:
			w := v.from(j)
			f := field(name, w)
			b.headers = append(b.headers, f)
			b.headerNotes(f, w)
		}
		return
	}
	if t := strings.TrimRight(s, " \t"); strings.HasSuffix(t, ";") {
		// "Name;" is curl's way to send a header with an empty value.
		if name := strings.TrimSpace(t[:len(t)-1]); name != "" && !strings.ContainsAny(name, " \t;") {
			b.headers = append(b.headers, field(name, word{}))
			return
		}
	}
	b.note("a -H value without a colon was ignored: a header is written \"Name: value\"")
}

// showName returns a header name for a note, or "a" placeholder when the
// name does not look like one (it might be a pasted value).
func showName(n string) string {
	if len(n) > 64 {
		return "that"
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return "that"
		}
	}
	return n
}

// fileOf names the file an option argument points to; when the argument
// holds $VAR references it is named as written, so a value from the
// environment is never shown.
func fileOf(v word, f string) string {
	if len(v.refs()) > 0 {
		var b strings.Builder
		for _, s := range v.segs {
			b.WriteString(s.src)
		}
		return "the file named by " + strconv.Quote(truncate(b.String(), 40))
	}
	return fileName(f)
}

func fileName(f string) string {
	if f == "-" {
		return "standard input"
	}
	return "file " + strconv.Quote(f)
}

// headerNotes says where a header's credential came from and names a
// placeholder where the user's own value belongs.
func (b *builder) headerNotes(f authdoctor.Field, w word) {
	v := f.Value.Reveal()
	if !f.Sensitive() {
		if p, ok := placeholder(strings.TrimSpace(v)); ok && !w.expanded() {
			b.note("the " + showName(f.Name) + " header holds the placeholder " + truncate(p, 48) + ": replace it with the real " + meaning(p))
		}
		return
	}
	b.credNotes(showName(f.Name), w)
	cred := strings.TrimSpace(v)
	if scheme, rest, ok := strings.Cut(strings.TrimLeft(v, " \t"), " "); ok && authdoctor.SchemeWord(scheme) {
		cred = strings.TrimSpace(rest)
	}
	if cred == "" {
		// Nothing after the scheme: the variable that should have filled
		// it is unset or empty, which the notes and the checks say.
		return
	}
	kind, ok := credential.Placeholder(cred)
	switch {
	case ok && strings.HasPrefix(kind, "shell-") && b.sh.expanding && !w.expanded():
		what := "a shell expansion"
		if kind == "shell-variable" && len(cred) <= 48 {
			what = cred
		}
		b.note("the " + showName(f.Name) + " header holds " + what + " as written, as curl would send it: single quotes keep the shell from expanding it; use double quotes (\"…$TOKEN\")")
	case ok && strings.HasPrefix(kind, "shell-"):
		// Left as written on purpose (variables not read): noted already.
	case !w.expanded() && varName(cred):
		b.note("the " + showName(f.Name) + " header holds " + cred + ", the name of a variable: write \"$" + cred + "\" to use its value")
	case ok:
		what := "a placeholder"
		if !w.expanded() && len(cred) <= 48 {
			what = "the placeholder " + cred
		}
		b.note("the " + showName(f.Name) + " header holds " + what + ": put the real credential there, or write \"$TOKEN\" in its place and export TOKEN")
	}
}

// varName reports whether a credential looks like the name of an
// environment variable written without its $: OPENAI_API_KEY.
func varName(s string) bool {
	if len(s) > 64 || !source.ValidName(s) || strings.ToUpper(s) != s || !strings.Contains(s, "_") {
		return false
	}
	for _, w := range splitWords(s) {
		if placeholderWords[w] || w == "here" {
			return false // YOUR_API_KEY is a placeholder, not a name
		}
	}
	for _, w := range []string{"TOKEN", "KEY", "SECRET", "PASSWORD", "PAT", "JWT"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// credNotes says which variables a credential was expanded from, and
// that one the command assigns itself is stored in clear in the file.
// Values are never shown.
func (b *builder) credNotes(what string, w word) {
	var env, local []ref
	for _, r := range w.allRefs() {
		switch {
		case r.local:
			local = append(local, r)
		case r.Set:
			env = append(env, r)
		}
	}
	if len(env) > 0 {
		b.note(what + " expanded from " + names(env))
	}
	for _, r := range local {
		b.note(what + " uses $" + r.Name + ", which the command itself assigns (" + r.Name + "=…): the credential is stored in the file in clear; export " + r.Name + " in your shell instead")
	}
}

func (b *builder) optUser(_ string, v word)   { b.user = &v }
func (b *builder) optBearer(_ string, v word) { b.bearer = &v }

// data handles -d, --data-ascii and --data-binary: "@file" names a file.
func (b *builder) optData(name string, v word) {
	b.dataGiven = true
	s := v.String()
	if f, ok := strings.CutPrefix(s, "@"); ok {
		if d, ok := b.stdin(name, f); ok {
			text := d.String()
			if name != "--data-binary" {
				// curl strips carriage returns, newlines and NUL bytes
				// from a -d @file body.
				text = strings.NewReplacer("\r", "", "\n", "", "\x00", "").Replace(text)
			}
			b.data = append(b.data, piece{text: text, w: d})
			return
		}
		b.note("the body from " + fileOf(v, f) + " was not read (" + name + " @file)")
		return
	}
	b.data = append(b.data, piece{text: s, w: v})
}

// stdin returns the here-document or here-string on curl's standard
// input when an option reads "@-".
func (b *builder) stdin(opt, f string) (word, bool) {
	if f != "-" || b.sh.stdin == nil {
		return word{}, false
	}
	b.note("the body was read from the here-document on curl's standard input (" + opt + " @-)")
	return *b.sh.stdin, true
}

func (b *builder) optDataRaw(_ string, v word) {
	b.dataGiven = true
	b.data = append(b.data, piece{text: v.String(), w: v})
}

// dataURLEncode handles --data-urlencode's forms: "content", "=content",
// "name=content", "@file" and "name@file".
func (b *builder) optDataURLEncode(name string, v word) {
	b.dataGiven = true
	s, ok := b.urlEncoded(name, v)
	if ok {
		b.data = append(b.data, piece{text: s, w: v})
	}
}

func (b *builder) urlEncoded(opt string, v word) (string, bool) {
	s := v.String()
	if rest, ok := strings.CutPrefix(s, "+"); ok && opt == "--url-query" {
		return rest, true
	}
	if rest, ok := strings.CutPrefix(s, "="); ok {
		return escape(rest), true
	}
	eq, at := strings.IndexByte(s, '='), strings.IndexByte(s, '@')
	switch {
	case at >= 0 && (eq < 0 || at < eq):
		if d, ok := b.stdin(opt, s[at+1:]); ok {
			if at == 0 {
				return escape(d.String()), true
			}
			return s[:at] + "=" + escape(d.String()), true
		}
		b.note("the value from " + fileOf(v, s[at+1:]) + " was not read (" + opt + " name@file)")
		return "", false
	case eq >= 0:
		return s[:eq] + "=" + escape(s[eq+1:]), true
	}
	return escape(s), true
}

// escape percent-encodes everything but the RFC 3986 unreserved
// characters, and writes a space as '+', as curl's --data-urlencode does
// (checked against curl 7.88 on the wire).
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		if c == ' ' {
			b.WriteByte('+')
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func (b *builder) optJSON(name string, v word) {
	b.jsonData, b.dataGiven = true, true
	s := v.String()
	if f, ok := strings.CutPrefix(s, "@"); ok {
		if d, ok := b.stdin(name, f); ok {
			b.data = append(b.data, piece{text: d.String(), json: true, w: d})
			return
		}
		b.note("the body from " + fileOf(v, f) + " was not read (" + name + " @file)")
		return
	}
	b.data = append(b.data, piece{text: s, json: true, w: v})
}

func (b *builder) optGet(string, word) { b.getData = true }

func (b *builder) optURL(_ string, v word) { b.urls = append(b.urls, v) }

// urlQuery handles --url-query: like --data-urlencode, appended to the
// URL; a leading '+' means "as it is".
func (b *builder) optURLQuery(name string, v word) {
	if q, ok := b.urlEncoded(name, v); ok {
		b.queries = append(b.queries, q)
	}
}

// cookie handles -b: "name=value" pairs, or a cookie file name.
func (b *builder) optCookie(_ string, v word) {
	s := v.String()
	if !strings.Contains(s, "=") {
		if s != "" {
			b.note("cookies from " + fileOf(v, s) + " were not read (-b file)")
		}
		return
	}
	b.cookies = append(b.cookies, v)
}

func (b *builder) optInsecure(string, word) { b.insecure = true }
func (b *builder) optLocation(string, word) { b.follow = true }

func (b *builder) optLocationTrusted(string, word) {
	b.follow = true
	b.note("--location-trusted: curl would send credentials to every host it is redirected to")
}

func (b *builder) optProxy(_ string, v word)     { b.proxyURL = v.String() }
func (b *builder) optUserAgent(_ string, v word) { b.userAgent = &v }

// referer handles -e; curl's ";auto" suffix only matters for redirects.
func (b *builder) optReferer(_ string, v word) {
	s := v.String()
	if r, ok := strings.CutSuffix(s, ";auto"); ok {
		v = litWord(r)
	}
	b.referer = &v
}

func (b *builder) optCompressed(string, word) {
	b.note("--compressed was ignored: the prober negotiates the response encoding itself")
}

func (b *builder) optHead(string, word) { b.headOnly = true }

func (b *builder) optOutput(name string, _ word) {
	b.note(name + " was ignored: authdoctor does not save the response")
}

func (b *builder) optForm(name string, v word) {
	b.form = true
	field, _, _ := strings.Cut(v.String(), "=")
	if len(v.refs()) > 0 {
		field = written(v)
	}
	b.note("multipart form field " + strconv.Quote(truncate(field, 40)) + " (" + name + ") was not sent: multipart bodies are not supported")
}

func (b *builder) optNext(string, word) {
	b.stop = true
	b.note("only the first request was read: options after --next were ignored")
}

func (b *builder) optScheme(name string, _ word) {
	b.addUnknown(name)
	b.scheme = strings.TrimPrefix(name, "--")
}

func (b *builder) optNetrc(name string, _ word) {
	b.addUnknown(name)
	b.note("credentials in .netrc are not read (" + name + ")")
}

func (b *builder) optCert(name string, _ word) {
	b.addUnknown(name)
	b.note("the client certificate or key (" + name + ") is not used: mutual TLS is not replayed")
}

func (b *builder) optSigv4(name string, _ word) {
	b.addUnknown(name)
	b.note("AWS Signature Version 4 signing (" + name + ") is not replayed")
}

func (b *builder) optConfig(name string, _ word) {
	b.addUnknown(name)
	b.note("options in the curl config file (" + name + ") were not read")
}

// finish builds the Spec as curl would build the request.
func (b *builder) finish() (source.Spec, error) {
	if len(b.urls) == 0 {
		e := &Error{Reason: "no URL", Hint: "add the URL to the command"}
		if len(b.sh.urlLines) > 0 {
			e.Hint = "line " + strconv.Itoa(b.sh.urlLines[0]) + " starts with a URL, but the line before it does not end with \\: join them with a backslash"
		}
		for _, r := range b.sh.vanished {
			switch {
			case r.subst && !r.Set:
				e.Reason = "no URL: $" + r.Name + ", which the command sets from $(…), is empty here"
				e.Hint = "run that command yourself and export " + r.Name
				return source.Spec{}, e
			case !r.Set || r.Empty:
				e.Reason = "no URL: $" + r.Name + " is not set, so the word it makes disappears"
				e.Hint = "export " + r.Name + "=https://…"
				return source.Spec{}, e
			}
		}
		return source.Spec{}, e
	}
	if len(b.urls) > 1 {
		b.note(strconv.Itoa(len(b.urls)) + " URLs were given; the first is read")
	}
	uw := b.urls[0]
	if err := urlVars(uw); err != nil {
		return source.Spec{}, err
	}
	unfilled := unfilledParams(uw, "query")
	if env := setRefs(uw); len(env) > 0 {
		b.note("the URL expanded from " + names(env))
	}
	// Only where the host goes: in a query, $filter and $top are OData's
	// own and belong in single quotes.
	if name, host := literalVar(uw); host && b.sh.expanding {
		return source.Spec{}, &Error{Reason: "the URL's host is $" + name + " as written: single quotes keep the shell from expanding it",
			Hint: "write the URL in double quotes (\"$" + name + "/…\") and export " + name}
	}
	rawURL := strings.TrimSpace(uw.String())
	if methodWord(rawURL) {
		b.note(strconv.Quote(rawURL) + " was read as the URL, as curl would: write -X " + rawURL + " to set the method")
	}
	if part, what, ok := urlPlaceholder(rawURL); ok {
		e := &Error{Reason: "the URL's " + part + " holds the placeholder " + truncate(what, 48),
			Hint: "replace it with the real " + meaning(what)}
		if strings.HasPrefix(what, "{{") {
			e.Reason = "the URL's " + part + " holds the Postman variable " + truncate(what, 48)
			e.Hint = "curl does not fill in {{…}}: replace it with the real " + meaning(what)
		}
		return source.Spec{}, e
	}
	if !strings.Contains(rawURL, "://") {
		rawURL = "http://" + rawURL
		b.note("the URL has no scheme; curl assumes http://")
	}
	rawURL, urlUser, urlPass, hasUser := cutUserinfo(rawURL)
	if b.proxyURL == "" && len(b.sh.proxy) > 0 {
		name := "http_proxy"
		if strings.HasPrefix(strings.ToLower(rawURL), "https:") {
			name = "https_proxy"
		}
		p, ok := b.sh.proxy[name]
		if !ok {
			name = "all_proxy"
			p, ok = b.sh.proxy[name]
		}
		if ok && p != "" {
			b.proxyURL = p
			b.note("the proxy set by " + name + "=… before curl is used, as curl would")
		}
	}
	if strings.HasPrefix(b.method, "-") && len(b.method) <= 20 {
		b.note("-X took " + strconv.Quote(b.method) + " as the method, as curl would: write -X GET (or the method you mean)")
	}
	var bodyWord word
	for _, p := range b.data {
		bodyWord.segs = append(bodyWord.segs, p.w.segs...)
	}
	dataIn := "body"
	if b.getData {
		dataIn = "query"
	}
	b.credNotes("the "+dataIn, bodyWord)
	for _, p := range b.data {
		unfilled = append(unfilled, unfilledParams(p.w, dataIn)...)
	}

	var body string
	for i, p := range b.data {
		if i > 0 && !(p.json && b.data[i-1].json) {
			body += "&"
		}
		body += p.text
	}
	queries := b.queries
	if b.getData && len(b.data) > 0 {
		queries = append([]string{body}, queries...)
		body = ""
	}
	if len(queries) > 0 {
		frag := ""
		if i := strings.IndexByte(rawURL, '#'); i >= 0 {
			rawURL, frag = rawURL[:i], rawURL[i:]
		}
		sep := "?"
		if strings.Contains(rawURL, "?") {
			sep = "&"
		}
		rawURL += sep + strings.Join(queries, "&") + frag
	}

	method := "GET"
	switch {
	case b.method != "":
		method = b.method
	case b.headOnly:
		method = "HEAD"
	case b.getData:
	case b.dataGiven || b.form:
		method = "POST"
	}

	has := func(name string) bool {
		for _, f := range b.headers {
			if strings.EqualFold(f.Name, name) {
				return true
			}
		}
		return false
	}
	var header []authdoctor.Field
	auth, from := b.authorization(urlUser, urlPass, hasUser)
	switch {
	case auth != nil && has("Authorization"):
		b.note(from + " was not used: the -H Authorization header wins, as in curl")
	case auth != nil:
		header = append(header, *auth)
	}
	header = append(header, b.headers...)
	if b.userAgent != nil && !has("User-Agent") {
		header = append(header, field("User-Agent", *b.userAgent))
	}
	if b.referer != nil && !has("Referer") {
		header = append(header, field("Referer", *b.referer))
	}
	if len(b.cookies) > 0 {
		var c word
		for i, w := range b.cookies {
			if i > 0 {
				c.segs = append(c.segs, seg{text: "; ", src: "; "})
			}
			c.segs = append(c.segs, w.segs...)
		}
		f := field("Cookie", c)
		header = append(header, f)
		b.credNotes("the Cookie header", c)
	}
	if body != "" && !has("Content-Type") {
		ct := "application/x-www-form-urlencoded"
		if b.jsonData {
			ct = "application/json"
		}
		header = append(header, field("Content-Type", litWord(ct)))
	}
	if b.jsonData && !has("Accept") {
		header = append(header, field("Accept", litWord("application/json")))
	}

	spec := source.Spec{
		Name: "curl",
		From: sourceName,
		Request: authdoctor.Request{
			Method:   method,
			URL:      rawURL,
			Header:   header,
			Body:     authdoctor.NewSecret(body),
			Unfilled: unfilled,
		},
		Insecure:        b.insecure,
		FollowRedirects: b.follow,
		Proxy:           b.proxyURL,
		Unknown:         b.unknown,
		Notes:           b.notes,
	}
	return spec, nil
}

// authorization builds the Authorization field curl would send from
// --oauth2-bearer, -u or the URL's user info, and names where it came
// from.
func (b *builder) authorization(urlUser, urlPass string, hasUser bool) (*authdoctor.Field, string) {
	switch {
	case b.bearer != nil:
		w := word{segs: append([]seg{{text: "Bearer ", src: "Bearer "}}, b.bearer.segs...)}
		f := field("Authorization", w)
		b.credNotes("Authorization (--oauth2-bearer)", *b.bearer)
		return &f, "--oauth2-bearer"
	case b.user != nil:
		u := b.user.String()
		if !strings.Contains(u, ":") {
			b.note("-u has no password (curl would prompt for one); an empty password is used")
			u += ":"
		}
		if b.scheme != "" {
			b.note("-u is sent as Basic; curl would use " + b.scheme)
		}
		f := field("Authorization", litWord("Basic "+base64.StdEncoding.EncodeToString([]byte(u))))
		if refs := b.user.refs(); len(refs) > 0 {
			g := field("", *b.user)
			f.Vars, f.Origin, f.Source = g.Vars, g.Origin, g.Source
			b.credNotes("Authorization (-u)", *b.user)
		}
		if hasUser {
			b.note("the user info in the URL was not used: -u wins, as in curl")
		}
		return &f, "-u"
	case hasUser:
		b.note("the user and password in the URL were moved to an Authorization: Basic header")
		f := field("Authorization", litWord("Basic "+base64.StdEncoding.EncodeToString([]byte(urlUser+":"+urlPass))))
		return &f, "the URL's user info"
	}
	return nil, ""
}

// cutUserinfo removes "user:password@" from the URL's authority, so the
// URL string never holds a credential, and returns the decoded parts.
func cutUserinfo(raw string) (rest, user, pass string, ok bool) {
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw, "", "", false
	}
	auth := raw[i+3:]
	if end := strings.IndexAny(auth, "/?#"); end >= 0 {
		auth = auth[:end]
	}
	at := strings.LastIndexByte(auth, '@')
	if at < 0 {
		return raw, "", "", false
	}
	info := auth[:at]
	u, p, _ := strings.Cut(info, ":")
	if d, err := url.PathUnescape(u); err == nil {
		u = d
	}
	if d, err := url.PathUnescape(p); err == nil {
		p = d
	}
	return raw[:i+3] + raw[i+3+at+1:], u, p, true
}

// urlVars returns an error when the URL needs a variable that is not
// set: the request would go nowhere the user meant.
func urlVars(w word) error {
	for i, s := range w.segs {
		for _, r := range s.refs {
			how := ""
			if (!r.Set || r.Empty) && !r.subst && credentialParam(w, i) != "" {
				continue // a credential left out of the query: a finding, see unfilledParams
			}
			switch {
			case r.subst && !r.Set:
				return &Error{Reason: "the URL uses $" + r.Name + ", which the command sets from $(…)",
					Hint: "run that command yourself and export " + r.Name}
			case !r.Set:
				how = "is not set"
			case r.Empty:
				how = "is empty"
			default:
				continue
			}
			hint := "export " + r.Name + "=…"
			before := w.String()[:offset(w, i)]
			switch {
			case i == 0 && strings.Trim(s.src, "${}") == r.Name:
				hint = "export " + r.Name + "=https://…"
			case strings.HasSuffix(before, "://") || strings.Contains(before, "://") && !strings.Contains(before[strings.Index(before, "://")+3:], "/"):
				// https://${yourOktaDomain}/…: the variable names the host.
				hint = "export " + r.Name + "=… (the host name, such as api.example.com)"
			}
			return &Error{Reason: "the URL uses $" + r.Name + ", which " + how, Hint: hint}
		}
	}
	return nil
}

// paramName matches the end of the text before a parameter's value:
// token=, "api_key": ", client_secret = .
var paramName = regexp.MustCompile(`([A-Za-z0-9_.\-\[\]]+)"?\s*[=:]\s*"?$`)

// credentialParam returns the name of the credential parameter whose
// value piece i of w is (token=$TOKEN in a query or form body, "token":
// "$TOKEN" in JSON), or "". In a URL only the query counts.
func credentialParam(w word, i int) string {
	before := w.String()[:offset(w, i)]
	if strings.Contains(before, "://") {
		q := strings.IndexByte(before, '?')
		if q < 0 {
			return ""
		}
		before = before[q+1:]
	}
	m := paramName.FindStringSubmatch(before)
	if m == nil || !authdoctor.SensitiveParam(m[1]) && !authdoctor.SensitiveHeader(m[1]) {
		return ""
	}
	return m[1]
}

// unfilledParams lists the credential parameters of w (the query, or the
// body) whose variable is unset or empty: they went out without a value.
func unfilledParams(w word, in string) []authdoctor.DataVar {
	var out []authdoctor.DataVar
	for i, s := range w.segs {
		for _, r := range s.refs {
			if r.local || r.subst || r.Set && !r.Empty {
				continue
			}
			if p := credentialParam(w, i); p != "" {
				out = append(out, authdoctor.DataVar{VarRef: r.VarRef, In: in, Param: p})
			}
		}
	}
	return out
}

// offset is where piece i of w starts in its value.
func offset(w word, i int) int {
	n := 0
	for _, s := range w.segs[:i] {
		n += len(s.text)
	}
	return n
}

// literalVar returns the first $NAME or ${NAME} written in the URL and
// kept as written, or "": single quotes keep the shell from expanding
// it, so curl would take it literally. host says it stands where the
// scheme or the host goes ('$BASE/v1', 'https://$HOST/').
func literalVar(w word) (name string, host bool) {
	off := 0
	for _, sg := range w.segs {
		t := sg.text
		for i := 0; !sg.expanded && i+1 < len(t); i++ {
			if t[i] != '$' {
				continue
			}
			n := strings.TrimPrefix(t[i+1:], "{")
			k := 0
			for k < len(n) && (n[k] == '_' || '0' <= n[k] && n[k] <= '9' || 'a' <= n[k]|0x20 && n[k]|0x20 <= 'z') {
				k++
			}
			if braced := len(n) < len(t[i+1:]); k == 0 || !source.ValidName(n[:k]) || braced && (k == len(n) || n[k] != '}') {
				continue
			}
			before := w.String()[:off+i]
			return n[:k], before == "" || strings.HasSuffix(before, "://")
		}
		off += len(t)
	}
	return "", false
}

// setRefs lists the variables from the environment an argument was
// expanded from.
func setRefs(w word) []ref {
	var out []ref
	for _, r := range w.allRefs() {
		if r.Set && !r.local {
			out = append(out, r)
		}
	}
	return out
}

// methodWord reports whether s is an HTTP method name rather than a URL.
func methodWord(s string) bool {
	switch s {
	case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS":
		return true
	}
	return false
}
