// hello-wagi: an HTTP handler written as a plain CGI program (WAGI), run once per request: answers Hello from WAGI! with the method, path and query.
// wagi: true
//
// The runtime serves HTTP for it and runs it once per request (wasm-apps/README.md, "WAGI
// handlers"): the request is in the environment (REQUEST_METHOD, PATH_INFO, QUERY_STRING,
// HTTP_*...) and its body on stdin; what it prints is the response, CGI-style: header lines,
// a blank line, the body. It uses nothing else, so the same module runs under WAGI or Spin's
// WAGI executor too.
//
// Paths: /env lists the CGI variables and the arguments; /status/<code> answers with that
// status (`Status:` header); /redirect sends `Location: /` (a 302); /crash traps (the server
// answers 500); any other path is the greeting, with the request body when there is one.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static const char *var(const char *name) {
  const char *value = getenv(name);
  return value ? value : "";
}

static int starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

// The variables a CGI server sets for a request (RFC 3875), with WAGI's X_ additions.
static int is_cgi_variable(const char *entry) {
  static const char *names[] = {
      "AUTH_TYPE",       "CONTENT_LENGTH",    "CONTENT_TYPE", "GATEWAY_INTERFACE",
      "PATH_INFO",       "PATH_TRANSLATED",   "QUERY_STRING", "REMOTE_ADDR",
      "REMOTE_HOST",     "REMOTE_USER",       "REQUEST_METHOD", "SCRIPT_NAME",
      "SERVER_NAME",     "SERVER_PORT",       "SERVER_PROTOCOL", "SERVER_SOFTWARE",
  };
  if (starts_with(entry, "HTTP_") || starts_with(entry, "X_")) return 1;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    size_t n = strlen(names[i]);
    if (strncmp(entry, names[i], n) == 0 && entry[n] == '=') return 1;
  }
  return 0;
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void show_environment(int argc, char **argv) {
  size_t count = 0;
  for (char **e = environ; *e; e++) count++;
  char **sorted = malloc((count + 1) * sizeof *sorted);
  size_t n = 0;
  for (char **e = environ; *e; e++) {
    if (is_cgi_variable(*e)) sorted[n++] = *e;
  }
  qsort(sorted, n, sizeof *sorted, compare_strings);
  printf("Content-Type: text/plain; charset=utf-8\n\n");
  printf("CGI variables:\n");
  for (size_t i = 0; i < n; i++) printf("  %s\n", sorted[i]);
  printf("Arguments:\n");
  for (int i = 0; i < argc; i++) printf("  argv[%d] = %s\n", i, argv[i]);
  free(sorted);
}

static const char *reason(int code) {
  switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 418: return "I'm a teapot";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

static void show_status(const char *code_text) {
  char *end;
  long code = strtol(code_text, &end, 10);
  if (*code_text == '\0' || *end != '\0' || code < 100 || code > 599) {
    printf("Status: 400 Bad Request\nContent-Type: text/plain\n\n");
    printf("not a status code: %s\n", code_text);
    return;
  }
  printf("Status: %ld %s\nContent-Type: text/plain\n\n", code, reason((int)code));
  printf("%ld %s\n", code, reason((int)code));
}

static void greet(void) {
  printf("Content-Type: text/plain; charset=utf-8\n\n");
  printf("Hello from WAGI!\n");
  printf("method: %s\n", var("REQUEST_METHOD"));
  printf("path: %s\n", var("PATH_INFO"));
  printf("query: %s\n", var("QUERY_STRING"));
  if (*var("HOSTNAME")) printf("hostname: %s\n", var("HOSTNAME"));
  // The body, as much as there is, on stdin.
  char buffer[4096];
  size_t total = 0;
  size_t got;
  while ((got = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
    if (total == 0) printf("body: ");
    fwrite(buffer, 1, got, stdout);
    total += got;
  }
  if (total > 0) printf("\n");
}

int main(int argc, char **argv) {
  const char *path = var("PATH_INFO");
  if (strcmp(path, "/env") == 0) {
    show_environment(argc, argv);
  } else if (starts_with(path, "/status/")) {
    show_status(path + strlen("/status/"));
  } else if (strcmp(path, "/redirect") == 0) {
    printf("Location: /\nContent-Type: text/plain\n\nsee /\n");
  } else if (strcmp(path, "/crash") == 0) {
    fprintf(stderr, "hello-wagi: crashing on purpose\n");
    fflush(stderr);
    __builtin_trap();
  } else {
    greet();
  }
  return 0;
}
