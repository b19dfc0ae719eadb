// guestbook: the front end of the Kubernetes guestbook tutorial (gb-frontend), storing messages in kv-store.
//
// HTTP on port 80 ($PORT or --port override). `/` is the guestbook page: a form and a script
// that lists the messages and adds one. `/guestbook.php?cmd=get&key=K` answers
// {"data": "<value>"} from a read replica, `/guestbook.php?cmd=set&key=K&value=V` stores V
// on the leader and answers {"message": "Updated"}, as the tutorial's PHP front end does. The
// store speaks the Redis protocol on port 6379: with GET_HOSTS_FROM=env its hosts come from
// REDIS_LEADER_SERVICE_HOST and REDIS_FOLLOWER_SERVICE_HOST (the Services' environment
// variables), otherwise (GET_HOSTS_FROM=dns, the default) from the DNS names redis-leader and
// redis-follower; reads go to the leader when the follower's name does not resolve.
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

#define MAX_CLIENTS 128
#define MAX_REQUEST 65536
#define REDIS_PORT 6379
#define REDIS_TIMEOUT_MS 5000

static const char usage[] =
    "Usage: guestbook [--port N]\n"
    "\n"
    "The guestbook tutorial's web front end: the page at /, and /guestbook.php?cmd=get|set\n"
    "storing messages in a Redis-protocol store (kv-store) on port 6379.\n"
    "\n"
    "  --port N   listen on port N (default: $PORT, else 80)\n"
    "  -h         show this help\n"
    "\n"
    "Env: GET_HOSTS_FROM (dns or env), REDIS_LEADER_SERVICE_HOST, REDIS_FOLLOWER_SERVICE_HOST,\n"
    "HOSTNAME.\n";

static const char page[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>Guestbook</title>\n"
    "<style>\n"
    "body { font-family: sans-serif; margin: 2em auto; max-width: 40em; color: #222; }\n"
    "form { display: flex; gap: .5em; }\n"
    "input { flex: 1; padding: .4em; font-size: 1em; }\n"
    "button { padding: .4em 1em; font-size: 1em; }\n"
    "#messages div { padding: .4em 0; border-bottom: 1px solid #ddd; }\n"
    "#status { color: #666; min-height: 1.2em; }\n"
    "footer { margin-top: 2em; color: #888; font-size: .8em; }\n"
    "</style>\n"
    "</head>\n"
    "<body>\n"
    "<h1>Guestbook</h1>\n"
    "<form id=\"form\">\n"
    "<input id=\"message\" placeholder=\"Messages\" autocomplete=\"off\">\n"
    "<button type=\"submit\">Submit</button>\n"
    "</form>\n"
    "<p id=\"status\"></p>\n"
    "<div id=\"messages\"></div>\n"
    "<footer>Served by <span id=\"host\">%s</span></footer>\n"
    "<script>\n"
    "let messages = [];\n"
    "const list = document.getElementById('messages');\n"
    "const status = document.getElementById('status');\n"
    "function show() {\n"
    "  list.replaceChildren(...messages.map((text) => {\n"
    "    const div = document.createElement('div');\n"
    "    div.textContent = text;\n"
    "    return div;\n"
    "  }));\n"
    "}\n"
    "async function call(query) {\n"
    "  const response = await fetch('guestbook.php?' + query);\n"
    "  const body = await response.json();\n"
    "  if (body.error) throw new Error(body.error);\n"
    "  return body;\n"
    "}\n"
    "async function load() {\n"
    "  try {\n"
    "    const body = await call('cmd=get&key=messages');\n"
    "    messages = body.data ? body.data.split(',') : [];\n"
    "    show();\n"
    "  } catch (error) {\n"
    "    status.textContent = error.message;\n"
    "  }\n"
    "}\n"
    "document.getElementById('form').addEventListener('submit', async (event) => {\n"
    "  event.preventDefault();\n"
    "  const input = document.getElementById('message');\n"
    "  if (!input.value) return;\n"
    "  messages.push(input.value);\n"
    "  input.value = '';\n"
    "  show();\n"
    "  try {\n"
    "    await call('cmd=set&key=messages&value=' + encodeURIComponent(messages.join(',')));\n"
    "    status.textContent = 'Updated.';\n"
    "  } catch (error) {\n"
    "    status.textContent = error.message;\n"
    "  }\n"
    "});\n"
    "load();\n"
    "</script>\n"
    "</body>\n"
    "</html>\n";

// --- text -----------------------------------------------------------------------------------

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
      fputs("guestbook: out of memory\n", stderr);
      abort();
    }
    t->p = p;
    t->cap = cap;
  }
  memcpy(t->p + t->len, s, n);
  t->len += n;
  t->p[t->len] = '\0';
}

