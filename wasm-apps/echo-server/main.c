// echo-server: a stand-in for kicbase/echo-server (and jmalloc/echo-server): answers every request on port 8080 with "Request served by <hostname>" and the request.
//
// The reply is text/plain: `Request served by <HOSTNAME>`, a blank line, the request line as
// Go prints it (`HTTP/1.1 GET /path?query`), a blank line, `Host: ...` and the other headers
// (`Name: value`, canonical names), then a blank line and the body when there is one.
// SEND_SERVER_HOSTNAME=false (or an `X-Send-Server-Hostname: false` header) leaves the first
// line out. Each request is logged as `<client> | GET /path`.
//
// Args: none. Env: PORT (default 8080), HOSTNAME, SEND_SERVER_HOSTNAME.
#include "http_server.h"

// Go's canonical header name: each dash-separated word capitalized.
static void canonical(const char *name, char *out, size_t cap) {
  size_t i = 0;
  int upper = 1;
  for (; name[i] && i + 1 < cap; i++) {
    char c = name[i];
    if (upper && c >= 'a' && c <= 'z') c = (char)(c - 32);
    else if (!upper && c >= 'A' && c <= 'Z') c = (char)(c + 32);
    out[i] = c;
    upper = c == '-';
  }
  out[i] = '\0';
}

static void handle(struct http_request *req, struct http_response *res) {
  printf("%s | %s %s\n", req->client, req->method, req->target);
  const char *send_host = getenv("SEND_SERVER_HOSTNAME");
  const char *header = http_req_header(req, "X-Send-Server-Hostname");
  if (header && *header) send_host = header;
  if (!send_host || strcasecmp(send_host, "false") != 0) {
    http_printf(&res->body, "Request served by %s\n\n", http_hostname());
  }
  http_printf(&res->body, "%s %s %s\n\n", req->version, req->method, req->target);
  const char *host = http_req_header(req, "Host");
  http_printf(&res->body, "Host: %s\n", host ? host : "");
  for (int i = 0; i < req->nheaders; i++) {
    if (strcasecmp(req->headers[i][0], "Host") == 0) continue;
    char name[256];
    canonical(req->headers[i][0], name, sizeof name);
    http_printf(&res->body, "%s: %s\n", name, req->headers[i][1]);
  }
  if (req->body_len > 0) {
    http_puts(&res->body, "\n");
    http_put(&res->body, req->body, req->body_len);
  }
  http_length_header(res);
  http_header(res, "Content-Type", "text/plain");
  http_date_header(res);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char *env_port = getenv("PORT");
  int port = env_port && *env_port ? http_parse_port(env_port) : 8080;
  if (port < 0) {
    fprintf(stderr, "invalid PORT '%s'\n", env_port);
    return 1;
  }
  printf("Echo server listening on port %d.\n", port);
  return http_serve("echo-server", port, handle);
}
