package monitor

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"math"
	"time"
)

//go:embed status.html
var pageFS embed.FS

var pageTemplate = template.Must(template.New("status.html").Funcs(template.FuncMap{
	"when":    when,
	"expires": expiresIn,
	"expiryClass": func(in *float64) string {
		switch {
		case in == nil:
			return ""
		case *in <= 0:
			return "gone"
		case *in < expiringSoon.Seconds():
			return "soon"
		}
		return ""
	},
	"cell":  cellClass,
	"title": cellTitle,
	"seconds": func(f float64) string {
		return (time.Duration(f * float64(time.Second))).Round(time.Millisecond).String()
	},
	"every": func(f float64) string { return (time.Duration(f * float64(time.Second))).String() },
}).ParseFS(pageFS, "status.html"))

// expiringSoon is when the page starts to call out a credential's
// expiry: the week of the shipped alert's warning.
const expiringSoon = 7 * 24 * time.Hour

// pageData is what the template reads.
type pageData struct {
	Report
	Refresh int
}

// Page renders r as the status page: one self-contained HTML document,
// inline CSS, no JavaScript, reloading itself every refresh.
func Page(r Report, refresh time.Duration) ([]byte, error) {
	var b bytes.Buffer
	secs := int(math.Max(1, math.Round(refresh.Seconds())))
	if err := pageTemplate.Execute(&b, pageData{Report: r, Refresh: secs}); err != nil {
		return nil, fmt.Errorf("render status page: %w", err)
	}
	return b.Bytes(), nil
}

// when is an instant with its age against now: "2026-12-04 19:30:05 UTC (12m ago)".
func when(t *time.Time, now time.Time) string {
	if t == nil {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC") + " (" + ago(now.Sub(*t)) + ")"
}

func ago(d time.Duration) string {
	if d < time.Second {
		return "just now"
	}
	return short(d) + " ago"
}

// short is a duration in at most two units: 3d 4h, 2h 5m, 4m 10s, 12s.
func short(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Round(time.Second)
	day := 24 * time.Hour
	switch {
	case d >= day:
		return fmt.Sprintf("%dd %dh", d/day, (d%day)/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%dh %dm", d/time.Hour, (d%time.Hour)/time.Minute)
	case d >= time.Minute:
		return fmt.Sprintf("%dm %ds", d/time.Minute, (d%time.Minute)/time.Second)
	}
	return fmt.Sprintf("%ds", d/time.Second)
}

// expiresIn says how long the credential has left.
func expiresIn(in *float64) string {
	if in == nil {
		return "unknown"
	}
	d := time.Duration(*in * float64(time.Second))
	if d <= 0 {
		return "expired " + short(d) + " ago"
	}
	return "in " + short(d)
}

func cellClass(r RecentRun) string {
	switch {
	case r.Error:
		return "err"
	case r.Healthy:
		return "ok"
	}
	return "bad"
}

func cellTitle(r RecentRun) string {
	s := r.At.UTC().Format("15:04:05") + " "
	switch {
	case r.Error:
		return s + "could not check"
	case r.Status != 0:
		return s + r.Cause + " (" + fmt.Sprint(r.Status) + ")"
	}
	return s + r.Cause
}
