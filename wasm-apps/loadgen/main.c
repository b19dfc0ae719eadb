// loadgen: sends HTTP GETs at a steady rate and reports, each second, throughput, latency and which pods answered.
//
// loadgen [--rps N] [--duration D] [--concurrency C] [--timeout D] URL
// Sends GET URL at N requests per second (default 10; 0 = as fast as the connections allow),
// with at most C requests in flight (default 1), each on its own connection (so a Service
// spreads them over its endpoints), until the duration (`30s`, `500ms`, `2m`; default: run
// until stopped). Once a second it prints
//   t=3s sent=30 ok=30 errors=0 rps=10.0 p50=2.0ms p99=4.1ms
// (counts so far; rate and latency percentiles over that second), then the pods that
// answered in that second, read from the `Hostname:` line of http-echo's replies
// (`  by pod: web-1=4 web-2=3 web-3=3`), and what went wrong, if anything. A 2xx or 3xx is
// ok; anything else, a refused connection or a timeout (--timeout, default 10s) is an error.
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "playground_net.h"

#define MAX_CONCURRENCY 256
#define MAX_KEEP 65536
#define MAX_NAMES 64
// Whole-run latencies are kept as a histogram of 0.1 ms steps up to 10 s (the last step holds
// everything slower).
#define HISTOGRAM_STEPS 100000
#define STEPS_PER_MS 10

static const char usage[] =
    "Usage: loadgen [--rps N] [--duration D] [--concurrency C] [--timeout D] URL\n"
    "\n"
    "Sends HTTP GETs to URL at a steady rate, one connection each, and prints once a second:\n"
    "  t=3s sent=30 ok=30 errors=0 rps=10.0 p50=2.0ms p99=4.1ms\n"
    "  by pod: web-1=4 web-2=3 web-3=3\n"
    "(pods read from the Hostname: line that http-echo answers with).\n"
    "\n"
    "  --rps N          requests per second (default 10; 0 = as fast as possible)\n"
    "  --duration D     stop after D (30s, 500ms, 2m; default: run until stopped)\n"
    "  --concurrency C  requests in flight at most (default 1)\n"
    "  --timeout D      give up on a request after D (default 10s)\n"
    "  -h               show this help\n";

struct request {
  int fd;
  double started;
  char *buf;
  size_t len, cap;
};

// A count per name (a pod, or a kind of error), in first-seen order.
struct tally {
  char names[MAX_NAMES][64];
  long counts[MAX_NAMES];
  int n;
};

static struct request inflight[MAX_CONCURRENCY];
static int ninflight;

static long sent, ok_total, errors_total;
static long interval_done;
static double *latencies;
static size_t nlatencies, latencies_cap;
static long histogram[HISTOGRAM_STEPS + 1];
static struct tally pods_interval, pods_total, errors_interval;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

static void count(struct tally *t, const char *name, size_t len) {
  if (len >= sizeof t->names[0]) len = sizeof t->names[0] - 1;
  for (int i = 0; i < t->n; i++) {
    if (strlen(t->names[i]) == len && memcmp(t->names[i], name, len) == 0) {
      t->counts[i]++;
      return;
    }
  }
  // Past MAX_NAMES distinct names, the rest are counted together in the last one.
  if (t->n == MAX_NAMES) {
    strcpy(t->names[MAX_NAMES - 1], "(others)");
    t->counts[MAX_NAMES - 1]++;
    return;
  }
  memcpy(t->names[t->n], name, len);
  t->names[t->n][len] = '\0';
  t->counts[t->n++] = 1;
}

static int by_name(const void *a, const void *b) { return strcmp(a, b); }

