package cli

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/authdoctor/authdoctor/monitor/accesslog"
	"github.com/authdoctor/authdoctor/render"
)

// routeName is a row's route as shown: "GET /v1/orders/{id}" with --by
// method.
func routeName(method, route string) string {
	if method == "" {
		return route
	}
	return method + " " + route
}

// thousands writes n with thin separators: 1,234,567.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func utc(t int64) string { return time.Unix(t, 0).UTC().Format("2006-01-02 15:04") }

// change is how the 401 rate of the last window moved against the
// window before: "+1.5pt", "new", "-" without requests.
func change(cur, prev accesslog.Counts) string {
	switch {
	case cur.Requests == 0:
		return "-"
	case prev.Requests == 0:
		return "new"
	}
	d := 100 * (cur.Rate401() - prev.Rate401())
	if d > -0.05 && d < 0.05 {
		return "0.0pt"
	}
	return fmt.Sprintf("%+.1fpt", d)
}

// sparkline draws counts as block characters, scaled to their maximum;
// a column without a 401 is the lowest block.
func sparkline(v []int64) string {
	const blocks = "▁▂▃▄▅▆▇█"
	var top int64
	for _, x := range v {
		top = max(top, x)
	}
	var b strings.Builder
	rs := []rune(blocks)
	for _, x := range v {
		i := 0
		if top > 0 && x > 0 {
			i = 1 + int((x*int64(len(rs)-2)+top-1)/top)
			i = min(i, len(rs)-1)
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// logsHeadline says in one sentence where the 401s are, then the incident
// windows.
func logsHeadline(v logsView) string {
	rep := v.Report
	if v.Result.Parsed == 0 {
		return "No request was read: no line is in a known access log format."
	}
	var worst *accesslog.Row
	for i := range rep.Rows {
		r := &rep.Rows[i]
		if r.Unauthorized == 0 || r.Requests < 20 {
			continue
		}
		if worst == nil || r.Total().Rate401() > worst.Total().Rate401() {
			worst = r
		}
	}
	var s string
	if worst == nil {
		var n401 int64
		for _, e := range rep.Envs {
			n401 += e.Unauthorized
		}
		s = fmt.Sprintf("%s requests, %s answered 401.", thousands(v.Result.Parsed), thousands(n401))
	} else {
		s = fmt.Sprintf("The 401 rate is highest on %s in %s: %s (%s of %s).", routeName(worst.Method, worst.Route), worst.Env,
			render.Percent(worst.Total().Rate401()), thousands(worst.Unauthorized), thousands(worst.Requests))
	}
	switch n := len(rep.Windows); n {
	case 0:
		s += " No incident window: no route's 401 or 403 rate stood well above its own baseline."
	default:
		w := rep.Windows[0]
		first := ": "
		if n > 1 {
			first = "; the first: "
		}
		s += fmt.Sprintf(" %s%s%s in %s, %d for %s of its requests from %s to %s UTC (usually %s).", countOf(n, "incident window", "incident windows"), first,
			routeName(w.Method, w.Route), w.Env, w.Code, render.Percent(w.Rate()), utc(w.Start), time.Unix(w.End, 0).UTC().Format("15:04"), render.Percent(w.Baseline))
	}
	return s
}

func logsSource(v logsView) string {
	var parts []string
	for i, in := range v.Inputs {
		f := "?"
		if i < len(v.Result.Formats) && v.Result.Formats[i] != "" {
			f = string(v.Result.Formats[i])
		}
		parts = append(parts, in.Name+": "+f)
	}
	span := "no times"
	if v.Report.End > v.Report.Start {
		span = "from " + utc(v.Report.Start) + " to " + utc(v.Report.End) + " UTC"
	}
	return fmt.Sprintf("%s requests %s (%s). Δ is the 401 rate of the last %s against the %s before.", thousands(v.Result.Parsed), span,
		strings.Join(parts, ", "), render.Duration(time.Duration(v.Report.WindowLen)*time.Second), render.Duration(time.Duration(v.Report.WindowLen)*time.Second))
}

func logsText(w io.Writer, v logsView, colour bool) {
	red, reset := "", ""
	if colour {
		red, reset = "\x1b[31m", "\x1b[0m"
	}
	fmt.Fprintln(w, logsHeadline(v))
	fmt.Fprintln(w)
	fmt.Fprintln(w, logsSource(v))
	rep := v.Report
	for _, e := range rep.Envs {
		fmt.Fprintf(w, "\n%s — %s requests · 401 %s · 403 %s\n", e.Env, thousands(e.Requests), render.Percent(e.Rate401()), render.Percent(e.Rate403()))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  ROUTE\tREQUESTS\t401\t401%\tΔ\t403\t403%\t401s OVER TIME")
		for _, r := range rep.Rows {
			if r.Env != e.Env {
				continue
			}
			t := r.Total()
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", routeName(r.Method, r.Route), thousands(r.Requests), thousands(r.Unauthorized),
				render.Percent(t.Rate401()), change(r.Current, r.Previous), thousands(r.Forbidden), render.Percent(t.Rate403()), sparkline(r.Spark))
		}
		tw.Flush()
	}
	if rep.Top > 0 && rep.Routes > len(rep.Rows) {
		fmt.Fprintf(w, "\n(%d of %d routes shown: --top %d per environment)\n", len(rep.Rows), rep.Routes, rep.Top)
	}
	if len(rep.Windows) > 0 {
		fmt.Fprintf(w, "\nIncident windows (a route's rate well above its own baseline; docs/guide.md#logs-401-rates-from-access-logs)\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, win := range rep.Windows {
			fmt.Fprintf(tw, "  %s%s\t%s\t%d\t%s → %s UTC (%s)\t%s of %s (%s; usually %s)%s\n", red, win.Env, routeName(win.Method, win.Route), win.Code,
				utc(win.Start), time.Unix(win.End, 0).UTC().Format("15:04"), render.Duration(time.Duration(win.End-win.Start)*time.Second),
				thousands(win.Errors), thousands(win.Requests), render.Percent(win.Rate()), render.Percent(win.Baseline), reset)
		}
		tw.Flush()
	}
	logsMalformedText(w, v, "  ")
}

func logsMalformedText(w io.Writer, v logsView, indent string) {
	res := v.Result
	if res.MalformedLines == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s in no known format, not counted:\n", countOf(int(res.MalformedLines), "line", "lines"))
	for _, m := range res.Malformed {
		fmt.Fprintf(w, "%s%s:%d: %s\n", indent, m.File, m.Line, m.Text)
	}
}

func logsMarkdown(w io.Writer, v logsView) {
	fmt.Fprintf(w, "## authdoctor logs\n\n%s\n\n%s\n", mdCell(logsHeadline(v)), mdCell(logsSource(v)))
	rep := v.Report
	for _, e := range rep.Envs {
		fmt.Fprintf(w, "\n### %s — %s requests · 401 %s · 403 %s\n\n", mdCell(e.Env), thousands(e.Requests), render.Percent(e.Rate401()), render.Percent(e.Rate403()))
		fmt.Fprintln(w, "| Route | Requests | 401 | 401 % | Δ | 403 | 403 % | 401s over time |")
		fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
		for _, r := range rep.Rows {
			if r.Env != e.Env {
				continue
			}
			t := r.Total()
			fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s | %s | %s | %s |\n", strings.ReplaceAll(routeName(r.Method, r.Route), "`", "'"), thousands(r.Requests),
				thousands(r.Unauthorized), render.Percent(t.Rate401()), change(r.Current, r.Previous), thousands(r.Forbidden), render.Percent(t.Rate403()), sparkline(r.Spark))
		}
	}
	if len(rep.Windows) > 0 {
		fmt.Fprintln(w, "\n### Incident windows\n\n| Environment | Route | Code | From (UTC) | To | Errors | Rate | Usually |\n| --- | --- | ---: | --- | --- | ---: | ---: | ---: |")
		for _, win := range rep.Windows {
			fmt.Fprintf(w, "| %s | `%s` | %d | %s | %s | %s of %s | %s | %s |\n", mdCell(win.Env), strings.ReplaceAll(routeName(win.Method, win.Route), "`", "'"), win.Code,
				utc(win.Start), time.Unix(win.End, 0).UTC().Format("15:04"), thousands(win.Errors), thousands(win.Requests), render.Percent(win.Rate()), render.Percent(win.Baseline))
		}
	}
	if v.Result.MalformedLines > 0 {
		fmt.Fprintf(w, "\n%s in no known format, not counted:\n\n", countOf(int(v.Result.MalformedLines), "line", "lines"))
		for _, m := range v.Result.Malformed {
			fmt.Fprintf(w, "- `%s:%d`: `%s`\n", m.File, m.Line, strings.ReplaceAll(m.Text, "`", "'"))
		}
	}
}

func logsCSV(w io.Writer, v logsView) {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"environment", "method", "route", "requests", "401", "403", "rate_401", "rate_403",
		"window_requests", "window_401", "previous_window_requests", "previous_window_401"})
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 6, 64) }
	i := strconv.FormatInt
	for _, r := range v.Report.Rows {
		t := r.Total()
		_ = cw.Write([]string{r.Env, r.Method, r.Route, i(r.Requests, 10), i(r.Unauthorized, 10), i(r.Forbidden, 10), f(t.Rate401()), f(t.Rate403()),
			i(r.Current.Requests, 10), i(r.Current.Unauthorized, 10), i(r.Previous.Requests, 10), i(r.Previous.Unauthorized, 10)})
	}
	cw.Flush()
}

