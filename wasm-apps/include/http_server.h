// http_server.h: a small HTTP/1.1 server loop shared by the built-in web images.
//
// http_serve() listens on one port (the preopened listener the runtime declares in
// LISTEN_FDS / LISTEN_FDS_START / LISTEN_PORTS when there is one for that port, else
// net_listen()), serves many clients at once with poll(), and calls the program's handler
// once per complete request. Keep-alive (HTTP/1.1's default; HTTP/1.0 with
// `Connection: keep-alive`), `Connection: close`, HEAD (the body is computed, not sent) and
// pipelined requests work; chunked request bodies are refused with 501.
//
// The handler fills `res`: the status, the header lines in the order the imitated server
// sends them (http_header(), http_date_header(), http_length_header()), and the body. The
// loop adds `Content-Length` when the handler wrote none, and `Connection: close` (or
// `Connection: keep-alive` for HTTP/1.0) as the connection requires. Each program logs
// requests itself, in its own server's format.
#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H

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

#define HTTP_MAX_CLIENTS 256
#define HTTP_MAX_HEAD 16384
#define HTTP_MAX_BODY (1024 * 1024)
#define HTTP_MAX_HEADERS 100

// A growable byte buffer, always NUL-terminated.
struct http_buf {
  char *p;
  size_t len, cap;
};

static inline void http_put(struct http_buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 1024;
    while (b->len + n + 1 > cap) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      fputs("out of memory\n", stderr);
      exit(1);
    }
    b->p = p;
    b->cap = cap;
  }
  if (n) memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static inline void http_puts(struct http_buf *b, const char *s) { http_put(b, s, strlen(s)); }

__attribute__((format(printf, 2, 3))) static inline void http_printf(struct http_buf *b, const char *fmt,
                                                              ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    http_put(b, small, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) return;
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  http_put(b, big, (size_t)n);
  free(big);
}

// One parsed request. The strings point into the client's buffer, NUL-terminated in place.
struct http_request {
  char *method, *target, *version;  // "GET", "/a?b=1", "HTTP/1.1"
  char path[2048];                  // the target up to '?', truncated if longer
  const char *query;                // after '?', or NULL
  char *headers[HTTP_MAX_HEADERS][2];
  int nheaders;
  const char *body;
  size_t body_len;
  size_t total;  // bytes of the client's buffer the request used
  int head;      // a HEAD request: the body is not sent
  // Who sent it, as far as the server can tell: WASI preview1's accept() does not say, so
  // this is "unknown" unless a proxy in front forwarded it (X-Forwarded-For's first address).
  char client[64];
};

struct http_response {
  int status;
  const char *reason;
  struct http_buf headers;  // complete header lines, "Name: value\r\n" each
  struct http_buf body;
  int close;  // close the connection after this response
};

typedef void (*http_handler)(struct http_request *req, struct http_response *res);

// The value of the request's header `name` (case-insensitive), or NULL.
static inline const char *http_req_header(const struct http_request *r, const char *name) {
  for (int i = 0; i < r->nheaders; i++) {
    if (strcasecmp(r->headers[i][0], name) == 0) return r->headers[i][1];
  }
  return NULL;
}

static inline void http_header(struct http_response *res, const char *name, const char *value) {
  http_printf(&res->headers, "%s: %s\r\n", name, value);
}

// `t` as an HTTP date (`Mon, 02 Jan 2006 15:04:05 GMT`).
static inline void http_format_date(time_t t, char *out, size_t cap) {
  strftime(out, cap, "%a, %d %b %Y %H:%M:%S GMT", gmtime(&t));
}

static inline void http_date_header(struct http_response *res) {
  char date[64];
  http_format_date(time(NULL), date, sizeof date);
  http_header(res, "Date", date);
}

// Writes `Content-Length` for the body as it is now (call once the body is complete).
static inline void http_length_header(struct http_response *res) {
  http_printf(&res->headers, "Content-Length: %zu\r\n", res->body.len);
}

// Whether a comma-separated header value holds `token` (case-insensitively).
static inline int http_has_token(const char *value, const char *token) {
  size_t n = strlen(token);
  for (const char *p = value; p && *p;) {
    while (*p == ' ' || *p == '\t' || *p == ',') p++;
    if (strncasecmp(p, token, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' ')) return 1;
    p = strchr(p, ',');
  }
  return 0;
}

// A listening socket's descriptor for `port` (see the file comment), or -1 with errno.
static inline int http_open_listener(int port) {
  const char *count = getenv("LISTEN_FDS");
  if (count && atoi(count) > 0) {
    const char *start = getenv("LISTEN_FDS_START");
    int first = start ? atoi(start) : 3;
    const char *ports = getenv("LISTEN_PORTS");
    for (int i = 0; ports && i < atoi(count) && *ports; i++) {
      if (atoi(ports) == port) return first + i;
      ports = strchr(ports, ',');
      if (ports) ports++;
    }
  }
  return net_listen(port);
}