__attribute__((format(printf, 2, 3))) static void printf_text(struct text *t, const char *fmt,
                                                               ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  char *s = malloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  put(t, s, (size_t)n);
  free(s);
}

// A JSON string literal of bytes (UTF-8 passes through; quotes, backslashes and controls are
// escaped).
static void put_json_string(struct text *t, const char *s, size_t n) {
  put(t, "\"", 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      char esc[2] = {'\\', (char)c};
      put(t, esc, 2);
    } else if (c == '\n') {
      put(t, "\\n", 2);
    } else if (c == '\r') {
      put(t, "\\r", 2);
    } else if (c == '\t') {
      put(t, "\\t", 2);
    } else if (c < 0x20) {
      printf_text(t, "\\u%04x", c);
    } else {
      put(t, (const char *)&c, 1);
    }
  }
  put(t, "\"", 1);
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

// --- the store ------------------------------------------------------------------------------

static const char *leader_host = "redis-leader";
static const char *follower_host = "redis-follower";

struct redis_reply {
  int nil;
  char *value;  // a bulk or simple string, NUL-terminated; NULL when nil
  size_t len;
};

// Runs one command on host:6379. 0 with the reply, or -1 with errno set and a message in err
// ("redis-leader:6379: Connection refused", or the store's own error).
static int redis_call(const char *host, int argc, const char **argv, struct redis_reply *reply,
                      char *err, size_t err_cap) {
  memset(reply, 0, sizeof *reply);
  int fd = net_connect(host, REDIS_PORT);
  if (fd < 0) {
    int saved = errno;
    snprintf(err, err_cap, "%s:%d: %s", host, REDIS_PORT, strerror(saved));
    errno = saved;
    return -1;
  }
  struct text request = {0};
  printf_text(&request, "*%d\r\n", argc);
  for (int i = 0; i < argc; i++) {
    printf_text(&request, "$%zu\r\n", strlen(argv[i]));
    put(&request, argv[i], strlen(argv[i]));
    put(&request, "\r\n", 2);
  }
  int rc = send_all(fd, request.p, request.len);
  free(request.p);

  struct text in = {0};
  int done = 0;
  while (rc == 0 && !done) {
    struct pollfd pfd = {fd, POLLIN, 0};
    int ready = poll(&pfd, 1, REDIS_TIMEOUT_MS);
    char chunk[4096];
    ssize_t n = ready > 0 ? recv(fd, chunk, sizeof chunk, 0) : -1;
    if (ready == 0) errno = ETIMEDOUT;
    if (n == 0) errno = ECONNRESET;
    if (n <= 0) {
      rc = -1;
      break;
    }
    put(&in, chunk, (size_t)n);
    char *nl = strstr(in.p, "\r\n");
    if (!nl) continue;
    if (in.p[0] == '$') {
      long long size = strtoll(in.p + 1, NULL, 10);
      size_t head = (size_t)(nl - in.p) + 2;
      if (size < 0) {
        reply->nil = 1;
        done = 1;
      } else if (in.len >= head + (size_t)size + 2) {
        reply->value = malloc((size_t)size + 1);
        memcpy(reply->value, in.p + head, (size_t)size);
        reply->value[size] = '\0';
        reply->len = (size_t)size;
        done = 1;
      }
    } else if (in.p[0] == '+' || in.p[0] == ':') {
      reply->len = (size_t)(nl - in.p) - 1;
      reply->value = malloc(reply->len + 1);
      memcpy(reply->value, in.p + 1, reply->len);
      reply->value[reply->len] = '\0';
      done = 1;
    } else {
      // An error reply (-ERR..., -READONLY...) or something that is not Redis at all.
      int skip = in.p[0] == '-';
      snprintf(err, err_cap, "%s:%d: %.*s", host, REDIS_PORT, (int)(nl - in.p) - skip,
               in.p + skip);
      close(fd);
      free(in.p);
      errno = EPROTO;
      return -1;
    }
  }
  int saved = errno;
  if (rc < 0) snprintf(err, err_cap, "%s:%d: %s", host, REDIS_PORT, strerror(saved));
  close(fd);
  free(in.p);
  errno = saved;
  return rc;
}

// --- HTTP -----------------------------------------------------------------------------------

struct client {
  int fd;
  char *buf;
  size_t len, cap;
  int ended;
};

static struct client clients[MAX_CLIENTS];
static int nclients;

static void http_date(char *out, size_t cap) {
  time_t now = time(NULL);
  strftime(out, cap, "%a, %d %b %Y %H:%M:%S GMT", gmtime(&now));
}