// logsDoc is logs' JSON.
type logsDoc struct {
	Schema         string           `json:"schema"`
	Inputs         []logsInput      `json:"inputs"`
	Lines          int64            `json:"lines"`
	Parsed         int64            `json:"requests"`
	MalformedLines int64            `json:"malformed_lines"`
	Malformed      []logsMalformed  `json:"malformed"`
	Errors         []string         `json:"errors"`
	Start          *time.Time       `json:"start"`
	End            *time.Time       `json:"end"`
	WindowSeconds  int64            `json:"window_seconds"`
	Environments   []logsEnv        `json:"environments"`
	Routes         []logsRoute      `json:"routes"`
	Windows        []logsWindowJSON `json:"incident_windows"`
}

type logsInput struct {
	Name   string `json:"name"`
	Format string `json:"format"`
}

type logsMalformed struct {
	File string `json:"file"`
	Line int64  `json:"line"`
	Text string `json:"text"`
}

type logsCounts struct {
	Requests     int64   `json:"requests"`
	Unauthorized int64   `json:"unauthorized"`
	Forbidden    int64   `json:"forbidden"`
	Rate401      float64 `json:"rate_401"`
	Rate403      float64 `json:"rate_403"`
}

func countsJSON(c accesslog.Counts) logsCounts {
	return logsCounts{Requests: c.Requests, Unauthorized: c.Unauthorized, Forbidden: c.Forbidden, Rate401: c.Rate401(), Rate403: c.Rate403()}
}

