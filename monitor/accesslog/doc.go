// Package accesslog turns the access logs people already have into the
// 401 and 403 rates of each endpoint in each environment.
//
// A Parser reads one line of a known format (nginx and Apache combined,
// vhost_combined and common, JSON lines such as nginx's escape=json,
// Caddy's and Traefik's, AWS load balancer logs, Traefik's common log)
// into an Entry whose fields point into the line: nothing is allocated
// per line. A Router turns the path into a route template — ids, UUIDs,
// hex digests and long opaque segments become {id}, or the path is matched
// to OpenAPI templates or the user's own patterns — and an Environments
// names the environment of a host. A Counter adds entries up per
// environment, method and route, in time buckets; Read runs Parsers over
// chunks of a file on every core and merges their Counters.
//
// The query string never reaches a Counter: it may hold api_key=.
package accesslog
