// http-echo: an HTTP/1.1 server that answers every request with the pod's name and the request it got.
//
// Listens on $PORT (default 8080) or --port N. Every request gets 200 text/plain describing
// the pod that answered (HOSTNAME; NODE_NAME, POD_NAME, POD_NAMESPACE and POD_IP when the
// downward API sets them), the client, the request line, headers and body: behind a Service
// with several replicas, the `Hostname:` line shows which one answered. GET /healthz answers
// `ok`. Keep-alive (HTTP/1.1's default, or HTTP/1.0 with `Connection: keep-alive`),
// `Connection: close`, HEAD and pipelined requests work, and many clients are served at once
// with poll(). Each request is logged on stdout unless -q.
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "playground_net.h"

#define MAX_CLIENTS 256
#define MAX_HEAD 16384
#define MAX_BODY (1024 * 1024)

static const char usage[] =
    "Usage: http-echo [--port N] [-q]\n"
    "\n"
    "An HTTP/1.1 echo server: every request is answered with 200 text/plain naming the pod\n"
    "that answered (Hostname: ...), its downward-API env, the client, and the request line,\n"
    "headers and body. GET /healthz answers ok.\n"
    "\n"
    "  --port N   listen on port N (default: $PORT, else 8080)\n"
    "  -q         do not log each request\n"
    "  -h         show this help\n"
    "\n"
    "Env: PORT, HOSTNAME, NODE_NAME, POD_NAME, POD_NAMESPACE, POD_IP.\n";

struct client {
  int fd;
  char *buf;
  size_t len, cap;
  int ended;  // the client sent EOF: answer what is complete, then close
};

static struct client clients[MAX_CLIENTS];
static int nclients;
static int quiet;

// A listening socket on `port`: the preopened one the runtime declares in LISTEN_FDS /
// LISTEN_FDS_START / LISTEN_PORTS when there is one for that port, else net_listen().
static int open_listener(int port) {
  const char *count = getenv("LISTEN_FDS");
  if (count && atoi(count) > 0) {
    const char *start = getenv("LISTEN_FDS_START");
    int first = start ? atoi(start) : 3;
    const char *ports = getenv("LISTEN_PORTS");
    if (!ports) return first;
    for (int i = 0; i < atoi(count) && *ports; i++) {
      if (atoi(ports) == port) return first + i;
      ports = strchr(ports, ',');
      if (!ports) break;
      ports++;
    }
  }
  return net_listen(port);
}

static int send_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = send(fd, data, len, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

// A growable text buffer for building responses.
struct text {
  char *p;
  size_t len, cap;
};

static void put(struct text *t, const char *s, size_t n) {
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 1024;
    while (t->len + n + 1 > cap) cap *= 2;
    char *p = realloc(t->p, cap);
    if (!p) {
      fprintf(stderr, "http-echo: out of memory\n");
      exit(1);
    }
    t->p = p;
    t->cap = cap;
  }
  memcpy(t->p + t->len, s, n);
  t->len += n;
  t->p[t->len] = '\0';
}

static void puts_text(struct text *t, const char *s) { put(t, s, strlen(s)); }

__attribute__((format(printf, 2, 3))) static void printf_text(struct text *t, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    put(t, small, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) return;
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  put(t, big, (size_t)n);
  free(big);
}

// One parsed request; the pointers are into the client's buffer (NUL-terminated in place).
struct request {
  char *method, *target, *version;
  char *headers[100][2];
  int nheaders;
  const char *body;
  size_t body_len;
  size_t total;  // bytes of the buffer the request used
};

static const char *header(const struct request *r, const char *name) {
  for (int i = 0; i < r->nheaders; i++) {
    if (strcasecmp(r->headers[i][0], name) == 0) return r->headers[i][1];
  }
  return NULL;
}

// Whether a comma-separated header value holds `token` (case-insensitively).
static int has_token(const char *value, const char *token) {
  size_t n = strlen(token);
  for (const char *p = value; p && *p;) {
    while (*p == ' ' || *p == '\t' || *p == ',') p++;
    if (strncasecmp(p, token, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' ')) return 1;
    p = strchr(p, ',');
  }
  return 0;
}

