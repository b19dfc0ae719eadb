// httpd: a stand-in for the httpd (Apache HTTP Server) image: "It works!" on port 80, or the files of /usr/local/apache2/htdocs.
//
// What the official image's default configuration does, from the outside: HTTP on port 80,
// `/` is the image's index.html (`<html><body><h1>It works!</h1></body></html>`), a missing
// file is Apache's 404 page, and every answer carries `Server: Apache/<version> (Unix)`.
// When a volume is mounted at /usr/local/apache2/htdocs its files are served instead.
// Requests are logged on stdout in Apache's common log format.
//
// Args: `httpd-foreground` (the image's CMD) or `httpd` with `-v` (version) or `-D
//       FOREGROUND`. Env: HTTPD_VERSION (the image sets it; default 2.4.62).
#include <dirent.h>
#include <sys/stat.h>

#include "http_server.h"

#define ROOT "/usr/local/apache2/htdocs"

static char version[32] = "2.4.62";
static int root_mounted;

static const char it_works[] = "<html><body><h1>It works!</h1></body></html>\n";

// When the image's index.html was written (its Last-Modified and ETag).
static const time_t image_files_mtime = 1181087549;  // Mon, 11 Jun 2007 18:53:14 GMT

static void server_headers(struct http_response *res) {
  char server[64];
  snprintf(server, sizeof server, "Apache/%s (Unix)", version);
  http_date_header(res);
  http_header(res, "Server", server);
}

static void not_found(struct http_response *res) {
  res->status = 404;
  res->reason = "Not Found";
  http_puts(&res->body,
            "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n"
            "<html><head>\n"
            "<title>404 Not Found</title>\n"
            "</head><body>\n"
            "<h1>Not Found</h1>\n"
            "<p>The requested URL was not found on this server.</p>\n"
            "</body></html>\n");
  server_headers(res);
  http_length_header(res);
  http_header(res, "Content-Type", "text/html; charset=iso-8859-1");
}

static void file_answer(struct http_response *res, const char *type, time_t mtime) {
  char modified[64], etag[64];
  server_headers(res);
  http_format_date(mtime, modified, sizeof modified);
  http_header(res, "Last-Modified", modified);
  snprintf(etag, sizeof etag, "\"%zx-%llx\"", res->body.len, (unsigned long long)mtime * 1000000ULL);
  http_header(res, "ETag", etag);
  http_header(res, "Accept-Ranges", "bytes");
  http_length_header(res);
  http_header(res, "Content-Type", type);
}

static const char *mime_type(const char *path) {
  const char *dot = strrchr(path, '.');
  if (!dot || strchr(dot, '/')) return "text/plain";
  if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0) return "text/html";
  if (strcasecmp(dot, ".css") == 0) return "text/css";
  if (strcasecmp(dot, ".js") == 0) return "text/javascript";
  if (strcasecmp(dot, ".json") == 0) return "application/json";
  if (strcasecmp(dot, ".png") == 0) return "image/png";
  if (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0) return "image/jpeg";
  if (strcasecmp(dot, ".svg") == 0) return "image/svg+xml";
  return "text/plain";
}

static void serve_mounted(const char *path, struct http_response *res) {
  char file[4096];
  struct stat st;
  snprintf(file, sizeof file, ROOT "%s%s", path, path[strlen(path) - 1] == '/' ? "index.html" : "");
  if (strstr(path, "/../") || stat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
    not_found(res);
    return;
  }
  FILE *f = fopen(file, "rb");
  if (!f) {
    not_found(res);
    return;
  }
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) http_put(&res->body, chunk, n);
  fclose(f);
  file_answer(res, mime_type(file), st.st_mtime);
}

static void handle(struct http_request *req, struct http_response *res) {
  if (root_mounted) {
    serve_mounted(req->path, res);
  } else if (strcmp(req->path, "/") == 0 || strcmp(req->path, "/index.html") == 0) {
    http_puts(&res->body, it_works);
    file_answer(res, "text/html", image_files_mtime);
  } else {
    not_found(res);
  }
  char when[40];
  time_t now = time(NULL);
  strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", gmtime(&now));
  printf("%s - - [%s] \"%s %s %s\" %d %zu\n", req->client, when, req->method, req->target,
         req->version, res->status, req->head ? 0 : res->body.len);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char *env_version = getenv("HTTPD_VERSION");
  if (env_version && *env_version) snprintf(version, sizeof version, "%s", env_version);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-v") == 0) {
      printf("Server version: Apache/%s (Unix)\nServer built:   (a WASI stand-in, kube-in-a-tab)\n",
             version);
      return 0;
    } else if (strcmp(argv[i], "-D") == 0 && i + 1 < argc) {
      i++;
    }
  }
  DIR *root = opendir(ROOT);
  if (root) {
    root_mounted = 1;
    closedir(root);
  }
  char when[64];
  time_t now = time(NULL);
  strftime(when, sizeof when, "%a %b %d %H:%M:%S.000000 %Y", gmtime(&now));
  fprintf(stderr,
          "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, "
          "using %s. Set the 'ServerName' directive globally to suppress this message\n",
          http_hostname());
  fprintf(stderr,
          "[%s] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/%s (Unix) configured -- resuming "
          "normal operations\n",
          when, version);
  fprintf(stderr, "[%s] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n",
          when);
  return http_serve("httpd", 80, handle);
}