// A port number from text, or -1.
static inline int http_parse_port(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < 1 || v > 65535) return -1;
  return (int)v;
}

static inline int http_send_all(int fd, const char *data, size_t len) {
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

enum http_parse { HTTP_MORE, HTTP_OK, HTTP_BAD, HTTP_HEAD_TOO_LARGE, HTTP_BODY_TOO_LARGE, HTTP_CHUNKED };

static inline enum http_parse http_parse_request(char *buf, size_t len, struct http_request *r) {
  char *end = NULL;
  for (size_t i = 0; i + 3 < len; i++) {
    if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
      end = buf + i;
      break;
    }
  }
  if (!end) return len > HTTP_MAX_HEAD ? HTTP_HEAD_TOO_LARGE : HTTP_MORE;
  size_t head_len = (size_t)(end - buf) + 4, body_len = 0;
  // Read the framing headers before changing the buffer, so an incomplete body can be retried.
  for (char *p = buf; p < end; p++) {
    if (p != buf && p[-1] != '\n') continue;
    if (strncasecmp(p, "content-length:", 15) == 0) {
      char *digits = p + 15;
      while (*digits == ' ' || *digits == '\t') digits++;
      if (*digits < '0' || *digits > '9') return HTTP_BAD;
      unsigned long long v = strtoull(digits, NULL, 10);
      if (v > HTTP_MAX_BODY) return HTTP_BODY_TOO_LARGE;
      body_len = (size_t)v;
    } else if (strncasecmp(p, "transfer-encoding:", 18) == 0) {
      return HTTP_CHUNKED;
    }
  }
  if (len < head_len + body_len) return HTTP_MORE;

  memset(r, 0, sizeof *r);
  *end = '\0';
  char *line = buf, *next = strstr(line, "\r\n");
  if (next) *next = '\0';
  r->method = line;
  char *sp1 = strchr(line, ' ');
  if (!sp1) return HTTP_BAD;
  *sp1 = '\0';
  r->target = sp1 + 1;
  char *sp2 = strchr(r->target, ' ');
  if (!sp2) return HTTP_BAD;
  *sp2 = '\0';
  r->version = sp2 + 1;
  if (strncmp(r->version, "HTTP/1.", 7) != 0 || !*r->method || !*r->target) return HTTP_BAD;
  while (next) {
    line = next + 2;
    next = strstr(line, "\r\n");
    if (next) *next = '\0';
    if (!*line) continue;
    char *colon = strchr(line, ':');
    if (!colon || colon == line) return HTTP_BAD;
    *colon = '\0';
    char *value = colon + 1;
    while (*value == ' ' || *value == '\t') value++;
    char *tail = value + strlen(value);
    while (tail > value && (tail[-1] == ' ' || tail[-1] == '\t')) *--tail = '\0';
    if (r->nheaders < HTTP_MAX_HEADERS) {
      r->headers[r->nheaders][0] = line;
      r->headers[r->nheaders][1] = value;
      r->nheaders++;
    }
  }
  const char *q = strchr(r->target, '?');
  size_t path_len = q ? (size_t)(q - r->target) : strlen(r->target);
  if (path_len >= sizeof r->path) path_len = sizeof r->path - 1;
  memcpy(r->path, r->target, path_len);
  r->path[path_len] = '\0';
  r->query = q ? q + 1 : NULL;
  r->body = buf + head_len;
  r->body_len = body_len;
  r->total = head_len + body_len;
  r->head = strcmp(r->method, "HEAD") == 0;
  const char *forwarded = http_req_header(r, "X-Forwarded-For");
  size_t client_len = forwarded ? strcspn(forwarded, ", ") : 0;
  if (client_len == 0 || client_len >= sizeof r->client) {
    strcpy(r->client, "unknown");
  } else {
    memcpy(r->client, forwarded, client_len);
    r->client[client_len] = '\0';
  }
  return HTTP_OK;
}

// Sends `res`: the status line, the handler's headers, Content-Length when it wrote none,
// the connection header, and the body unless `head_only`.
static inline int http_send_response(int fd, struct http_response *res, int head_only, int keep_alive,
                              int http10) {
  struct http_buf out = {0};
  http_printf(&out, "HTTP/1.1 %d %s\r\n", res->status, res->reason ? res->reason : "OK");
  if (res->headers.len) http_put(&out, res->headers.p, res->headers.len);
  if (!res->headers.p || !strstr(res->headers.p, "Content-Length:")) {
    http_printf(&out, "Content-Length: %zu\r\n", res->body.len);
  }
  if (!keep_alive) http_puts(&out, "Connection: close\r\n");
  else if (http10) http_puts(&out, "Connection: keep-alive\r\n");
  http_puts(&out, "\r\n");
  if (!head_only && res->body.len) http_put(&out, res->body.p, res->body.len);
  int rc = http_send_all(fd, out.p, out.len);
  free(out.p);
  return rc;
}

