// nginx: a stand-in for the nginx image: serves /usr/share/nginx/html on port 80 as nginx's default configuration does.
//
// What the official image's default server does, from the outside: HTTP on port 80, `/` is
// the "Welcome to nginx!" page (the image's index.html, byte for byte for the version in
// NGINX_VERSION), a missing file is nginx's 404 page, a directory without its slash is a 301,
// a directory without index.html is a 403, and every answer carries `Server: nginx/<version>`.
// When a volume is mounted at /usr/share/nginx/html its files are served instead of the
// image's (as a mount hides what the image had there), with nginx's Content-Type, ETag and
// Last-Modified. Requests are logged on stdout in nginx's combined format, notices on stderr.
//
// Args: nginx's own: `-v` and `-V` print the version, `-t` tests the configuration, `-g ...`
//       and `-c ...` are accepted (there is one fixed configuration). Env: NGINX_VERSION
//       (the image sets it; default 1.27.3), HOSTNAME.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "http_server.h"

#define ROOT "/usr/share/nginx/html"

static char version[32] = "1.27.3";
static int major, minor;

// The image's index.html: nginx 1.21 and later style the page for dark mode.
static const char welcome_new[] =
    "<!DOCTYPE html>\n"
    "<html>\n"
    "<head>\n"
    "<title>Welcome to nginx!</title>\n"
    "<style>\n"
    "html { color-scheme: light dark; }\n"
    "body { width: 35em; margin: 0 auto;\n"
    "font-family: Tahoma, Verdana, Arial, sans-serif; }\n"
    "</style>\n"
    "</head>\n";

static const char welcome_old[] =
    "<!DOCTYPE html>\n"
    "<html>\n"
    "<head>\n"
    "<title>Welcome to nginx!</title>\n"
    "<style>\n"
    "    body {\n"
    "        width: 35em;\n"
    "        margin: 0 auto;\n"
    "        font-family: Tahoma, Verdana, Arial, sans-serif;\n"
    "    }\n"
    "</style>\n"
    "</head>\n";

static const char welcome_body[] =
    "<body>\n"
    "<h1>Welcome to nginx!</h1>\n"
    "<p>If you see this page, the nginx web server is successfully installed and\n"
    "working. Further configuration is required.</p>\n"
    "\n"
    "<p>For online documentation and support please refer to\n"
    "<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\n"
    "Commercial support is available at\n"
    "<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n"
    "\n"
    "<p><em>Thank you for using nginx.</em></p>\n"
    "</body>\n"
    "</html>\n";

static const char page_50x[] =
    "<!DOCTYPE html>\n"
    "<html>\n"
    "<head>\n"
    "<title>Error</title>\n"
    "<style>\n"
    "html { color-scheme: light dark; }\n"
    "body { width: 35em; margin: 0 auto;\n"
    "font-family: Tahoma, Verdana, Arial, sans-serif; }\n"
    "</style>\n"
    "</head>\n"
    "<body>\n"
    "<h1>An error occurred.</h1>\n"
    "<p>Sorry, the page you are looking for is currently unavailable.<br/>\n"
    "Please try again later.</p>\n"
    "<p>If you are the system administrator of this resource then you should check\n"
    "the error log for details.</p>\n"
    "<p><em>Faithfully yours, nginx.</em></p>\n"
    "</body>\n"
    "</html>\n";

// When the image's own files were written (their Last-Modified and ETag).
static const time_t image_files_mtime = 1732636500;  // Tue, 26 Nov 2024 15:55:00 GMT

static void log_time(char *out, size_t cap, const char *format) {
  time_t now = time(NULL);
  strftime(out, cap, format, gmtime(&now));
}

static void notice(const char *message) {
  char when[32];
  log_time(when, sizeof when, "%Y/%m/%d %H:%M:%S");
  fprintf(stderr, "%s [notice] 1#1: %s\n", when, message);
}

static const char *mime_type(const char *path) {
  static const char *const types[][2] = {
      {"html", "text/html"},        {"htm", "text/html"},         {"shtml", "text/html"},
      {"css", "text/css"},          {"xml", "text/xml"},          {"txt", "text/plain"},
      {"js", "application/javascript"}, {"json", "application/json"},
      {"wasm", "application/wasm"}, {"png", "image/png"},         {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},       {"gif", "image/gif"},         {"svg", "image/svg+xml"},
      {"svgz", "image/svg+xml"},    {"ico", "image/x-icon"},      {"webp", "image/webp"},
      {"pdf", "application/pdf"},   {"zip", "application/zip"},   {"woff", "font/woff"},
      {"woff2", "font/woff2"},      {"mp4", "video/mp4"},         {"md", "text/plain"},
  };
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  if (dot) {
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
      if (strcasecmp(dot + 1, types[i][0]) == 0) return types[i][1];
    }
  }
  return "application/octet-stream";
}