static char *find_head_end(char *buf, size_t len) {
  for (size_t i = 0; i + 3 < len; i++) {
    if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n')
      return buf + i;
  }
  return NULL;
}

enum parse { PARSE_MORE, PARSE_OK, PARSE_BAD, PARSE_TOO_LARGE, PARSE_BODY_TOO_LARGE, PARSE_UNSUPPORTED };

// Parses the request at the start of buf. PARSE_MORE when it is not complete yet.
static enum parse parse_request(char *buf, size_t len, struct request *r) {
  char *end = find_head_end(buf, len);
  if (!end) return len > MAX_HEAD ? PARSE_TOO_LARGE : PARSE_MORE;
  size_t head_len = (size_t)(end - buf) + 4;
  size_t body_len = 0;
  // Look at the headers before changing the buffer, so an incomplete body can be retried.
  for (char *p = buf; p < end; p++) {
    if ((p == buf || p[-1] == '\n') && strncasecmp(p, "content-length:", 15) == 0) {
      char *digits = p + 15;
      while (*digits == ' ' || *digits == '\t') digits++;
      if (*digits < '0' || *digits > '9') return PARSE_BAD;
      unsigned long long v = strtoull(digits, NULL, 10);
      if (v > MAX_BODY) return PARSE_BODY_TOO_LARGE;
      body_len = (size_t)v;
    }
    if ((p == buf || p[-1] == '\n') && strncasecmp(p, "transfer-encoding:", 18) == 0)
      return PARSE_UNSUPPORTED;
  }
  if (len < head_len + body_len) return PARSE_MORE;

  memset(r, 0, sizeof *r);
  *end = '\0';
  char *line = buf, *next;
  next = strstr(line, "\r\n");
  if (next) *next = '\0';
  r->method = line;
  char *sp1 = strchr(line, ' ');
  if (!sp1) return PARSE_BAD;
  *sp1 = '\0';
  r->target = sp1 + 1;
  char *sp2 = strchr(r->target, ' ');
  if (!sp2) return PARSE_BAD;
  *sp2 = '\0';
  r->version = sp2 + 1;
  if (strncmp(r->version, "HTTP/1.", 7) != 0 || !*r->method || !*r->target) return PARSE_BAD;
  while (next) {
    line = next + 2;
    next = strstr(line, "\r\n");
    if (next) *next = '\0';
    if (!*line) continue;
    char *colon = strchr(line, ':');
    if (!colon || colon == line) return PARSE_BAD;
    *colon = '\0';
    char *value = colon + 1;
    while (*value == ' ' || *value == '\t') value++;
    char *tail = value + strlen(value);
    while (tail > value && (tail[-1] == ' ' || tail[-1] == '\t')) *--tail = '\0';
    if (r->nheaders < (int)(sizeof r->headers / sizeof r->headers[0])) {
      r->headers[r->nheaders][0] = line;
      r->headers[r->nheaders][1] = value;
      r->nheaders++;
    }
  }
  r->body = buf + head_len;
  r->body_len = body_len;
  r->total = head_len + body_len;
  return PARSE_OK;
}

static void http_date(char *out, size_t cap) {
  time_t now = time(NULL);
  strftime(out, cap, "%a, %d %b %Y %H:%M:%S GMT", gmtime(&now));
}

static void env_line(struct text *t, const char *label, const char *name, int *any) {
  const char *value = getenv(name);
  if (value && *value) {
    printf_text(t, "\t%s:\t%s\n", label, value);
    *any = 1;
  }
}