static int respond(int fd, int status, const char *reason, const char *type, const char *body,
                   size_t body_len, int head_only, int keep_alive) {
  char date[64];
  http_date(date, sizeof date);
  struct text t = {0};
  printf_text(&t,
              "HTTP/1.1 %d %s\r\nServer: guestbook\r\nDate: %s\r\nContent-Type: %s\r\n"
              "Content-Length: %zu\r\n%s\r\n",
              status, reason, date, type, body_len, keep_alive ? "" : "Connection: close\r\n");
  if (!head_only) put(&t, body, body_len);
  int rc = send_all(fd, t.p, t.len);
  free(t.p);
  return rc;
}

static int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The value of `name` in a query string, form-decoded (%XX and '+' for a space) into a new
// string; NULL when absent.
static char *query_param(const char *query, const char *name) {
  size_t n = strlen(name);
  for (const char *p = query; p && *p;) {
    const char *end = strchr(p, '&');
    if (!end) end = p + strlen(p);
    if ((size_t)(end - p) >= n && strncmp(p, name, n) == 0 && (p[n] == '=' || p + n == end)) {
      const char *v = p[n] == '=' ? p + n + 1 : end;
      char *out = malloc((size_t)(end - v) + 1), *o = out;
      while (v < end) {
        if (*v == '+') {
          *o++ = ' ';
          v++;
        } else if (*v == '%' && v + 2 < end && hex(v[1]) >= 0 && hex(v[2]) >= 0) {
          *o++ = (char)(hex(v[1]) * 16 + hex(v[2]));
          v += 3;
        } else {
          *o++ = *v++;
        }
      }
      *o = '\0';
      return out;
    }
    p = *end ? end + 1 : NULL;
  }
  return NULL;
}

// Answers /guestbook.php?...: the JSON body and its status.
static int guestbook_api(const char *query, struct text *body) {
  char *cmd = query_param(query, "cmd"), *key = query_param(query, "key");
  char *value = query_param(query, "value");
  char err[512];
  int status = 200;
  if (!cmd || !key) {
    put(body, "{\"error\": \"missing cmd or key\"}", 31);
    status = 400;
  } else if (strcmp(cmd, "set") == 0) {
    const char *argv[] = {"SET", key, value ? value : ""};
    struct redis_reply reply;
    if (redis_call(leader_host, 3, argv, &reply, err, sizeof err) == 0) {
      put(body, "{\"message\": \"Updated\"}", 22);
    } else {
      put(body, "{\"error\": ", 10);
      put_json_string(body, err, strlen(err));
      put(body, "}", 1);
      status = 500;
    }
    free(reply.value);
  } else {
    const char *argv[] = {"GET", key};
    struct redis_reply reply;
    int rc = redis_call(follower_host, 2, argv, &reply, err, sizeof err);
    // Without followers (a single kv-store) the name does not resolve: read the leader.
    if (rc < 0 && errno == ENOENT && strcmp(follower_host, leader_host) != 0) {
      rc = redis_call(leader_host, 2, argv, &reply, err, sizeof err);
    }
    if (rc == 0) {
      put(body, "{\"data\": ", 9);
      put_json_string(body, reply.value ? reply.value : "", reply.len);
      put(body, "}", 1);
    } else {
      put(body, "{\"error\": ", 10);
      put_json_string(body, err, strlen(err));
      put(body, "}", 1);
      status = 500;
    }
    free(reply.value);
  }
  free(cmd);
  free(key);
  free(value);
  return status;
}

static const char *reason_of(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 500: return "Internal Server Error";
    default: return "Error";
  }
}

static char *find_head_end(char *buf, size_t len) {
  for (size_t i = 0; i + 3 < len; i++) {
    if (memcmp(buf + i, "\r\n\r\n", 4) == 0) return buf + i;
  }
  return NULL;
}

