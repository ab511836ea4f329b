# routes.awk: requests, 401s and 403s per environment and route of a
# vhost_combined access log, the way monitor/accesslog counts them, in
# plain awk (written for mawk; runs on any POSIX awk). The reference that
# scripts/bench-logs.sh compares authdoctor's counts with, and the awk
# side of its timing.
#
#   mawk -f routes.awk access.log | sort
#
# Output: environment TAB route TAB requests TAB 401s TAB 403s.
# Fields (default FS): $1 vhost:port, $8 request target, $10 status.
# Route: the query and fragment dropped, every id-like segment made {id}
# (accesslog.IsID's rules); environment: accesslog.Heuristic's words in
# the host's labels. No interval expressions ({n}): mawk 1.3.4 needs a
# flag for them.

function isid(s,    n, t, rest, p, d) {
	n = length(s)
	if (n == 0 || s ~ /[^0-9A-Za-z_-]/) return 0
	if (s ~ /^[0-9]+$/) return 1
	if (n == 32 && s ~ /^[0-9a-fA-F]+$/) return 1
	if (n == 36 && substr(s, 9, 1) == "-" && substr(s, 14, 1) == "-" && substr(s, 19, 1) == "-" && substr(s, 24, 1) == "-") {
		t = substr(s, 1, 8) substr(s, 10, 4) substr(s, 15, 4) substr(s, 20, 4) substr(s, 25)
		if (t ~ /^[0-9a-fA-F]+$/) return 1
	}
	if (n >= 16 && s ~ /^[0-9a-fA-F]+$/ && s ~ /[0-9]/) return 1
	if (n >= 20 && s ~ /[0-9]/ && s ~ /[A-Za-z]/) return 1
	# prefix_id: a prefix of 1 to 7 characters, then 8 or more letters
	# and digits with at least two digits.
	if (match(s, /[_-]/) && RSTART >= 2 && RSTART <= 8) {
		rest = substr(s, RSTART + 1)
		if (rest ~ /[^0-9A-Za-z]/) return 0
		d = rest
		gsub(/[^0-9]/, "", d)
		return length(rest) >= 8 && length(d) >= 2
	}
	return 0
}

function route(p,    n, seg, i, out) {
	sub(/[?#].*/, "", p)
	if (p == "") return "/"
	n = split(p, seg, "/")
	out = isid(seg[1]) ? "{id}" : seg[1]
	for (i = 2; i <= n; i++)
		out = out "/" (isid(seg[i]) ? "{id}" : seg[i])
	return out
}

function env(h,    n, lab, i, m, part, j, w) {
	if (h in envs) return envs[h]
	w = tolower(h)
	sub(/:[0-9]+$/, "", w)
	n = split(w, lab, ".")
	if (n > 1) n--
	for (i = 1; i <= n; i++) {
		m = split(lab[i], part, "-")
		for (j = 1; j <= m; j++)
			if (part[j] in words) return envs[h] = words[part[j]]
	}
	return envs[h] = "production"
}

BEGIN {
	OFS = "\t"
	split("sandbox sandbox staging staging stage staging stg staging test test testing test qa test uat test dev development development development localhost development", w, " ")
	for (i = 1; i < 22; i += 2) words[w[i]] = w[i + 1]
}

{
	k = env($1) "\t" route($8)
	req[k]++
	if ($10 == 401) u[k]++
	else if ($10 == 403) f[k]++
}

END {
	for (k in req) print k, req[k], u[k] + 0, f[k] + 0
}
