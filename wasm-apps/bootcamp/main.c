// bootcamp: a stand-in for gcr.io/google-samples/kubernetes-bootcamp, the Kubernetes Basics tutorial's app: "Hello Kubernetes bootcamp! | Running on: <pod> | v=1" on port 8080.
//
// Every request gets that line (`v=2` for the v2 image), and the app logs it as the tutorial
// shows: `Kubernetes Bootcamp App Started At: <time> | Running On:  <pod>` at start, then
// `Running On: <pod> | Total Requests: <n> | App Uptime: <s> seconds | Log Time: <time>` per
// request.
//
// Args: `--version N` (the stand-in's CMD passes 1 or 2 from the image's tag). Env: HOSTNAME.
#include "http_server.h"

static int version = 1;
static long requests;
static struct timespec started;

static void iso_time(char *out, size_t cap) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  char base[32];
  strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", gmtime(&now.tv_sec));
  snprintf(out, cap, "%s.%03ldZ", base, now.tv_nsec / 1000000);
}

static void handle(struct http_request *req, struct http_response *res) {
  (void)req;
  requests++;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  double uptime = (double)(now.tv_sec - started.tv_sec) + (now.tv_nsec - started.tv_nsec) / 1e9;
  char when[40];
  iso_time(when, sizeof when);
  printf("Running On: %s | Total Requests: %ld | App Uptime: %.3f seconds | Log Time: %s\n",
         http_hostname(), requests, uptime, when);
  http_printf(&res->body, "Hello Kubernetes bootcamp! | Running on: %s | v=%d\n", http_hostname(),
              version);
  http_header(res, "Content-Type", "text/plain");
  http_date_header(res);
  http_header(res, "Connection", "keep-alive");
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--version") == 0 && i + 1 < argc) version = atoi(argv[++i]);
  }
  clock_gettime(CLOCK_REALTIME, &started);
  char when[40];
  iso_time(when, sizeof when);
  printf("Kubernetes Bootcamp App Started At: %s | Running On:  %s \n\n", when, http_hostname());
  return http_serve("kubernetes-bootcamp", 8080, handle);
}