// Answers every complete request in the buffer; -1 when the connection is to close.
static int serve(struct client *c) {
  size_t used = 0;
  int keep = 1;
  while (keep) {
    char *start = c->buf + used;
    char *end = find_head_end(start, c->len - used);
    if (!end) {
      if (c->len - used > MAX_REQUEST) {
        static const char big[] = "request too large\n";
        respond(c->fd, 431, "Request Header Fields Too Large", "text/plain", big,
                sizeof big - 1, 0, 0);
        return -1;
      }
      break;
    }
    // Bodies are not used: skip one when a Content-Length announces it.
    size_t body_len = 0;
    for (char *p = start + 1; p < end; p++) {
      if (p[-1] == '\n' && strncasecmp(p, "content-length:", 15) == 0)
        body_len = strtoul(p + 15, NULL, 10);
    }
    size_t total = (size_t)(end - start) + 4 + body_len;
    if (c->len - used < total) break;
    *end = '\0';
    char method[16], target[4096], version[16];
    if (sscanf(start, "%15s %4095s %15s", method, target, version) != 3 ||
        strncmp(version, "HTTP/1.", 7) != 0) {
      static const char bad[] = "bad request\n";
      respond(c->fd, 400, "Bad Request", "text/plain", bad, sizeof bad - 1, 0, 0);
      return -1;
    }
    const char *connection = NULL;
    for (char *line = strstr(start, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
      if (strncasecmp(line + 2, "connection:", 11) == 0) connection = line + 13;
    }
    int http10 = strcmp(version, "HTTP/1.0") == 0;
    if (connection) {
      while (*connection == ' ') connection++;
      keep = strncasecmp(connection, "close", 5) != 0 &&
             (!http10 || strncasecmp(connection, "keep-alive", 10) == 0);
    } else {
      keep = !http10;
    }
    used += total;

    int head_only = strcmp(method, "HEAD") == 0, status;
    struct text body = {0};
    const char *type = "text/plain; charset=utf-8";
    char *query = strchr(target, '?');
    if (query) *query++ = '\0';
    if (strcmp(method, "GET") != 0 && !head_only) {
      status = 405;
      put(&body, "method not allowed\n", 19);
    } else if (strcmp(target, "/") == 0 || strcmp(target, "/index.html") == 0) {
      const char *host = getenv("HOSTNAME");
      printf_text(&body, page, host && *host ? host : "localhost");
      type = "text/html; charset=utf-8";
      status = 200;
    } else if (strcmp(target, "/guestbook.php") == 0) {
      status = guestbook_api(query ? query : "", &body);
      type = "application/json";
    } else {
      status = 404;
      put(&body, "not found\n", 10);
    }
    int rc = respond(c->fd, status, reason_of(status), type, body.p, body.len, head_only, keep);
    printf("\"%s %s%s%s %s\" %d %zu\n", method, target, query ? "?" : "", query ? query : "",
           version, status, body.len);
    free(body.p);
    if (rc < 0) return -1;
  }
  memmove(c->buf, c->buf + used, c->len - used);
  c->len -= used;
  return keep && !c->ended ? 0 : -1;
}

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

static void drop(int i) {
  close(clients[i].fd);
  free(clients[i].buf);
  clients[i] = clients[--nclients];
}

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

static int parse_port(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < 1 || v > 65535) return -1;
  return (int)v;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char *env_port = getenv("PORT");
  int port = env_port && *env_port ? parse_port(env_port) : 80;
  if (port < 0) {
    fprintf(stderr, "guestbook: invalid PORT '%s'\n", env_port);
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      fputs(usage, stdout);
      return 0;
    } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      port = parse_port(argv[++i]);
      if (port < 0) {
        fprintf(stderr, "guestbook: invalid port '%s'\n", argv[i]);
        return 2;
      }
    } else {
      fprintf(stderr, "guestbook: unknown argument '%s'\n%s", argv[i], usage);
      return 2;
    }
  }
  const char *from = getenv("GET_HOSTS_FROM");
  if (from && strcmp(from, "env") == 0) {
    const char *leader = getenv("REDIS_LEADER_SERVICE_HOST");
    const char *follower = getenv("REDIS_FOLLOWER_SERVICE_HOST");
    if (leader && *leader) leader_host = leader;
    else fprintf(stderr, "guestbook: GET_HOSTS_FROM=env but REDIS_LEADER_SERVICE_HOST is not set\n");
    follower_host = follower && *follower ? follower : leader_host;
  }

  int listener = open_listener(port);
  if (listener < 0) {
    fprintf(stderr, "guestbook: listen on port %d: %s\n", port, strerror(errno));
    return 1;
  }
  printf("guestbook: listening on port %d; writes go to %s:%d, reads to %s:%d\n", port,
         leader_host, REDIS_PORT, follower_host, REDIS_PORT);

  struct pollfd fds[MAX_CLIENTS + 1];
  for (;;) {
    int n = 0;
    for (int i = 0; i < nclients; i++) fds[n++] = (struct pollfd){clients[i].fd, POLLIN, 0};
    int listening = nclients < MAX_CLIENTS;
    if (listening) fds[n++] = (struct pollfd){listener, POLLIN, 0};
    if (poll(fds, (nfds_t)n, -1) < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "guestbook: poll: %s\n", strerror(errno));
      return 1;
    }
    for (int i = nclients - 1; i >= 0; i--) {
      if (fds[i].revents && on_readable(&clients[i]) < 0) drop(i);
    }
    if (listening && (fds[n - 1].revents & POLLIN)) {
      // wasi-libc's accept() writes to the address even though it cannot fill it in.
      struct sockaddr addr;
      socklen_t addr_len = sizeof addr;
      int fd = accept(listener, &addr, &addr_len);
      if (fd >= 0) clients[nclients++] = (struct client){.fd = fd};
      else if (errno != EINTR && errno != EAGAIN)
        fprintf(stderr, "guestbook: accept: %s\n", strerror(errno));
    }
  }
}