static void server_headers(struct http_response *res) {
  char server[48];
  snprintf(server, sizeof server, "nginx/%s", version);
  http_header(res, "Server", server);
  http_date_header(res);
}

// nginx's built-in page for an error status (its special responses).
static void error_page(struct http_response *res, int status, const char *reason) {
  res->status = status;
  res->reason = reason;
  // Before 1.17 the page's body tag carried bgcolor="white".
  int old = major == 1 && minor < 17;
  http_printf(&res->body,
              "<html>\r\n<head><title>%d %s</title></head>\r\n%s\r\n"
              "<center><h1>%d %s</h1></center>\r\n<hr><center>nginx/%s</center>\r\n"
              "</body>\r\n</html>\r\n",
              status, reason, old ? "<body bgcolor=\"white\">" : "<body>", status, reason,
              version);
  server_headers(res);
  http_header(res, "Content-Type", "text/html");
  http_length_header(res);
}

static void file_headers(struct http_response *res, const char *type, time_t mtime) {
  char modified[64], etag[64];
  server_headers(res);
  http_header(res, "Content-Type", type);
  http_length_header(res);
  http_format_date(mtime, modified, sizeof modified);
  http_header(res, "Last-Modified", modified);
  snprintf(etag, sizeof etag, "\"%llx-%zx\"", (unsigned long long)mtime, res->body.len);
  http_header(res, "ETag", etag);
  http_header(res, "Accept-Ranges", "bytes");
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes and resolves `.` and `..` segments in place; -1 when the path climbs
// above the root (nginx answers those 400).
static int normalize(char *path) {
  char *w = path;
  for (const char *r = path; *r; r++) {
    int hi = hex_digit(r[1]), lo = hi < 0 ? -1 : hex_digit(r[2]);
    if (*r == '%' && lo >= 0) {
      *w++ = (char)(hi * 16 + lo);
      r += 2;
    } else {
      *w++ = *r;
    }
  }
  *w = '\0';
  char out[2048];
  size_t n = 0;
  const char *p = path;
  while (*p) {
    while (*p == '/') p++;
    const char *end = strchr(p, '/');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == 1 && p[0] == '.') {
    } else if (len == 2 && p[0] == '.' && p[1] == '.') {
      if (n == 0) return -1;
      while (n > 0 && out[n - 1] != '/') n--;
      if (n > 0) n--;
    } else if (len > 0) {
      if (n + len + 2 >= sizeof out) return -1;
      out[n++] = '/';
      memcpy(out + n, p, len);
      n += len;
    }
    p += len;
  }
  size_t plen = strlen(path);
  int trailing = plen > 0 && (path[plen - 1] == '/' || (plen >= 2 && strcmp(path + plen - 2, "/.") == 0));
  if (n == 0 || trailing) out[n++] = '/';
  out[n] = '\0';
  strcpy(path, out);
  return 0;
}

// Reads a whole file into the body; 0, or -1 with errno.
static int read_file(const char *file, struct http_buf *body) {
  FILE *f = fopen(file, "rb");
  if (!f) return -1;
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) http_put(body, chunk, n);
  fclose(f);
  return 0;
}

static int root_mounted;

// Serves `path` (normalized, below the root) from the mounted directory.
static void serve_mounted(const struct http_request *req, struct http_response *res,
                          const char *path) {
  char file[4096];
  size_t len = strlen(path);
  struct stat st;
  if (path[len - 1] == '/') {
    static const char *const index_files[] = {"index.html", "index.htm"};
    for (size_t i = 0; i < 2; i++) {
      snprintf(file, sizeof file, ROOT "%s%s", path, index_files[i]);
      if (stat(file, &st) == 0 && S_ISREG(st.st_mode) && read_file(file, &res->body) == 0) {
        file_headers(res, mime_type(file), st.st_mtime);
        return;
      }
    }
    snprintf(file, sizeof file, ROOT "%s", path);
    if (stat(file, &st) == 0 && S_ISDIR(st.st_mode)) {
      fprintf(stderr, "[error] 1#1: *1 directory index of \"%s\" is forbidden\n", file);
      error_page(res, 403, "Forbidden");
    } else {
      error_page(res, 404, "Not Found");
    }
    return;
  }
  snprintf(file, sizeof file, ROOT "%s", path);
  if (stat(file, &st) != 0) {
    error_page(res, 404, "Not Found");
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    const char *host = http_req_header(req, "Host");
    char location[4200];
    snprintf(location, sizeof location, "http://%.*s%s/", host ? (int)strcspn(host, ":") : 9,
             host ? host : "localhost", path);
    error_page(res, 301, "Moved Permanently");
    http_header(res, "Location", location);
    return;
  }
  if (read_file(file, &res->body) < 0) {
    error_page(res, 403, "Forbidden");
    return;
  }
  file_headers(res, mime_type(file), st.st_mtime);
}