struct http_client {
  int fd;
  char *buf;
  size_t len, cap;
  int ended;  // the client sent EOF: answer what is complete, then close
};

static struct http_client http_clients[HTTP_MAX_CLIENTS];
static int http_nclients;

// Answers what the loop itself refuses (bad framing) in a plain way; the connection closes.
static inline void http_refuse(int fd, int status, const char *reason) {
  struct http_response res = {.status = status, .reason = reason};
  http_date_header(&res);
  http_header(&res, "Content-Type", "text/plain; charset=utf-8");
  http_printf(&res.body, "%d %s\n", status, reason);
  http_send_response(fd, &res, 0, 0, 0);
  free(res.headers.p);
  free(res.body.p);
}

// Answers every complete request in the client's buffer; -1 when the connection is done.
static inline int http_serve_client(struct http_client *c, http_handler handle) {
  size_t used = 0;
  int keep = 1;
  while (keep) {
    struct http_request r;
    enum http_parse parsed = http_parse_request(c->buf + used, c->len - used, &r);
    if (parsed == HTTP_MORE) break;
    if (parsed != HTTP_OK) {
      if (parsed == HTTP_BAD) http_refuse(c->fd, 400, "Bad Request");
      else if (parsed == HTTP_HEAD_TOO_LARGE)
        http_refuse(c->fd, 431, "Request Header Fields Too Large");
      else if (parsed == HTTP_BODY_TOO_LARGE) http_refuse(c->fd, 413, "Content Too Large");
      else http_refuse(c->fd, 501, "Not Implemented");
      return -1;
    }
    used += r.total;
    int http10 = strcmp(r.version, "HTTP/1.0") == 0;
    const char *connection = http_req_header(&r, "Connection");
    if (http10) keep = connection && http_has_token(connection, "keep-alive");
    else keep = !(connection && http_has_token(connection, "close"));
    struct http_response res = {.status = 200, .reason = "OK"};
    handle(&r, &res);
    if (res.close) keep = 0;
    int rc = http_send_response(c->fd, &res, r.head, keep, http10);
    free(res.headers.p);
    free(res.body.p);
    if (rc < 0) return -1;
  }
  memmove(c->buf, c->buf + used, c->len - used);
  c->len -= used;
  return !keep || c->ended ? -1 : 0;
}

static inline int http_on_readable(struct http_client *c, http_handler handle) {
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
  return http_serve_client(c, handle);
}

static inline void http_drop(int i) {
  close(http_clients[i].fd);
  free(http_clients[i].buf);
  http_clients[i] = http_clients[--http_nclients];
}

// Serves `port` forever with `handle`, after listening there; returns 1 (having printed
// why to stderr, prefixed with `name`) when it cannot listen or poll.
static inline int http_serve(const char *name, int port, http_handler handle) {
  int listener = http_open_listener(port);
  if (listener < 0) {
    fprintf(stderr, "%s: listen on port %d: %s\n", name, port, strerror(errno));
    return 1;
  }
  struct pollfd fds[HTTP_MAX_CLIENTS + 1];
  for (;;) {
    int n = 0;
    for (int i = 0; i < http_nclients; i++) fds[n++] = (struct pollfd){http_clients[i].fd, POLLIN, 0};
    // A full house stops accepting: new clients wait in the backlog.
    int listening = http_nclients < HTTP_MAX_CLIENTS;
    if (listening) fds[n++] = (struct pollfd){listener, POLLIN, 0};
    fflush(stdout);
    if (poll(fds, (nfds_t)n, -1) < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "%s: poll: %s\n", name, strerror(errno));
      return 1;
    }
    // Walk the clients backwards: http_drop() moves the last one into the freed slot.
    for (int i = http_nclients - 1; i >= 0; i--) {
      if (fds[i].revents && http_on_readable(&http_clients[i], handle) < 0) http_drop(i);
    }
    if (listening && (fds[n - 1].revents & POLLIN)) {
      // wasi-libc's accept() writes to the address even though it cannot fill it in.
      struct sockaddr addr;
      socklen_t addr_len = sizeof addr;
      int fd = accept(listener, &addr, &addr_len);
      if (fd < 0) {
        if (errno != EINTR && errno != EAGAIN) fprintf(stderr, "%s: accept: %s\n", name, strerror(errno));
        continue;
      }
      http_clients[http_nclients++] = (struct http_client){.fd = fd};
    }
  }
}

// The pod's hostname as the program sees it (HOSTNAME, as the kubelet sets it).
static inline const char *http_hostname(void) {
  const char *host = getenv("HOSTNAME");
  return host && *host ? host : "localhost";
}

#endif
