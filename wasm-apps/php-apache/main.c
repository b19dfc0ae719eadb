// php-apache: a stand-in for registry.k8s.io/hpa-example (php-apache): answers "OK!" on port 80 after a CPU-heavy loop, for HorizontalPodAutoscaler demos.
//
// The real image is PHP 5 under Apache whose index.php adds square roots a million times
// and prints `OK!`. This program runs the same loop, repeated so that one request costs
// about what it costs PHP (tens of milliseconds of CPU), before each answer: load makes the
// pod's CPU usage climb as it does on a real cluster. Every path answers the same (Apache
// serves index.php for all of them here). Requests are logged on stdout in Apache's combined
// format.
//
// Args: `apache2-foreground` (the image's CMD); `--rounds N` repeats the loop N times per
//       request (default 20). Env: HOSTNAME.
#include "http_server.h"

#include <math.h>

static long rounds = 20;
static volatile double sink;

// index.php: `$x = 0.0001; for ($i = 0; $i <= 1000000; $i++) { $x += sqrt($x); } echo "OK!";`
static void burn(void) {
  for (long r = 0; r < rounds; r++) {
    double x = 0.0001;
    for (long i = 0; i <= 1000000; i++) x += sqrt(x);
    sink = x;
  }
}

static void handle(struct http_request *req, struct http_response *res) {
  burn();
  http_puts(&res->body, "OK!");
  http_date_header(res);
  http_header(res, "Server", "Apache/2.4.10 (Debian)");
  http_header(res, "X-Powered-By", "PHP/5.6.40");
  http_length_header(res);
  http_header(res, "Content-Type", "text/html; charset=UTF-8");
  char when[40];
  time_t now = time(NULL);
  strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", gmtime(&now));
  const char *referer = http_req_header(req, "Referer");
  const char *agent = http_req_header(req, "User-Agent");
  printf("%s - - [%s] \"%s %s %s\" %d %zu \"%s\" \"%s\"\n", req->client, when, req->method,
         req->target, req->version, res->status, res->headers.len + 19 + res->body.len,
         referer ? referer : "-", agent ? agent : "-");
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = atol(argv[++i]);
  }
  char when[64];
  time_t now = time(NULL);
  strftime(when, sizeof when, "%a %b %d %H:%M:%S.000000 %Y", gmtime(&now));
  fprintf(stderr,
          "AH00558: apache2: Could not reliably determine the server's fully qualified domain "
          "name, using %s. Set the 'ServerName' directive globally to suppress this message\n",
          http_hostname());
  fprintf(stderr,
          "[%s] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.10 (Debian) PHP/5.6.40 "
          "configured -- resuming normal operations\n",
          when);
  fprintf(stderr, "[%s] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'\n",
          when);
  return http_serve("apache2", 80, handle);
}
