// Package realserver holds tests only: they prove authdoctor's verdicts
// against real servers rather than our own lab. Each test writes a complete
// standalone configuration for a real server program (the Debian packages)
// into a temporary directory, starts it on 127.0.0.1 on free ports, runs
// doctor.Run (and once the CLI) against it, asserts the cause, confidence
// and finding the engine names, and stops the server. The servers:
//
//   - nginx: auth_basic, limit_req, deny, proxy_pass that strips or drops
//     headers, a redirect to another host (nginx_test.go)
//   - Apache httpd: Basic auth, a CGI with and without CGIPassAuth
//     (apache_test.go)
//   - Caddy: basicauth with a bcrypt hash, remote_ip allow lists,
//     reverse_proxy with header_up -Authorization (caddy_test.go)
//   - Prometheus: --web.config.file basic_auth_users (prometheus_test.go)
//   - HAProxy: userlist and http-request auth, a stick-table rate limit
//     (429), ACL denies, a group check, del-header (haproxy_test.go)
//   - the distribution registry: token auth with RFC 6750 challenges and
//     JWTs it trusts by key (registry_test.go)
//   - Squid: a forward proxy with Basic proxy auth (407) and a blocked
//     destination (squid_test.go)
//   - Ory Hydra issuing JWT access tokens, with oauth2-proxy in front of a
//     backend and Hydra's /userinfo as the resources (hydra_test.go); both
//     are built from the Go module proxy by .ci/build-servers
//   - nginx, Apache and Caddy writing their access logs in their usual
//     formats, read back by monitor/accesslog (accesslog_test.go; its
//     -update-access-logs flag refreshes monitor/accesslog/testdata)
//
// The tests skip when a server's package is not installed, and fail instead
// when CI=true: CI installs them all (see .ci/run).
package realserver
