package har

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// MaxSize is the largest HAR file Read accepts, in bytes. A browser export
// of a long session can reach tens of megabytes; past this bound the file
// is refused rather than held in memory.
const MaxSize = 256 << 20

// Version is the HAR version NewLog writes.
const Version = "1.2"

// Log is the "log" object of a HAR 1.2 file
// (http://www.softwareishard.com/blog/har-12-spec/). Only the fields
// authdoctor reads or writes are kept; tools' own fields ("_initiator",
// "_transferSize") and pages are dropped.
type Log struct {
	Version string  `json:"version"`
	Creator Creator `json:"creator"`
	Entries []Entry `json:"entries"`
	Comment string  `json:"comment,omitempty"`
}

// Creator names the program that wrote the file.
type Creator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Comment string `json:"comment,omitempty"`
}

// Entry is one request and its response.
type Entry struct {
	Pageref string `json:"pageref,omitempty"`
	// StartedDateTime is an ISO 8601 date-time, kept as written because
	// tools differ in its form; Started parses it.
	StartedDateTime string `json:"startedDateTime"`
	// Time is the total elapsed time in milliseconds.
	Time     float64  `json:"time"`
	Request  Request  `json:"request"`
	Response Response `json:"response"`
	// Cache is required by the format; authdoctor writes it empty.
	Cache           Cache   `json:"cache"`
	Timings         Timings `json:"timings"`
	ServerIPAddress string  `json:"serverIPAddress,omitempty"`
	Connection      string  `json:"connection,omitempty"`
	Comment         string  `json:"comment,omitempty"`
}

// Cache is the entry's cache state; its content is not used.
type Cache struct{}

// Request is the request of an entry.
type Request struct {
	Method      string      `json:"method"`
	URL         string      `json:"url"`
	HTTPVersion string      `json:"httpVersion"`
	Cookies     []Cookie    `json:"cookies"`
	Headers     []NameValue `json:"headers"`
	QueryString []NameValue `json:"queryString"`
	PostData    *PostData   `json:"postData,omitempty"`
	// HeadersSize and BodySize are -1 when unknown.
	HeadersSize int64  `json:"headersSize"`
	BodySize    int64  `json:"bodySize"`
	Comment     string `json:"comment,omitempty"`
}

// Response is the response of an entry. Status is 0 when none came.
type Response struct {
	Status      int         `json:"status"`
	StatusText  string      `json:"statusText"`
	HTTPVersion string      `json:"httpVersion"`
	Cookies     []Cookie    `json:"cookies"`
	Headers     []NameValue `json:"headers"`
	Content     Content     `json:"content"`
	RedirectURL string      `json:"redirectURL"`
	HeadersSize int64       `json:"headersSize"`
	BodySize    int64       `json:"bodySize"`
	Comment     string      `json:"comment,omitempty"`
}

// NameValue is a header or a query-string parameter, in the order sent.
type NameValue struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	Comment string `json:"comment,omitempty"`
}

// Cookie is a cookie sent or set.
type Cookie struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Path     string `json:"path,omitempty"`
	Domain   string `json:"domain,omitempty"`
	Expires  string `json:"expires,omitempty"`
	HTTPOnly bool   `json:"httpOnly,omitempty"`
	Secure   bool   `json:"secure,omitempty"`
	Comment  string `json:"comment,omitempty"`
}

// PostData is a request body: Text, or for a form Params.
type PostData struct {
	MimeType string  `json:"mimeType"`
	Params   []Param `json:"params,omitempty"`
	Text     string  `json:"text"`
	Comment  string  `json:"comment,omitempty"`
}