// Serves `path` from the image's own files: the welcome page and 50x.html.
static void serve_image_files(struct http_response *res, const char *path) {
  if (strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0) {
    http_puts(&res->body, major == 1 && minor < 21 ? welcome_old : welcome_new);
    http_puts(&res->body, welcome_body);
  } else if (strcmp(path, "/50x.html") == 0) {
    http_puts(&res->body, page_50x);
  } else {
    error_page(res, 404, "Not Found");
    return;
  }
  file_headers(res, "text/html", image_files_mtime);
}

static void handle(struct http_request *req, struct http_response *res) {
  char path[2048];
  snprintf(path, sizeof path, "%s", req->path);
  if (path[0] != '/' || normalize(path) < 0) {
    error_page(res, 400, "Bad Request");
    res->close = 1;
  } else if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
    error_page(res, 405, "Not Allowed");
  } else if (root_mounted) {
    serve_mounted(req, res, path);
  } else {
    serve_image_files(res, path);
  }
  char when[40], request[2200];
  log_time(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000");
  snprintf(request, sizeof request, "%s %s %s", req->method, req->target, req->version);
  const char *referer = http_req_header(req, "Referer");
  const char *agent = http_req_header(req, "User-Agent");
  const char *forwarded = http_req_header(req, "X-Forwarded-For");
  printf("%s - - [%s] \"%s\" %d %zu \"%s\" \"%s\" \"%s\"\n", req->client, when, request,
         res->status, req->head ? 0 : res->body.len, referer ? referer : "-", agent ? agent : "-",
         forwarded ? forwarded : "-");
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char *env_version = getenv("NGINX_VERSION");
  if (env_version && *env_version) snprintf(version, sizeof version, "%s", env_version);
  sscanf(version, "%d.%d", &major, &minor);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-v") == 0) {
      fprintf(stderr, "nginx version: nginx/%s\n", version);
      return 0;
    } else if (strcmp(a, "-V") == 0) {
      fprintf(stderr,
              "nginx version: nginx/%s\nbuilt as a WASI stand-in for the nginx image "
              "(kube-in-a-tab)\nconfigure arguments: --prefix=/etc/nginx "
              "--conf-path=/etc/nginx/nginx.conf\n",
              version);
      return 0;
    } else if (strcmp(a, "-t") == 0 || strcmp(a, "-T") == 0) {
      fputs("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
            "nginx: configuration file /etc/nginx/nginx.conf test is successful\n",
            stderr);
      return 0;
    } else if (strcmp(a, "-s") == 0) {
      fputs("nginx: [error] invalid PID number \"\" in \"/run/nginx.pid\"\n", stderr);
      return 1;
    } else if ((strcmp(a, "-g") == 0 || strcmp(a, "-c") == 0 || strcmp(a, "-p") == 0 ||
                strcmp(a, "-e") == 0) &&
               i + 1 < argc) {
      i++;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "-?") == 0) {
      fprintf(stderr,
              "nginx version: nginx/%s\nUsage: nginx [-?hvVtTq] [-s signal] [-p prefix]\n"
              "             [-e filename] [-c filename] [-g directives]\n",
              version);
      return 0;
    } else if (strcmp(a, "-q") != 0) {
      fprintf(stderr, "nginx: invalid option: \"%s\"\n", a + (a[0] == '-'));
      return 1;
    }
  }
  DIR *root = opendir(ROOT);
  if (root) {
    root_mounted = 1;
    closedir(root);
  }
  char line[96];
  snprintf(line, sizeof line, "nginx/%s", version);
  notice(line);
  notice("built as a WASI stand-in for the nginx image (kube-in-a-tab)");
  notice("start worker processes");
  return http_serve("nginx", 80, handle);
}
