// hashicorp-http-echo: a stand-in for hashicorp/http-echo: serves the text given by -text on -listen (default :5678).
//
// Every path answers 200 with the text and a newline (`text/plain; charset=utf-8`, with
// `X-App-Name: http-echo` and `X-App-Version`), except /health, which answers
// `{"status":"ok"}`. Flags are Go's: `-text=hello`, `-text hello`, `--text=hello`;
// `-listen=:8080` (or `HOST:PORT`); `-version` prints the version. Without -text it reads
// ECHO_TEXT, and fails (exit 127) when that is empty too. Requests are logged on stdout and
// notices on stderr, as http-echo logs them.
//
// Args: -text, -listen, -version; `-stand-in-version=V` (the stand-in's entrypoint passes the
//       image's tag). Env: ECHO_TEXT.
#include "http_server.h"

static const char *text;
static char app_version[32] = "1.0.0";
static int old_release;  // before 1.0 (0.2.3): ECHO_TEXT was not read

static void log_time(char *out, size_t cap) {
  time_t now = time(NULL);
  strftime(out, cap, "%Y/%m/%d %H:%M:%S", gmtime(&now));
}

static void handle(struct http_request *req, struct http_response *res) {
  int health = strcmp(req->path, "/health") == 0;
  if (health) http_puts(&res->body, "{\"status\":\"ok\"}\n");
  else http_printf(&res->body, "%s\n", text);
  http_length_header(res);
  http_header(res, "Content-Type", "text/plain; charset=utf-8");
  http_date_header(res);
  http_header(res, "X-App-Name", "http-echo");
  http_header(res, "X-App-Version", app_version);
  if (health) return;
  char when[32];
  log_time(when, sizeof when);
  const char *host = http_req_header(req, "Host");
  const char *agent = http_req_header(req, "User-Agent");
  printf("%s %s %s \"%s %s %s\" %d %zu \"%s\" 12.5µs\n", when, host ? host : "", req->client,
         req->method, req->path, req->version, res->status, res->body.len, agent ? agent : "");
}

// The value of Go flag `name` at argv[*i] (`-name=v`, `--name=v`, `-name v`), or NULL.
static const char *flag_value(int argc, char **argv, int *i, const char *name) {
  const char *a = argv[*i];
  if (a[0] != '-') return NULL;
  a += a[1] == '-' ? 2 : 1;
  size_t n = strlen(name);
  if (strncmp(a, name, n) != 0) return NULL;
  if (a[n] == '=') return a + n + 1;
  if (a[n] == '\0' && *i + 1 < argc) return argv[++*i];
  return NULL;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char *listen = ":5678";
  int show_version = 0;
  for (int i = 1; i < argc; i++) {
    const char *v;
    if ((v = flag_value(argc, argv, &i, "stand-in-version"))) {
      snprintf(app_version, sizeof app_version, "%s", v[0] == 'v' ? v + 1 : v);
      old_release = app_version[0] == '0';
    } else if ((v = flag_value(argc, argv, &i, "text"))) {
      text = v;
    } else if ((v = flag_value(argc, argv, &i, "listen"))) {
      listen = v;
    } else if (strcmp(argv[i], "-version") == 0 || strcmp(argv[i], "--version") == 0) {
      show_version = 1;
    } else if (argv[i][0] == '-') {
      fprintf(stderr, "flag provided but not defined: %s\n", argv[i]);
      fprintf(stderr, "Usage of /http-echo:\n  -listen string\n    \taddress and port to listen "
                      "(default \":5678\")\n  -text string\n    \ttext to put on the webpage\n"
                      "  -version\n    \tdisplay version information\n");
      return 2;
    } else {
      fprintf(stderr, "Too many arguments!\n");
      return 127;
    }
  }
  if (show_version) {
    fprintf(stderr, "http-echo v%s\n", app_version);
    return 0;
  }
  if (!text || !*text) {
    const char *env = old_release ? NULL : getenv("ECHO_TEXT");
    text = env;
    if (!text || !*text) {
      fprintf(stderr, old_release ? "Missing -text option!\n"
                                  : "Missing -text option OR ENV var TEXT is empty!\n");
      return 127;
    }
  }
  const char *colon = strrchr(listen, ':');
  int port = http_parse_port(colon ? colon + 1 : listen);
  if (port < 0) {
    fprintf(stderr, "[ERR] server exited with: listen tcp: address %s: missing port in address\n",
            listen);
    return 1;
  }
  char when[32];
  log_time(when, sizeof when);
  fprintf(stderr, "%s [INFO] server is listening on %s\n", when, listen);
  return http_serve("http-echo", port, handle);
}
