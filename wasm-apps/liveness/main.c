// liveness: a stand-in for registry.k8s.io/liveness, the liveness-probe example: /healthz answers 200 for 10 seconds after start, then 500.
//
// The docs' http-liveness Pod runs it (`args: [/server]`) with an httpGet probe on /healthz,
// port 8080: the first probes pass, and from the eleventh second on the answer is
// `500` with `error: <seconds since start>`, so the kubelet restarts the container. Every
// other path redirects to http://kubernetes.io/ (302), as the real server does.
//
// Args: `/server` (ignored). Env: none.
#include "http_server.h"

static struct timespec started;

static void handle(struct http_request *req, struct http_response *res) {
  if (strcmp(req->path, "/healthz") == 0) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double seconds = (double)(now.tv_sec - started.tv_sec) + (now.tv_nsec - started.tv_nsec) / 1e9;
    if (seconds > 10) {
      res->status = 500;
      res->reason = "Internal Server Error";
      http_printf(&res->body, "error: %.10g", seconds);
    } else {
      http_puts(&res->body, "ok");
    }
  } else {
    res->status = 302;
    res->reason = "Found";
    http_header(res, "Location", "http://kubernetes.io/");
    http_puts(&res->body, "<a href=\"http://kubernetes.io/\">Found</a>.\n\n");
  }
  http_date_header(res);
  http_length_header(res);
  http_header(res, "Content-Type", "text/plain; charset=utf-8");
}

int main(void) {
  clock_gettime(CLOCK_MONOTONIC, &started);
  return http_serve("liveness", 8080, handle);
}