type logsEnv struct {
	Env string `json:"environment"`
	logsCounts
	Routes int `json:"routes"`
}

type logsRoute struct {
	Env    string `json:"environment"`
	Method string `json:"method"`
	Route  string `json:"route"`
	logsCounts
	Window         logsCounts `json:"window"`
	PreviousWindow logsCounts `json:"previous_window"`
	// Unauthorized401 per column of the span, and the requests.
	Spark         []int64 `json:"unauthorized_over_time"`
	SparkRequests []int64 `json:"requests_over_time"`
}

type logsWindowJSON struct {
	Env      string    `json:"environment"`
	Method   string    `json:"method"`
	Route    string    `json:"route"`
	Code     int       `json:"code"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Requests int64     `json:"requests"`
	Errors   int64     `json:"errors"`
	Rate     float64   `json:"rate"`
	Baseline float64   `json:"baseline"`
}

func logsJSON(w io.Writer, v logsView) {
	res, rep := v.Result, v.Report
	doc := logsDoc{Schema: LogsSchema, Lines: res.Lines, Parsed: res.Parsed, MalformedLines: res.MalformedLines,
		Malformed: []logsMalformed{}, Errors: []string{}, WindowSeconds: rep.WindowLen,
		Environments: []logsEnv{}, Routes: []logsRoute{}, Windows: []logsWindowJSON{}}
	for i, in := range v.Inputs {
		f := ""
		if i < len(res.Formats) {
			f = string(res.Formats[i])
		}
		doc.Inputs = append(doc.Inputs, logsInput{Name: in.Name, Format: f})
	}
	for _, m := range res.Malformed {
		doc.Malformed = append(doc.Malformed, logsMalformed{File: m.File, Line: m.Line, Text: m.Text})
	}
	for _, e := range res.Errors {
		doc.Errors = append(doc.Errors, e.Error())
	}
	if rep.End > rep.Start {
		s, e := time.Unix(rep.Start, 0).UTC(), time.Unix(rep.End, 0).UTC()
		doc.Start, doc.End = &s, &e
	}
	for _, e := range rep.Envs {
		doc.Environments = append(doc.Environments, logsEnv{Env: e.Env, logsCounts: countsJSON(e.Counts), Routes: e.Routes})
	}
	for _, r := range rep.Rows {
		doc.Routes = append(doc.Routes, logsRoute{Env: r.Env, Method: r.Method, Route: r.Route, logsCounts: countsJSON(r.Total()),
			Window: countsJSON(r.Current), PreviousWindow: countsJSON(r.Previous), Spark: nonNil(r.Spark), SparkRequests: nonNil(r.SparkRequests)})
	}
	for _, win := range rep.Windows {
		doc.Windows = append(doc.Windows, logsWindowJSON{Env: win.Env, Method: win.Method, Route: win.Route, Code: win.Code,
			Start: time.Unix(win.Start, 0).UTC(), End: time.Unix(win.End, 0).UTC(), Requests: win.Requests, Errors: win.Errors, Rate: win.Rate(), Baseline: win.Baseline})
	}
	writeJSON(w, doc)
}

func nonNil(v []int64) []int64 {
	if v == nil {
		return []int64{}
	}
	return v
}

//go:embed logs.tmpl
var logsTemplate string

var logsPage = template.Must(template.New("logs").Parse(logsTemplate))

// heatRow is one route of the heat map: a cell per column, its shade
// from the column's 401 rate.
type heatRow struct {
	Env, Route string
	Requests   string
	Rate       string
	Cells      []heatCell
}

type heatCell struct {
	// Level is 0 (no 401) to 5 (half the requests or more).
	Level int
	Title string
}

// heatLevel shades a 401 rate: 0 none, then below 1%, 5%, 20%, 50%, and
// above.
func heatLevel(k, n int64) int {
	if n == 0 {
		return -1
	}
	r := float64(k) / float64(n)
	switch {
	case k == 0:
		return 0
	case r < 0.01:
		return 1
	case r < 0.05:
		return 2
	case r < 0.2:
		return 3
	case r < 0.5:
		return 4
	}
	return 5
}

// heatRows is how many routes the heat map shows: the most 401s first.
const heatRows = 40

func logsHTML(w io.Writer, v logsView) error {
	rep := v.Report
	var rows []heatRow
	cols := 0
	for _, r := range rep.Rows {
		if len(rows) == heatRows {
			break
		}
		hr := heatRow{Env: r.Env, Route: routeName(r.Method, r.Route), Requests: thousands(r.Requests), Rate: render.Percent(r.Total().Rate401())}
		cols = max(cols, len(r.Spark))
		for i := range r.Spark {
			lvl := heatLevel(r.Spark[i], r.SparkRequests[i])
			title := "no requests"
			if lvl >= 0 {
				title = fmt.Sprintf("%s of %s answered 401", thousands(r.Spark[i]), thousands(r.SparkRequests[i]))
			}
			hr.Cells = append(hr.Cells, heatCell{Level: lvl, Title: title})
		}
		rows = append(rows, hr)
	}
	type windowView struct {
		Env, Route, Code, From, To, Errors, Rate, Baseline string
	}
	var wins []windowView
	for _, win := range rep.Windows {
		wins = append(wins, windowView{Env: win.Env, Route: routeName(win.Method, win.Route), Code: strconv.Itoa(win.Code), From: utc(win.Start),
			To: time.Unix(win.End, 0).UTC().Format("15:04"), Errors: thousands(win.Errors) + " of " + thousands(win.Requests),
			Rate: render.Percent(win.Rate()), Baseline: render.Percent(win.Baseline)})
	}
	var malformed []string
	for _, m := range v.Result.Malformed {
		malformed = append(malformed, fmt.Sprintf("%s:%d: %s", m.File, m.Line, m.Text))
	}
	span := ""
	if rep.End > rep.Start {
		span = utc(rep.Start) + " → " + utc(rep.End) + " UTC"
	}
	data := struct {
		Headline, Source, Span, Footer string
		Cols                           int
		Rows                           []heatRow
		Windows                        []windowView
		MalformedCount                 int64
		Malformed                      []string
	}{logsHeadline(v), logsSource(v), span, "authdoctor " + Version, cols, rows, wins, v.Result.MalformedLines, malformed}
	return logsPage.Execute(w, data)
}
