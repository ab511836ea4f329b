package diagnose

import (
	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// Passive is the analysis of an exchange authdoctor saw but did not
// send — the application's own request, as capture proxies it or the Go
// transport wraps it: the checks run on that one exchange (no baseline,
// no corrected copy), and the checklist says what could not be checked.
// who names the observer in those lines ("capture", "the transport");
// skipped says why no baseline was sent, for the verdict's evidence.
func Passive(ex authdoctor.Exchange, body string, opt check.Options, who, skipped string) authdoctor.Diagnosis {
	req := authdoctor.Request{Method: ex.Method, URL: ex.URL, Header: ex.RequestHeader, Body: authdoctor.NewSecret(body)}
	o := &authdoctor.Observation{
		Request: req,
		Now:     ex.Sent,
		Probes: []authdoctor.Probe{{
			Role:    authdoctor.RoleAuthenticated,
			Label:   "the application's own request, as " + who + " saw it",
			Request: req,
			Hops:    []authdoctor.Exchange{ex},
		}},
		Skipped: []string{skipped},
	}
	d := Analyse(o, opt)
	passiveChecklist(&d, who)
	return d
}

// passiveChecklist corrects the checklist items that assume authdoctor
// built and sent the request: it sent nothing, and it sees the credential
// on the wire, not where the application keeps it.
func passiveChecklist(d *authdoctor.Diagnosis, who string) {
	d.Checklist = append([]authdoctor.ChecklistItem(nil), d.Checklist...)
	for i := range d.Checklist {
		it := &d.Checklist[i]
		switch {
		case it.ID == ItemMinimal:
			it.Status = authdoctor.NotChecked
			it.Detail = who + " is passive: this is the application's own request; no baseline or corrected copy was sent"
		case it.ID == ItemStorage && it.Status == authdoctor.Pass:
			it.Status = authdoctor.NotChecked
			it.Detail = who + " sees the credential on the wire, not where the application keeps it"
		}
	}
}