// The body of an echo: who answered, and what it was asked.
static void describe(struct text *t, const struct request *r) {
  const char *host = getenv("HOSTNAME");
  printf_text(t, "Hostname: %s\n\n", host && *host ? host : "localhost");
  puts_text(t, "Pod Information:\n");
  int any = 0;
  env_line(t, "node name", "NODE_NAME", &any);
  env_line(t, "pod name", "POD_NAME", &any);
  env_line(t, "pod namespace", "POD_NAMESPACE", &any);
  env_line(t, "pod IP", "POD_IP", &any);
  if (!any) puts_text(t, "\t-no pod information available-\n");

  char *query = strchr(r->target, '?');
  size_t path_len = query ? (size_t)(query - r->target) : strlen(r->target);
  const char *forwarded = header(r, "X-Forwarded-For");
  const char *host_header = header(r, "Host");
  puts_text(t, "\nRequest Information:\n");
  // WASI preview1's accept() does not say who connected, so the address is only known when
  // a proxy in front of the server forwards it.
  printf_text(t, "\tclient_address=%s\n", forwarded ? forwarded : "unknown");
  printf_text(t, "\tmethod=%s\n", r->method);
  printf_text(t, "\treal path=%.*s\n", (int)path_len, r->target);
  printf_text(t, "\tquery=%s\n", query ? query + 1 : "");
  printf_text(t, "\trequest_version=%s\n", r->version + 5);
  if (host_header) printf_text(t, "\trequest_uri=http://%s%s\n", host_header, r->target);
  else printf_text(t, "\trequest_uri=%s\n", r->target);
  printf_text(t, "\trequest=%s %s %s\n", r->method, r->target, r->version);

  puts_text(t, "\nRequest Headers:\n");
  for (int i = 0; i < r->nheaders; i++) {
    char name[128];
    size_t n = strlen(r->headers[i][0]);
    if (n >= sizeof name) n = sizeof name - 1;
    for (size_t k = 0; k < n; k++) {
      char c = r->headers[i][0][k];
      name[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    name[n] = '\0';
    printf_text(t, "\t%s=%s\n", name, r->headers[i][1]);
  }

  puts_text(t, "\nRequest Body:\n");
  if (r->body_len == 0) {
    puts_text(t, "\t-no body in request-\n");
  } else {
    put(t, r->body, r->body_len);
    if (r->body[r->body_len - 1] != '\n') puts_text(t, "\n");
  }
}

static int respond(int fd, int status, const char *reason, const char *body, size_t body_len,
                   int head_only, int keep_alive, int http10) {
  char date[64];
  http_date(date, sizeof date);
  struct text t = {0};
  printf_text(&t,
              "HTTP/1.1 %d %s\r\n"
              "Server: http-echo\r\n"
              "Date: %s\r\n"
              "Content-Type: text/plain; charset=utf-8\r\n"
              "Content-Length: %zu\r\n",
              status, reason, date, body_len);
  if (!keep_alive) puts_text(&t, "Connection: close\r\n");
  else if (http10) puts_text(&t, "Connection: keep-alive\r\n");
  puts_text(&t, "\r\n");
  if (!head_only) put(&t, body, body_len);
  int rc = send_all(fd, t.p, t.len);
  free(t.p);
  return rc;
}

static void log_request(const struct request *r, int status, size_t bytes) {
  if (quiet) return;
  const char *agent = header(r, "User-Agent");
  printf("\"%s %s %s\" %d %zu \"%s\"\n", r->method, r->target, r->version, status, bytes,
         agent ? agent : "-");
}

// Answers every complete request in the client's buffer. Returns 0 to keep the connection,
// -1 to close it.
static int serve(struct client *c) {
  size_t used = 0;
  int keep = 1;
  while (keep) {
    struct request r;
    enum parse parsed = parse_request(c->buf + used, c->len - used, &r);
    if (parsed == PARSE_MORE) break;
    if (parsed != PARSE_OK) {
      static const char bad[] = "bad request\n", big[] = "request too large\n",
                        chunked[] = "chunked request bodies are not supported\n";
      if (parsed == PARSE_BAD) respond(c->fd, 400, "Bad Request", bad, sizeof bad - 1, 0, 0, 0);
      else if (parsed == PARSE_TOO_LARGE)
        respond(c->fd, 431, "Request Header Fields Too Large", big, sizeof big - 1, 0, 0, 0);
      else if (parsed == PARSE_BODY_TOO_LARGE)
        respond(c->fd, 413, "Content Too Large", big, sizeof big - 1, 0, 0, 0);
      else respond(c->fd, 501, "Not Implemented", chunked, sizeof chunked - 1, 0, 0, 0);
      return -1;
    }
    used += r.total;
    int http10 = strcmp(r.version, "HTTP/1.0") == 0;
    const char *connection = header(&r, "Connection");
    if (http10) keep = connection && has_token(connection, "keep-alive");
    else keep = !(connection && has_token(connection, "close"));
    int head_only = strcmp(r.method, "HEAD") == 0;

    struct text body = {0};
    size_t path_len = strcspn(r.target, "?");
    if (path_len == 8 && strncmp(r.target, "/healthz", 8) == 0) puts_text(&body, "ok");
    else describe(&body, &r);
    int rc = respond(c->fd, 200, "OK", body.p, body.len, head_only, keep, http10);
    log_request(&r, 200, body.len);
    free(body.p);
    if (rc < 0) return -1;
  }
  memmove(c->buf, c->buf + used, c->len - used);
  c->len -= used;
  if (!keep) return -1;
  if (c->ended) return -1;
  return 0;
}

static void drop(int i) {
  close(clients[i].fd);
  free(clients[i].buf);
  clients[i] = clients[--nclients];
}

// Reads what the client sent; returns -1 when the connection is done with.
static int on_readable(struct client *c) {
  if (c->cap - c->len < 4096) {
    size_t cap = c->cap ? c->cap * 2 : 8192;
    char *p = realloc(c->buf, cap);
    if (!p) return -1;
    c->buf = p;
    c->cap = cap;
  }
  ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len - 1, 0);
  if (n < 0) return errno == EINTR || errno == EAGAIN ? 0 : -1;
  if (n == 0) c->ended = 1;
  c->len += (size_t)n;
  return serve(c);
}

static int parse_port(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < 1 || v > 65535) return -1;
  return (int)v;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char *env_port = getenv("PORT");
  int port = env_port && *env_port ? parse_port(env_port) : 8080;
  if (port < 0) {
    fprintf(stderr, "http-echo: invalid PORT '%s'\n", env_port);
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      fputs(usage, stdout);
      return 0;
    } else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
      quiet = 1;
    } else if ((strcmp(argv[i], "--port") == 0 || strcmp(argv[i], "-p") == 0) && i + 1 < argc) {
      port = parse_port(argv[++i]);
      if (port < 0) {
        fprintf(stderr, "http-echo: invalid port '%s'\n", argv[i]);
        return 2;
      }
    } else if (strncmp(argv[i], "--port=", 7) == 0) {
      port = parse_port(argv[i] + 7);
      if (port < 0) {
        fprintf(stderr, "http-echo: invalid port '%s'\n", argv[i] + 7);
        return 2;
      }
    } else {
      fprintf(stderr, "http-echo: unknown argument '%s'\n%s", argv[i], usage);
      return 2;
    }
  }

  int listener = open_listener(port);
  if (listener < 0) {
    fprintf(stderr, "http-echo: listen on port %d: %s\n", port, strerror(errno));
    return 1;
  }
  const char *host = getenv("HOSTNAME");
  printf("http-echo: %s listening on port %d\n", host && *host ? host : "localhost", port);

  struct pollfd fds[MAX_CLIENTS + 1];
  for (;;) {
    int n = 0;
    for (int i = 0; i < nclients; i++) fds[n++] = (struct pollfd){clients[i].fd, POLLIN, 0};
    // A full house stops accepting: new clients wait in the backlog.
    int listening = nclients < MAX_CLIENTS;
    if (listening) fds[n++] = (struct pollfd){listener, POLLIN, 0};
    if (poll(fds, (nfds_t)n, -1) < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "http-echo: poll: %s\n", strerror(errno));
      return 1;
    }
    // Walk the clients backwards: drop() moves the last one into the freed slot.
    for (int i = nclients - 1; i >= 0; i--) {
      if (fds[i].revents && on_readable(&clients[i]) < 0) drop(i);
    }
    if (listening && (fds[n - 1].revents & POLLIN)) {
      // wasi-libc's accept() writes to the address even though it cannot fill it in.
      struct sockaddr addr;
      socklen_t addr_len = sizeof addr;
      int fd = accept(listener, &addr, &addr_len);
      if (fd < 0) {
        if (errno != EINTR && errno != EAGAIN)
          fprintf(stderr, "http-echo: accept: %s\n", strerror(errno));
        continue;
      }
      clients[nclients++] = (struct client){.fd = fd};
    }
  }
}