static void print_tally(const char *label, struct tally *t) {
  if (t->n == 0) return;
  // Sort the names (and their counts with them) so replicas line up from second to second.
  int order[MAX_NAMES];
  for (int i = 0; i < t->n; i++) order[i] = i;
  for (int i = 1; i < t->n; i++) {
    for (int k = i; k > 0 && by_name(t->names[order[k - 1]], t->names[order[k]]) > 0; k--) {
      int swap = order[k];
      order[k] = order[k - 1];
      order[k - 1] = swap;
    }
  }
  printf("  %s:", label);
  for (int i = 0; i < t->n; i++) {
    printf("%s %s=%ld", i && strcmp(label, "errors") == 0 ? "," : "", t->names[order[i]],
           t->counts[order[i]]);
  }
  putchar('\n');
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void format_ms(char *out, size_t cap, double ms) {
  if (ms < 10) snprintf(out, cap, "%.1fms", ms);
  else snprintf(out, cap, "%.0fms", ms);
}

// The nearest-rank percentile of the sorted latencies.
static double percentile(const double *sorted, size_t n, double p) {
  size_t rank = (size_t)ceil(p * (double)n);
  return sorted[rank ? rank - 1 : 0];
}

static void report(long second, double interval_ms) {
  char p50[32] = "-", p99[32] = "-";
  if (nlatencies) {
    qsort(latencies, nlatencies, sizeof *latencies, compare_double);
    format_ms(p50, sizeof p50, percentile(latencies, nlatencies, 0.50));
    format_ms(p99, sizeof p99, percentile(latencies, nlatencies, 0.99));
  }
  printf("t=%lds sent=%ld ok=%ld errors=%ld rps=%.1f p50=%s p99=%s\n", second, sent, ok_total,
         errors_total, interval_ms > 0 ? (double)interval_done * 1000 / interval_ms : 0.0, p50,
         p99);
  print_tally("by pod", &pods_interval);
  print_tally("errors", &errors_interval);
  memset(&pods_interval, 0, sizeof pods_interval);
  memset(&errors_interval, 0, sizeof errors_interval);
  nlatencies = 0;
  interval_done = 0;
}

static double histogram_percentile(long total, double p) {
  long rank = (long)ceil(p * (double)total), seen = 0;
  for (int step = 0; step <= HISTOGRAM_STEPS; step++) {
    seen += histogram[step];
    if (seen >= rank && seen > 0) return (double)step / STEPS_PER_MS;
  }
  return (double)HISTOGRAM_STEPS / STEPS_PER_MS;
}

static void fail(const char *why) {
  errors_total++;
  interval_done++;
  count(&errors_interval, why, strlen(why));
}

static void finish(struct request *r, double now) {
  r->buf = r->buf ? r->buf : calloc(1, 1);
  r->buf[r->len] = '\0';
  char *end = strstr(r->buf, "\r\n\r\n");
  int status = 0;
  if (!end || sscanf(r->buf, "HTTP/%*s %d", &status) != 1) {
    fail("incomplete response");
    return;
  }
  if (status < 200 || status >= 400) {
    char why[64];
    char *eol = strstr(r->buf, "\r\n");
    snprintf(why, sizeof why, "%.*s", (int)(eol - r->buf), r->buf);
    // "HTTP/1.1 503 Service Unavailable" is counted as "HTTP 503 Service Unavailable".
    char *space = strchr(why, ' ');
    char label[64];
    snprintf(label, sizeof label, "HTTP%s", space ? space : "");
    fail(label);
    return;
  }
  ok_total++;
  interval_done++;
  double latency = now - r->started;
  if (nlatencies == latencies_cap) {
    latencies_cap = latencies_cap ? latencies_cap * 2 : 256;
    latencies = realloc(latencies, latencies_cap * sizeof *latencies);
  }
  latencies[nlatencies++] = latency;
  double step = latency * STEPS_PER_MS;
  histogram[step < HISTOGRAM_STEPS ? (int)step : HISTOGRAM_STEPS]++;
  const char *body = end + 4;
  const char *line = strncmp(body, "Hostname: ", 10) == 0 ? body : strstr(body, "\nHostname: ");
  if (line) {
    line += *line == '\n' ? 11 : 10;
    size_t n = strcspn(line, "\r\n");
    count(&pods_interval, line, n);
    count(&pods_total, line, n);
  }
}

static void release(int i) {
  close(inflight[i].fd);
  free(inflight[i].buf);
  inflight[i] = inflight[--ninflight];
}

// Whether the response is complete by its Content-Length (else it ends with the connection).
static int complete(const struct request *r) {
  if (!r->buf) return 0;
  char *end = strstr(r->buf, "\r\n\r\n");
  if (!end) return 0;
  for (char *p = strstr(r->buf, "\r\n"); p && p < end; p = strstr(p + 2, "\r\n")) {
    if (strncasecmp(p + 2, "content-length:", 15) == 0) {
      size_t length = strtoul(p + 17, NULL, 10);
      return r->len >= (size_t)(end + 4 - r->buf) + length;
    }
  }
  return 0;
}

static const char *host, *path, *host_header;
static int port;

static void start_request(double now) {
  sent++;
  int fd = net_connect(host, port);
  if (fd < 0) {
    fail(strerror(errno));
    return;
  }
  char request[2048];
  int n = snprintf(request, sizeof request,
                   "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: loadgen\r\nAccept: */*\r\n"
                   "Connection: close\r\n\r\n",
                   path, host_header);
  if (send(fd, request, (size_t)n, 0) < 0) {
    fail(strerror(errno));
    close(fd);
    return;
  }
  inflight[ninflight++] = (struct request){.fd = fd, .started = now};
}

// On readable: reads what came; finishes the request at its end. Returns 1 when it is done.
static int on_readable(struct request *r, double now) {
  if (r->cap - r->len < 4096 && r->cap < MAX_KEEP) {
    r->cap = r->cap ? r->cap * 2 : 8192;
    r->buf = realloc(r->buf, r->cap);
  }
  char discard[4096];
  int keep = r->cap - r->len > 1;
  char *into = keep ? r->buf + r->len : discard;
  size_t room = keep ? r->cap - r->len - 1 : sizeof discard;
  ssize_t n = recv(r->fd, into, room, 0);
  if (n < 0) {
    if (errno == EINTR || errno == EAGAIN) return 0;
    fail(strerror(errno));
    return 1;
  }
  if (keep) {
    r->len += (size_t)n;
    r->buf[r->len] = '\0';
  }
  if (n == 0 || complete(r)) {
    finish(r, now);
    return 1;
  }
  return 0;
}

// Parses `500ms`, `30s`, `2m`, `1h` or plain seconds into milliseconds; -1 when invalid.
static double parse_duration(const char *s) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || v < 0) return -1;
  if (strcmp(end, "ms") == 0) return v;
  if (*end == '\0' || strcmp(end, "s") == 0) return v * 1000;
  if (strcmp(end, "m") == 0) return v * 60000;
  if (strcmp(end, "h") == 0) return v * 3600000;
  return -1;
}

