// hello-app: a stand-in for gcr.io/google-samples/hello-app (and node-hello): "Hello, world!", its version and the pod's hostname on port 8080.
//
// hello-app answers every request with `Hello, world!\nVersion: 1.0.0\nHostname: <pod>\n`
// (2.0.0 for the 2.0 image) and logs `Server listening on port 8080` at start and
// `Serving request: <path>` per request, with Go's log timestamps. With `--node-hello` it is
// google-samples/node-hello instead: `Hello Kubernetes!` on every request.
//
// Args: `--version V` (the stand-in's CMD passes the image's tag), `--node-hello`.
// Env: PORT (default 8080), HOSTNAME.
#include "http_server.h"

static char version[32] = "1.0.0";
static int node_hello;

static void log_line(const char *format, const char *value) {
  char when[32];
  time_t now = time(NULL);
  strftime(when, sizeof when, "%Y/%m/%d %H:%M:%S", gmtime(&now));
  fprintf(stderr, "%s ", when);
  fprintf(stderr, format, value);
  fputc('\n', stderr);
}

static void handle(struct http_request *req, struct http_response *res) {
  if (node_hello) {
    printf("Received request for URL: %s\n", req->target);
    http_puts(&res->body, "Hello Kubernetes!");
  } else {
    log_line("Serving request: %s", req->path);
    http_printf(&res->body, "Hello, world!\nVersion: %s\nHostname: %s\n", version, http_hostname());
  }
  http_length_header(res);
  http_header(res, "Content-Type", "text/plain; charset=utf-8");
  http_date_header(res);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--version") == 0 && i + 1 < argc) {
      int major = 1, minor = 0;
      sscanf(argv[++i], "%d.%d", &major, &minor);
      snprintf(version, sizeof version, "%d.%d.0", major, minor);
    } else if (strcmp(argv[i], "--node-hello") == 0) {
      node_hello = 1;
    }
  }
  const char *env_port = getenv("PORT");
  int port = env_port && *env_port ? http_parse_port(env_port) : 8080;
  if (port < 0) port = 8080;
  if (!node_hello) {
    char text[16];
    snprintf(text, sizeof text, "%d", port);
    log_line("Server listening on port %s", text);
  }
  return http_serve(node_hello ? "node-hello" : "hello-app", port, handle);
}