// Param is one posted form parameter.
type Param struct {
	Name        string `json:"name"`
	Value       string `json:"value,omitempty"`
	FileName    string `json:"fileName,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	Comment     string `json:"comment,omitempty"`
}

// Content is a response body. Text is the body itself, or its base64 form
// when Encoding is "base64"; Body decodes it.
type Content struct {
	Size        int64  `json:"size"`
	Compression int64  `json:"compression,omitempty"`
	MimeType    string `json:"mimeType"`
	Text        string `json:"text,omitempty"`
	Encoding    string `json:"encoding,omitempty"`
	Comment     string `json:"comment,omitempty"`
}

// Timings are the phases of an entry in milliseconds; -1 means the phase
// does not apply. Connect includes SSL (HAR 1.2).
type Timings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	Connect float64 `json:"connect"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
	SSL     float64 `json:"ssl"`
	Comment string  `json:"comment,omitempty"`
}

// Body returns the response body, decoding base64 content.
func (c *Content) Body() ([]byte, error) {
	if !strings.EqualFold(c.Encoding, "base64") {
		return []byte(c.Text), nil
	}
	s := strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, c.Text)
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		// Some writers drop the padding.
		if b2, err2 := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "=")); err2 == nil {
			return b2, nil
		}
		return nil, fmt.Errorf("har: decode base64 response content: %w", err)
	}
	return b, nil
}

// startedLayouts are the date-time forms seen in HAR files: RFC 3339,
// ISO 8601 offsets without a colon, and no offset at all (read as UTC).
var startedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
}

// Started parses StartedDateTime; ok is false when it is absent or in no
// known form.
func (e *Entry) Started() (t time.Time, ok bool) {
	for _, l := range startedLayouts {
		if t, err := time.Parse(l, e.StartedDateTime); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// NewLog returns an empty log written by creator, given as "name" or
// "name/version".
func NewLog(creator string) *Log {
	name, version, _ := strings.Cut(creator, "/")
	return &Log{Version: Version, Creator: Creator{Name: name, Version: version}, Entries: []Entry{}}
}

var bom = []byte("\ufeff")

// Read reads a HAR file. It refuses files larger than MaxSize and accepts
// a leading byte order mark. Errors give the line of a JSON problem but
// never a value from the file.
func Read(r io.Reader) (*Log, error) { return read(r, MaxSize) }

func read(r io.Reader, limit int64) (*Log, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("har: read: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("har: file larger than %d MiB; export fewer requests", limit>>20)
	}
	b = bytes.TrimPrefix(b, bom)
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, errors.New("har: empty file")
	}
	var f struct {
		Log *Log `json:"log"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, decodeError(b, err)
	}
	if f.Log == nil {
		return nil, errors.New(`har: no "log" object; not a HAR file`)
	}
	return f.Log, nil
}

// decodeError says where the JSON went wrong, without quoting it.
func decodeError(b []byte, err error) error {
	line := func(off int64) int {
		if off < 0 || off > int64(len(b)) {
			return 0
		}
		return 1 + bytes.Count(b[:off], []byte("\n"))
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		if se.Offset >= int64(len(b)) {
			return errors.New("har: the file ends too early (truncated?)")
		}
		return fmt.Errorf("har: invalid JSON at line %d", line(se.Offset))
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("har: invalid HAR at line %d: %s is a JSON %s, want %s", line(te.Offset), te.Field, te.Value, te.Type)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("har: the file ends too early (truncated?)")
	}
	return errors.New("har: invalid JSON")
}

// Write writes l as an indented HAR file. Absent lists are written as
// empty arrays, as the format requires.
func Write(w io.Writer, l *Log) error {
	c := *l
	if c.Version == "" {
		c.Version = Version
	}
	c.Entries = make([]Entry, len(l.Entries))
	for i, e := range l.Entries {
		e.Request.Cookies = orEmpty(e.Request.Cookies)
		e.Request.Headers = orEmpty(e.Request.Headers)
		e.Request.QueryString = orEmpty(e.Request.QueryString)
		e.Response.Cookies = orEmpty(e.Response.Cookies)
		e.Response.Headers = orEmpty(e.Response.Headers)
		c.Entries[i] = e
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(struct {
		Log *Log `json:"log"`
	}{&c}); err != nil {
		return fmt.Errorf("har: write: %w", err)
	}
	return nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