static int parse_url(char *url) {
  if (strncmp(url, "https://", 8) == 0) {
    fprintf(stderr, "loadgen: https is not supported: %s\n", url);
    return -1;
  }
  if (strncmp(url, "http://", 7) == 0) url += 7;
  char *slash = strchr(url, '/');
  path = slash ? strdup(slash) : "/";
  if (slash) *slash = '\0';
  host_header = strdup(url);
  char *colon = strrchr(url, ':');
  port = 80;
  if (colon) {
    *colon = '\0';
    char *end;
    long v = strtol(colon + 1, &end, 10);
    if (*end || v < 1 || v > 65535) {
      fprintf(stderr, "loadgen: bad port in URL: %s\n", colon + 1);
      return -1;
    }
    port = (int)v;
  }
  host = url;
  if (!*host) {
    fprintf(stderr, "loadgen: no host in URL\n");
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  double rps = 10, duration = 0, timeout = 10000;
  int concurrency = 1;
  char *url = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      return 0;
    } else if (strcmp(a, "--rps") == 0 && value) {
      char *end;
      rps = strtod(value, &end);
      if (*end || rps < 0) {
        fprintf(stderr, "loadgen: invalid --rps '%s'\n", value);
        return 2;
      }
      i++;
    } else if (strcmp(a, "--duration") == 0 && value) {
      duration = parse_duration(value);
      if (duration < 0) {
        fprintf(stderr, "loadgen: invalid --duration '%s'\n", value);
        return 2;
      }
      i++;
    } else if (strcmp(a, "--timeout") == 0 && value) {
      timeout = parse_duration(value);
      if (timeout <= 0) {
        fprintf(stderr, "loadgen: invalid --timeout '%s'\n", value);
        return 2;
      }
      i++;
    } else if ((strcmp(a, "--concurrency") == 0 || strcmp(a, "-c") == 0) && value) {
      concurrency = atoi(value);
      if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        fprintf(stderr, "loadgen: --concurrency must be 1 to %d\n", MAX_CONCURRENCY);
        return 2;
      }
      i++;
    } else if (a[0] != '-' && !url) {
      url = argv[i];
    } else {
      fprintf(stderr, "loadgen: unexpected argument '%s'\n%s", a, usage);
      return 2;
    }
  }
  if (!url) {
    fputs(usage, stderr);
    return 2;
  }
  char *url_copy = strdup(url);
  if (parse_url(url_copy) < 0) return 2;

  char rate[64], limit[64];
  if (rps > 0) snprintf(rate, sizeof rate, "%g requests/s", rps);
  else snprintf(rate, sizeof rate, "full speed");
  if (duration > 0) snprintf(limit, sizeof limit, "for %gs", duration / 1000);
  else snprintf(limit, sizeof limit, "until stopped");
  printf("loadgen: GET http://%s%s at %s, concurrency %d, %s\n", host_header, path, rate,
         concurrency, limit);

  double start = now_ms(), next_send = start, next_report = start + 1000, last_report = start;
  double gap = rps > 0 ? 1000 / rps : 0;
  long second = 0;
  for (;;) {
    double now = now_ms();
    int sending = duration <= 0 || now < start + duration;
    // Requests past their time are errors.
    for (int i = ninflight - 1; i >= 0; i--) {
      if (now - inflight[i].started >= timeout) {
        fail("timeout");
        release(i);
      }
    }
    if (now >= next_report) {
      report(++second, now - last_report);
      last_report = now;
      next_report += 1000;
    }
    if (!sending && ninflight == 0) break;
    while (sending && ninflight < concurrency && now >= next_send) {
      start_request(now);
      // A send that came late (a busy moment) is made up for, but not one more than a second
      // behind: a rate that cannot be kept (too few connections) does not end in a burst.
      next_send = gap > 0 ? (next_send + gap < now - 1000 ? now : next_send + gap) : now;
      now = now_ms();
    }

    double wake = next_report;
    if (sending && ninflight < concurrency && next_send < wake) wake = next_send;
    if (duration > 0 && sending && start + duration < wake) wake = start + duration;
    for (int i = 0; i < ninflight; i++) {
      if (inflight[i].started + timeout < wake) wake = inflight[i].started + timeout;
    }
    struct pollfd fds[MAX_CONCURRENCY];
    for (int i = 0; i < ninflight; i++) fds[i] = (struct pollfd){inflight[i].fd, POLLIN, 0};
    double wait = wake - now_ms();
    // Rounded up, so that waking up finds the time reached instead of polling again at once.
    int wait_ms = wait <= 0 ? 0 : (int)ceil(wait);
    int ready = ninflight ? poll(fds, (nfds_t)ninflight, wait_ms) : 0;
    if (!ninflight && wait_ms > 0) {
      struct timespec ts = {wait_ms / 1000, (long)(wait_ms % 1000) * 1000000};
      nanosleep(&ts, NULL);
    }
    if (ready < 0 && errno != EINTR) {
      fprintf(stderr, "loadgen: poll: %s\n", strerror(errno));
      return 1;
    }
    double after = now_ms();
    for (int i = ninflight - 1; ready > 0 && i >= 0; i--) {
      if (fds[i].revents && on_readable(&inflight[i], after)) release(i);
    }
  }

  double elapsed = now_ms() - start;
  long done = ok_total;
  printf("total: sent=%ld ok=%ld errors=%ld in %.1fs, rps=%.1f", sent, ok_total, errors_total,
         elapsed / 1000, elapsed > 0 ? (double)(ok_total + errors_total) * 1000 / elapsed : 0.0);
  if (done) {
    char p50[32], p99[32];
    format_ms(p50, sizeof p50, histogram_percentile(done, 0.50));
    format_ms(p99, sizeof p99, histogram_percentile(done, 0.99));
    printf(" p50=%s p99=%s", p50, p99);
  }
  putchar('\n');
  print_tally("by pod", &pods_total);
  return 0;
}
