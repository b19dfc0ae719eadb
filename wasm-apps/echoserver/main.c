// echoserver: a stand-in for registry.k8s.io/echoserver: answers every request on port 8080 with the pod and the request it got, in echoserver's format.
//
// The format is echoserver 1.10's (`Hostname:`, `Pod Information:` from the downward-API
// env, `Server values:`, `Request Information:`, `Request Headers:` sorted and lowercased,
// `Request Body:`), or with `--version 1.4` (and older) the earlier `CLIENT VALUES:` /
// `SERVER VALUES:` / `HEADERS RECEIVED:` / `BODY:` one. client_address is `unknown` unless a
// proxy says (X-Forwarded-For): WASI preview1's accept() does not tell who connected.
// Requests are logged on stdout in nginx's format.
//
// Args: `--version V` (the stand-in's CMD passes the image's tag), `--port N` (default
//       $PORT, else 8080). Env: HOSTNAME, NODE_NAME, POD_NAME, POD_NAMESPACE, POD_IP, PORT.
#include "http_server.h"

static int old_format;
static int port = 8080;

static void pod_line(struct http_buf *b, const char *label, const char *name, int *any) {
  const char *value = getenv(name);
  if (value && *value) {
    http_printf(b, "\t%s:\t%s\n", label, value);
    *any = 1;
  }
}

static int compare_headers(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

// The request's headers as `name=value` lines, names lowercased, sorted as echoserver's Lua
// sorts them.
static void header_lines(struct http_buf *b, const struct http_request *r, const char *indent) {
  char *lines[HTTP_MAX_HEADERS];
  int n = 0;
  for (int i = 0; i < r->nheaders; i++) {
    struct http_buf line = {0};
    for (const char *c = r->headers[i][0]; *c; c++) {
      char lower = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
      http_put(&line, &lower, 1);
    }
    http_printf(&line, "=%s", r->headers[i][1]);
    lines[n++] = line.p;
  }
  qsort(lines, (size_t)n, sizeof lines[0], compare_headers);
  for (int i = 0; i < n; i++) {
    http_printf(b, "%s%s\n", indent, lines[i]);
    free(lines[i]);
  }
}

// The Host header without its port, as nginx's $host.
static void host_of(const struct http_request *r, char *out, size_t cap) {
  const char *host = http_req_header(r, "Host");
  if (!host || !*host) host = http_hostname();
  size_t n = strcspn(host, ":");
  if (n >= cap) n = cap - 1;
  for (size_t i = 0; i < n; i++) out[i] = (char)(host[i] >= 'A' && host[i] <= 'Z' ? host[i] + 32 : host[i]);
  out[n] = '\0';
}

static void body_1_10(struct http_buf *b, const struct http_request *r) {
  char host[256];
  host_of(r, host, sizeof host);
  http_printf(b, "\n\nHostname: %s\n\nPod Information:\n", http_hostname());
  int any = 0;
  pod_line(b, "node name", "NODE_NAME", &any);
  pod_line(b, "pod name", "POD_NAME", &any);
  pod_line(b, "pod namespace", "POD_NAMESPACE", &any);
  pod_line(b, "pod IP", "POD_IP", &any);
  if (!any) http_puts(b, "\t-no pod information available-\n");
  http_puts(b, "\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n");
  http_printf(b, "\nRequest Information:\n\tclient_address=%s\n\tmethod=%s\n\treal path=%s\n",
              r->client, r->method, r->target);
  http_printf(b, "\tquery=%s\n\trequest_version=%s\n\trequest_scheme=http\n",
              r->query ? r->query : "", r->version + 5);
  http_printf(b, "\trequest_uri=http://%s:%d%s\n", host, port, r->target);
  http_puts(b, "\nRequest Headers:\n");
  header_lines(b, r, "\t");
  http_puts(b, "\nRequest Body:\n");
  if (r->body_len == 0) {
    http_puts(b, "\t-no body in request-\n");
  } else {
    http_put(b, r->body, r->body_len);
    http_puts(b, "\n");
  }
  http_puts(b, "\n\n");
}

static void body_1_4(struct http_buf *b, const struct http_request *r) {
  char host[256];
  host_of(r, host, sizeof host);
  http_printf(b, "CLIENT VALUES:\nclient_address=%s\ncommand=%s\nreal path=%s\n", r->client,
              r->method, r->target);
  http_printf(b, "query=%s\nrequest_version=%s\n", r->query ? r->query : "nil", r->version + 5);
  http_printf(b, "request_uri=http://%s:%d%s\n", host, port, r->target);
  http_puts(b, "\nSERVER VALUES:\nserver_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\n");
  header_lines(b, r, "");
  http_puts(b, "BODY:\n");
  if (r->body_len == 0) http_puts(b, "-no body in request-");
  else http_put(b, r->body, r->body_len);
}

static void handle(struct http_request *req, struct http_response *res) {
  if (old_format) body_1_4(&res->body, req);
  else body_1_10(&res->body, req);
  if (old_format) http_header(res, "Server", "nginx/1.10.0");
  http_date_header(res);
  http_header(res, "Content-Type", "text/plain");
  http_length_header(res);
  if (!old_format) http_header(res, "Server", "echoserver");
  char when[40];
  time_t now = time(NULL);
  strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", gmtime(&now));
  const char *agent = http_req_header(req, "User-Agent");
  printf("%s - - [%s] \"%s %s %s\" %d %zu \"-\" \"%s\"\n", req->client, when, req->method,
         req->target, req->version, res->status, req->head ? 0 : res->body.len,
         agent ? agent : "-");
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char *env_port = getenv("PORT");
  if (env_port && *env_port && http_parse_port(env_port) > 0) port = http_parse_port(env_port);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--version") == 0 && i + 1 < argc) {
      int major = 0, minor = 0;
      sscanf(argv[++i], "%d.%d", &major, &minor);
      old_format = major < 1 || (major == 1 && minor <= 4);
    } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      port = http_parse_port(argv[++i]);
      if (port < 0) {
        fprintf(stderr, "echoserver: invalid port '%s'\n", argv[i]);
        return 2;
      }
    }
  }
  return http_serve("echoserver", port, handle);
}
