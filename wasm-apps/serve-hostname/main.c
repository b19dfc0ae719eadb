// serve-hostname: a stand-in for registry.k8s.io/serve_hostname, the Debug Services tutorial's app: answers every HTTP request on port 9376 with the pod's hostname.
//
// The reply is the hostname alone, without a newline, as the real server writes it; each
// request is logged as `HTTP request from <client>` after `Serving on port 9376.` at start,
// with Go's log timestamps on stderr. Args: `-port N` (default 9376); `-http`, `-tcp`, `-udp`
// are accepted (only HTTP is served). Env: HOSTNAME.
#include "http_server.h"

static void log_line(const char *format, const char *value) {
  char when[32];
  time_t now = time(NULL);
  strftime(when, sizeof when, "%Y/%m/%d %H:%M:%S", gmtime(&now));
  fprintf(stderr, "%s ", when);
  fprintf(stderr, format, value);
  fputc('\n', stderr);
}

static void handle(struct http_request *req, struct http_response *res) {
  log_line("HTTP request from %s", req->client);
  http_puts(&res->body, http_hostname());
  http_length_header(res);
  http_header(res, "Content-Type", "text/plain; charset=utf-8");
  http_date_header(res);
}

int main(int argc, char **argv) {
  int port = 9376;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i] + (strncmp(argv[i], "--", 2) == 0);
    if (strncmp(a, "-port=", 6) == 0) port = http_parse_port(a + 6);
    else if (strcmp(a, "-port") == 0 && i + 1 < argc) port = http_parse_port(argv[++i]);
  }
  if (port < 0) {
    fprintf(stderr, "invalid value for flag -port\n");
    return 2;
  }
  char text[16];
  snprintf(text, sizeof text, "%d", port);
  log_line("Serving on port %s.", text);
  return http_serve("serve_hostname", port, handle);
}
