package accesslog

import (
	"bytes"
	"time"
)

// timeCache parses log timestamps by hand, remembering the last one: a
// busy log repeats the same second on many lines in a row.
type timeCache struct {
	last    [40]byte
	lastLen int
	lastT   int64
}

// hit says whether b is the last timestamp parsed.
func (c *timeCache) hit(b []byte) bool {
	return c.lastLen == len(b) && c.lastLen > 0 && bytes.Equal(c.last[:c.lastLen], b)
}

func (c *timeCache) keep(b []byte, t int64) {
	if len(b) <= len(c.last) {
		c.lastLen = copy(c.last[:], b)
		c.lastT = t
	}
}

var months = map[string]time.Month{"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6,
	"Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}

// clf parses the Common Log Format's time, "10/Oct/2000:13:55:36 -0700",
// to Unix seconds.
func (c *timeCache) clf(b []byte) (int64, bool) {
	if c.hit(b) {
		return c.lastT, true
	}
	// dd/Mon/yyyy:hh:mm:ss ±hhmm
	if len(b) != 26 || b[2] != '/' || b[6] != '/' || b[11] != ':' || b[14] != ':' || b[17] != ':' || b[20] != ' ' {
		return 0, false
	}
	mon, ok := months[string(b[3:6])]
	if !ok {
		return 0, false
	}
	d, ok1 := digits(b[0:2])
	y, ok2 := digits(b[7:11])
	h, ok3 := digits(b[12:14])
	mi, ok4 := digits(b[15:17])
	s, ok5 := digits(b[18:20])
	zh, ok6 := digits(b[22:24])
	zm, ok7 := digits(b[24:26])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || (b[21] != '+' && b[21] != '-') {
		return 0, false
	}
	t := unix(y, mon, d, h, mi, s)
	off := int64(zh*3600 + zm*60)
	if b[21] == '+' {
		t -= off
	} else {
		t += off
	}
	c.keep(b, t)
	return t, true
}

// iso parses an ISO 8601 / RFC 3339 time, "2018-07-02T22:23:00.186641Z"
// or "2026-12-04T10:00:00+01:00", to Unix seconds (fractions dropped).
func (c *timeCache) iso(b []byte) (int64, bool) {
	if c.hit(b) {
		return c.lastT, true
	}
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != ' ') || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	y, ok1 := digits(b[0:4])
	mo, ok2 := digits(b[5:7])
	d, ok3 := digits(b[8:10])
	h, ok4 := digits(b[11:13])
	mi, ok5 := digits(b[14:16])
	s, ok6 := digits(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 {
		return 0, false
	}
	t := unix(y, time.Month(mo), d, h, mi, s)
	rest := b[19:]
	if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		rest = rest[i:]
	}
	switch {
	case len(rest) == 0 || (len(rest) == 1 && rest[0] == 'Z'):
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		zh, ok1 := digits(rest[1:3])
		zm, ok2 := digits(rest[4:6])
		if !ok1 || !ok2 {
			return 0, false
		}
		off := int64(zh*3600 + zm*60)
		if rest[0] == '+' {
			t -= off
		} else {
			t += off
		}
	default:
		return 0, false
	}
	c.keep(b, t)
	return t, true
}

// unix is the Unix time of a civil UTC time, without time.Date's
// normalisation work (days since the epoch by the civil-from-days
// algorithm).
func unix(y int, m time.Month, d, h, mi, s int) int64 {
	yy := int64(y)
	mm := int64(m)
	if mm <= 2 {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era--
	}
	yoe := yy - era*400
	mp := (mm + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	days := era*146097 + doe - 719468
	return days*86400 + int64(h*3600+mi*60+s)
}

// digits reads a run of decimal digits.
func digits(b []byte) (int, bool) {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, len(b) > 0
}
