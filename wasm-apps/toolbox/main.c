// toolbox: a small busybox-like multi-call program: sh, echo, env, cat, ls, hostname, sleep, nslookup, wget, nc and more.
//
// Runs the applet named by argv[0]'s basename or, when argv[0] is not an applet (`toolbox`,
// `busybox`), by argv[1]; with neither it runs `sh`. `toolbox --list` prints the applets.
// `sh` runs `-c "cmd; cmd2"`, a file or the lines of stdin: words with '...' and "..." quotes
// and backslashes, $VAR / ${VAR} / $? expansion, $(cmd) and `cmd` substitution, `;`, `&&`,
// `||`, `!`, NAME=value assignments, > >> < redirections, while/until/for/if compound commands
// with break and continue, and cd and export; every other applet is a built-in of it
// (test/[, touch, rm, mkdir for files). The network applets use the cluster network through the
// playground_net imports and print what busybox prints: `nslookup NAME` asks the cluster DNS,
// `wget [-q] [-O FILE|-] [-S] [-T SEC] [-U AGENT] URL` fetches over HTTP/1.1 (following
// redirects, chunked or not), `nc [-w SEC] HOST PORT` sends stdin and prints the answer.
// Env: HOSTNAME (hostname, uname -n).
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "playground_net.h"

extern char **environ;

// sh's redirections (`> FILE`, `>> FILE`, `< FILE`): WASI has no dup(), so a built-in's
// standard streams are swapped at the stdio level while it runs.
static FILE *redirected_out, *redirected_in;
#undef stdout
#define stdout (redirected_out ? redirected_out : (stdout))
#undef stdin
#define stdin (redirected_in ? redirected_in : (stdin))
#define printf(...) fprintf(stdout, __VA_ARGS__)
#define putchar(c) fputc((c), stdout)
#define puts(s) (fputs((s), stdout) < 0 || fputc('\n', stdout) < 0 ? EOF : 0)

typedef int (*applet_fn)(int argc, char **argv);

struct applet {
  const char *name;
  applet_fn run;
};

static int run_applet(int argc, char **argv);

static const char *basename_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static const char *hostname_value(void) {
  const char *host = getenv("HOSTNAME");
  return host && *host ? host : "localhost";
}

static int app_true(int argc, char **argv) {
  (void)argc, (void)argv;
  return 0;
}

static int app_false(int argc, char **argv) {
  (void)argc, (void)argv;
  return 1;
}

static int app_echo(int argc, char **argv) {
  int i = 1, newline = 1;
  if (i < argc && strcmp(argv[i], "-n") == 0) newline = 0, i++;
  for (int first = 1; i < argc; i++, first = 0) printf("%s%s", first ? "" : " ", argv[i]);
  if (newline) putchar('\n');
  return 0;
}

static int app_env(int argc, char **argv) {
  (void)argc, (void)argv;
  for (char **var = environ; var && *var; var++) puts(*var);
  return 0;
}

static int app_printenv(int argc, char **argv) {
  if (argc < 2) return app_env(argc, argv);
  int status = 0;
  for (int i = 1; i < argc; i++) {
    const char *value = getenv(argv[i]);
    if (value) puts(value);
    else status = 1;
  }
  return status;
}

// Without preopened directories WASI reports ENOTCAPABLE: to the program the file is not there.
static const char *open_error(void) {
  return errno == ENOTCAPABLE ? strerror(ENOENT) : strerror(errno);
}

static void copy(FILE *in) {
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, stdout);
}

static int app_cat(int argc, char **argv) {
  int status = 0;
  if (argc < 2) copy(stdin);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-") == 0) {
      copy(stdin);
      continue;
    }
    FILE *f = fopen(argv[i], "r");
    if (!f) {
      fflush(stdout);
      fprintf(stderr, "cat: can't open '%s': %s\n", argv[i], open_error());
      status = 1;
      continue;
    }
    copy(f);
    fclose(f);
  }
  return status;
}

static int app_touch(int argc, char **argv) {
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-') continue;
    FILE *f = fopen(argv[i], "a");
    if (!f) {
      fprintf(stderr, "touch: %s: %s\n", argv[i], open_error());
      status = 1;
      continue;
    }
    fclose(f);
  }
  return status;
}

// Removes `path`, and with `recursive` what a directory holds; 0 or -1 with errno.
static int remove_path(const char *path, int recursive) {
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  if (!S_ISDIR(st.st_mode)) return unlink(path);
  if (!recursive) {
    errno = EISDIR;
    return -1;
  }
  DIR *dir = opendir(path);
  if (!dir) return -1;
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    char child[4096];
    snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
    if (remove_path(child, 1) != 0) {
      closedir(dir);
      return -1;
    }
  }
  closedir(dir);
  return rmdir(path);
}

static int app_rm(int argc, char **argv) {
  int force = 0, recursive = 0, status = 0;
  for (int i = 1; i < argc && argv[i][0] == '-'; i++) {
    force |= strchr(argv[i], 'f') != NULL;
    recursive |= strchr(argv[i], 'r') != NULL || strchr(argv[i], 'R') != NULL;
  }
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-') continue;
    if (remove_path(argv[i], recursive) != 0) {
      if (force && (errno == ENOENT || errno == ENOTCAPABLE)) continue;
      fprintf(stderr, "rm: can't remove '%s': %s\n", argv[i], open_error());
      status = 1;
    }
  }
  return status;
}

static int app_mkdir(int argc, char **argv) {
  int parents = 0, status = 0;
  for (int i = 1; i < argc; i++) parents |= strcmp(argv[i], "-p") == 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-') continue;
    char path[4096];
    snprintf(path, sizeof path, "%s", argv[i]);
    if (parents) {
      for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0777);
        *slash = '/';
      }
    }
    if (mkdir(path, 0777) != 0 && !(parents && errno == EEXIST)) {
      fprintf(stderr, "mkdir: can't create directory '%s': %s\n", argv[i], open_error());
      status = 1;
    }
  }
  return status;
}

// test's expression over args[0..n): 1 true, 0 false, -1 bad.
static int test_expr(int n, char **args) {
  if (n == 0) return 0;
  if (strcmp(args[0], "!") == 0) {
    int r = test_expr(n - 1, args + 1);
    return r < 0 ? r : !r;
  }
  if (n == 1) return args[0][0] != '\0';
  if (n == 2) {
    const char *op = args[0], *a = args[1];
    struct stat st;
    int exists = stat(a, &st) == 0;
    if (strcmp(op, "-n") == 0) return a[0] != '\0';
    if (strcmp(op, "-z") == 0) return a[0] == '\0';
    if (strcmp(op, "-e") == 0) return exists;
    if (strcmp(op, "-f") == 0) return exists && S_ISREG(st.st_mode);
    if (strcmp(op, "-d") == 0) return exists && S_ISDIR(st.st_mode);
    if (strcmp(op, "-s") == 0) return exists && st.st_size > 0;
    if (strcmp(op, "-r") == 0 || strcmp(op, "-w") == 0 || strcmp(op, "-x") == 0) return exists;
    return -1;
  }
  if (n == 3) {
    const char *a = args[0], *op = args[1], *b = args[2];
    if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0) return strcmp(a, b) == 0;
    if (strcmp(op, "!=") == 0) return strcmp(a, b) != 0;
    long x = atol(a), y = atol(b);
    if (strcmp(op, "-eq") == 0) return x == y;
    if (strcmp(op, "-ne") == 0) return x != y;
    if (strcmp(op, "-lt") == 0) return x < y;
    if (strcmp(op, "-le") == 0) return x <= y;
    if (strcmp(op, "-gt") == 0) return x > y;
    if (strcmp(op, "-ge") == 0) return x >= y;
    return -1;
  }
  return -1;
}

// `test EXPR` and `[ EXPR ]`: unary file and string tests, string and integer comparisons, !.
static int app_test(int argc, char **argv) {
  if (strcmp(basename_of(argv[0]), "[") == 0) {
    if (strcmp(argv[argc - 1], "]") != 0) {
      fprintf(stderr, "[: missing ]\n");
      return 2;
    }
    argc--;
  }
  int r = test_expr(argc - 1, argv + 1);
  if (r < 0) {
    fprintf(stderr, "test: syntax error\n");
    return 2;
  }
  return r ? 0 : 1;
}

static int list_dir(const char *path, int header) {
  DIR *dir = opendir(path);
  if (!dir) {
    // No preopened directories: the root and the working directory exist but hold nothing.
    if (strcmp(path, "/") == 0 || strcmp(path, ".") == 0) return 0;
    fflush(stdout);
    fprintf(stderr, "ls: %s: %s\n", path, open_error());
    return 1;
  }
  if (header) printf("%s:\n", path);
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] != '.') puts(entry->d_name);
  }
  closedir(dir);
  return 0;
}

static int app_ls(int argc, char **argv) {
  int status = 0, paths = 0;
  for (int i = 1; i < argc; i++) paths += argv[i][0] != '-';
  if (paths == 0) return list_dir(".", 0);
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] != '-') status |= list_dir(argv[i], paths > 1);
  }
  return status;
}

static int app_pwd(int argc, char **argv) {
  (void)argc, (void)argv;
  puts("/");
  return 0;
}

static int app_hostname(int argc, char **argv) {
  (void)argc, (void)argv;
  puts(hostname_value());
  return 0;
}

static int app_sleep(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "sleep: missing operand\n");
    return 1;
  }
  char *end;
  double seconds = strtod(argv[1], &end);
  if (end == argv[1] || seconds < 0) {
    fprintf(stderr, "sleep: invalid number '%s'\n", argv[1]);
    return 1;
  }
  if (*end == 'm') seconds *= 60;
  else if (*end == 'h') seconds *= 3600;
  else if (*end == 'd') seconds *= 86400;
  fflush(stdout);
  // `sleep infinity` (as the docs' dnsutils Pod runs): strtod reads it as an infinite number.
  while (seconds > 1e9) {
    struct timespec day = {86400, 0};
    nanosleep(&day, NULL);
  }
  struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
  nanosleep(&ts, NULL);
  return 0;
}

static int app_exit(int argc, char **argv) {
  exit(argc > 1 ? atoi(argv[1]) & 255 : 0);
}

static int app_whoami(int argc, char **argv) {
  (void)argc, (void)argv;
  puts("root");
  return 0;
}

static int app_id(int argc, char **argv) {
  (void)argc, (void)argv;
  puts("uid=0(root) gid=0(root) groups=0(root)");
  return 0;
}

static int app_date(int argc, char **argv) {
  (void)argc, (void)argv;
  time_t now = time(NULL);
  char buf[64];
  strftime(buf, sizeof buf, "%a %b %e %H:%M:%S UTC %Y", gmtime(&now));
  puts(buf);
  return 0;
}

static int app_uname(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "-a") == 0)
    printf("WASI %s preview1 #1 wasm32 WASI\n", hostname_value());
  else if (argc > 1 && strcmp(argv[1], "-n") == 0)
    puts(hostname_value());
  else if (argc > 1 && strcmp(argv[1], "-m") == 0)
    puts("wasm32");
  else
    puts("WASI");
  return 0;
}

// --- network ------------------------------------------------------------------------------

// The cluster DNS Service's address, which a pod's resolv.conf names as its nameserver.
#define CLUSTER_DNS "10.96.0.10"

static int is_ipv4(const char *s) {
  int parts = 0;
  while (*s) {
    if (!isdigit((unsigned char)*s)) return 0;
    long v = strtol(s, (char **)&s, 10);
    if (v > 255) return 0;
    parts++;
    if (*s == '.') s++;
    else if (*s) return 0;
  }
  return parts == 4;
}

// The dotted address of `host` (itself when it is one already): 0, or -1 with errno (ENOENT
// for a name the cluster DNS does not know).
static int address_of(const char *host, char ip[16]) {
  if (is_ipv4(host)) {
    snprintf(ip, 16, "%s", host);
    return 0;
  }
  return net_resolve(host, ip, NULL, 0);
}

static int app_nslookup(int argc, char **argv) {
  const char *name = NULL, *server = NULL;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-') continue;  // -type=a, -debug...: the answer is the same
    if (!name) name = argv[i];
    else if (!server) server = argv[i];
  }
  if (!name) {
    fprintf(stderr, "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n");
    return 1;
  }
  char canonical[256];
  uint8_t addrs[4 * 32];
  uint32_t name_len = 0, count = 0;
  int32_t err = playground_net_resolve(name, (uint32_t)strlen(name), canonical,
                                       sizeof canonical - 1, &name_len, addrs, 32, &count);
  if (err != 0 && err != ENOENT) {
    printf(";; connection timed out; no servers could be reached\n\n");
    return 1;
  }
  canonical[name_len] = '\0';
  if (!server) server = CLUSTER_DNS;
  printf("Server:\t\t%s\nAddress:\t%s:53\n\n", server, server);
  if (err == ENOENT) {
    printf("** server can't find %s: NXDOMAIN\n\n", name);
    return 1;
  }
  // A name outside the cluster (an ExternalName's target) comes back without addresses.
  if (count == 0) printf("%s\tcanonical name = %s\n", name, canonical);
  for (uint32_t i = 0; i < count; i++) {
    const uint8_t *a = addrs + 4 * i;
    printf("Name:\t%s\nAddress: %u.%u.%u.%u\n", canonical, a[0], a[1], a[2], a[3]);
  }
  putchar('\n');
  return 0;
}

// A socket read with a timeout (in seconds; 0 = none): bytes, 0 at the end, -1 with errno
// (ETIMEDOUT when nothing came in time).
static ssize_t recv_timeout(int fd, char *buf, size_t cap, int seconds) {
  struct pollfd pfd = {fd, POLLIN, 0};
  int ready = poll(&pfd, 1, seconds > 0 ? seconds * 1000 : -1);
  if (ready == 0) {
    errno = ETIMEDOUT;
    return -1;
  }
  if (ready < 0) return -1;
  return recv(fd, buf, cap, 0);
}

// A buffered reader over a socket, for HTTP's lines and bodies.
struct reader {
  int fd, timeout;
  char buf[8192];
  size_t pos, len;
  int eof;
};

// Fills the buffer when it is empty: 1 when bytes are there, 0 at the end, -1 on an error.
static int reader_fill(struct reader *r) {
  if (r->pos < r->len) return 1;
  if (r->eof) return 0;
  ssize_t n = recv_timeout(r->fd, r->buf, sizeof r->buf, r->timeout);
  if (n < 0) return -1;
  r->pos = 0;
  r->len = (size_t)n;
  if (n == 0) r->eof = 1;
  return n > 0;
}

// Reads a line without its CR LF into line[cap]: 0, or -1 (the end, or an error with errno).
static int reader_line(struct reader *r, char *line, size_t cap) {
  size_t n = 0;
  for (;;) {
    int rc = reader_fill(r);
    if (rc <= 0) {
      if (rc == 0) errno = 0;
      return -1;
    }
    char c = r->buf[r->pos++];
    if (c == '\n') break;
    if (n + 1 < cap) line[n++] = c;
  }
  if (n > 0 && line[n - 1] == '\r') n--;
  line[n] = '\0';
  return 0;
}

// Copies up to `limit` bytes (-1: until the end) to out; the count, or -1 on an error.
static long long reader_copy(struct reader *r, FILE *out, long long limit) {
  long long done = 0;
  while (limit < 0 || done < limit) {
    int rc = reader_fill(r);
    if (rc < 0) return -1;
    if (rc == 0) break;
    size_t n = r->len - r->pos;
    if (limit >= 0 && (long long)n > limit - done) n = (size_t)(limit - done);
    if (out) fwrite(r->buf + r->pos, 1, n, out);
    r->pos += n;
    done += (long long)n;
  }
  return done;
}

struct url {
  char host_port[256];  // as written in the URL (the Host header)
  char host[256];
  int port;
  char path[2048];  // after the first '/', without it
};

static int parse_url(const char *text, struct url *u) {
  const char *p = text;
  if (strncmp(p, "http://", 7) == 0) {
    p += 7;
  } else if (strstr(p, "://")) {
    fprintf(stderr, "wget: not an http or ftp url: %s\n", text);
    return -1;
  }
  size_t host_len = strcspn(p, "/?#");
  snprintf(u->host_port, sizeof u->host_port, "%.*s", (int)host_len, p);
  snprintf(u->host, sizeof u->host, "%s", u->host_port);
  u->port = 80;
  char *colon = strrchr(u->host, ':');
  if (colon) {
    *colon = '\0';
    u->port = atoi(colon + 1);
  }
  p += host_len;
  if (*p == '/') p++;
  snprintf(u->path, sizeof u->path, "%.*s", (int)strcspn(p, "#"), p);
  return 0;
}

static void human_size(char out[6], long long v) {
  static const char scale[] = " kMGTPEZY";
  if (v <= 99999) {
    snprintf(out, 6, "%5lld", v);
    return;
  }
  int idx = 0;
  long long ul = v * 10;
  do {
    ul /= 1024;
    idx++;
  } while (ul >= 100000);
  long long u = ul / 10, tenth = ul % 10;
  if (u >= 100) snprintf(out, 6, "%4lld%c", u, scale[idx]);
  else snprintf(out, 6, "%2lld.%lld%c", u, tenth, scale[idx]);
}

// busybox's progress line as it ends on a non-terminal: name, 100%, a full bar and the size.
static void progress_done(const char *file, long long bytes) {
  const char *slash = strrchr(file, '/');
  char size[6];
  human_size(size, bytes);
  fprintf(stderr, "%-20.20s ", slash ? slash + 1 : file);
  if (bytes > 0) fprintf(stderr, "100%% |********************************| ");
  fprintf(stderr, "%s %s\n", size, bytes > 0 ? " 0:00:00 ETA" : "--:--:-- ETA");
}

static int app_wget(int argc, char **argv) {
  int quiet = 0, server_response = 0, timeout = 900;
  const char *output = NULL, *agent = "Wget";
  char *urls[64];
  int nurls = 0;
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    if (strncmp(a, "--", 2) == 0) {
      char *eq = strchr(a, '=');
      const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[i + 1] : NULL);
      size_t n = eq ? (size_t)(eq - a) : strlen(a);
      int takes = !eq;
      if (strncmp(a, "--quiet", n) == 0 && n == 7) quiet = 1, takes = 0;
      else if (strncmp(a, "--server-response", n) == 0 && n == 17) server_response = 1, takes = 0;
      else if (strncmp(a, "--output-document", n) == 0 && n == 17 && value) output = value;
      else if (strncmp(a, "--timeout", n) == 0 && n == 9 && value) timeout = atoi(value);
      else if (strncmp(a, "--user-agent", n) == 0 && n == 12 && value) agent = value;
      else if (strncmp(a, "--no-check-certificate", n) == 0) takes = 0;
      else {
        fprintf(stderr, "wget: unrecognized option '%s'\n", a);
        return 1;
      }
      if (takes) i++;
      continue;
    }
    if (a[0] != '-' || !a[1]) {
      if (nurls < 64) urls[nurls++] = a;
      continue;
    }
    for (char *f = a + 1; *f; f++) {
      if (*f == 'q') quiet = 1;
      else if (*f == 'S') server_response = 1;
      else if (*f == 'c') continue;
      else if (strchr("OTUYPt", *f)) {
        const char *value = f[1] ? f + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!value) {
          fprintf(stderr, "wget: option requires an argument -- '%c'\n", *f);
          return 1;
        }
        if (*f == 'O') output = value;
        else if (*f == 'T') timeout = atoi(value);
        else if (*f == 'U') agent = value;
        break;
      } else {
        fprintf(stderr, "wget: invalid option -- '%c'\n", *f);
        return 1;
      }
    }
  }
  if (nurls == 0) {
    fprintf(stderr,
            "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
            "\t[--post-data STR | --post-file FILE] [-Y on/off]\n"
            "\t[-P DIR] [-U AGENT] [-T SEC] URL...\n");
    return 1;
  }
  fflush(stdout);

  FILE *out = NULL;
  if (output && strcmp(output, "-") == 0) out = stdout;
  for (int u = 0; u < nurls; u++) {
    struct url url;
    if (parse_url(urls[u], &url) < 0) return 1;
    const char *fname = output;
    char fname_buf[2048];
    if (!fname) {
      const char *last = strrchr(url.path, '/');
      last = last ? last + 1 : url.path;
      snprintf(fname_buf, sizeof fname_buf, "%.*s", (int)strcspn(last, "?"), last);
      fname = fname_buf[0] ? fname_buf : "index.html";
    }
    int redirects = 5;
  connect:;
    char ip[16];
    if (address_of(url.host, ip) < 0) {
      fprintf(stderr, "wget: bad address '%s'\n", url.host);
      return 1;
    }
    if (!quiet) fprintf(stderr, "Connecting to %s (%s:%d)\n", url.host_port, ip, url.port);
    int fd = net_connect(ip, url.port);
    if (fd < 0) {
      fprintf(stderr, "wget: can't connect to remote host (%s): %s\n", ip, strerror(errno));
      return 1;
    }
    char request[4096];
    int n = snprintf(request, sizeof request,
                     "GET /%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nConnection: close\r\n\r\n",
                     url.path, url.host_port, agent);
    if (send(fd, request, (size_t)n, 0) < 0) {
      fprintf(stderr, "wget: error getting response: %s\n", strerror(errno));
      return 1;
    }
    static struct reader r;
    memset(&r, 0, sizeof r);
    r.fd = fd;
    r.timeout = timeout;
    char line[4096];
    int status = 0;
    // Skips interim 100 Continue answers, as busybox does.
    for (;;) {
      if (reader_line(&r, line, sizeof line) < 0) {
        if (errno == ETIMEDOUT) fprintf(stderr, "wget: download timed out\n");
        else if (errno) fprintf(stderr, "wget: error getting response: %s\n", strerror(errno));
        else fprintf(stderr, "wget: error getting response\n");
        return 1;
      }
      if (server_response) fprintf(stderr, "  %s\n", line);
      const char *code = strchr(line, ' ');
      status = code ? atoi(code + 1) : 0;
      if (status != 0 && status != 100) break;
      while (reader_line(&r, line, sizeof line) == 0 && line[0]) {
        if (server_response) fprintf(stderr, "  %s\n", line);
      }
    }
    int redirect = status >= 300 && status <= 303;
    if (!(status >= 200 && status <= 204) && !redirect) {
      fprintf(stderr, "wget: server returned error: %s\n", line);
      return 1;
    }
    long long length = -1;
    int chunked = 0;
    char location[2048] = "";
    for (;;) {
      if (reader_line(&r, line, sizeof line) < 0) {
        fprintf(stderr, "wget: error getting response\n");
        return 1;
      }
      if (server_response) fprintf(stderr, "  %s\n", line);
      if (!line[0]) break;
      char *colon = strchr(line, ':');
      if (!colon) {
        fprintf(stderr, "wget: bad header line: %s\n", line);
        return 1;
      }
      *colon = '\0';
      char *value = colon + 1;
      while (*value == ' ' || *value == '\t') value++;
      if (strcasecmp(line, "content-length") == 0) length = atoll(value);
      else if (strcasecmp(line, "transfer-encoding") == 0) {
        if (strncasecmp(value, "chunked", 7) != 0) {
          fprintf(stderr, "wget: transfer encoding '%s' is not supported\n", value);
          return 1;
        }
        chunked = 1;
      } else if (strcasecmp(line, "location") == 0) {
        snprintf(location, sizeof location, "%s", value);
      }
    }
    if (redirect && location[0]) {
      close(fd);
      if (--redirects == 0) {
        fprintf(stderr, "wget: too many redirections\n");
        return 1;
      }
      if (location[0] == '/') snprintf(url.path, sizeof url.path, "%s", location + 1);
      else if (parse_url(location, &url) < 0) return 1;
      goto connect;
    }

    int opened = 0;
    if (!out) {
      // Without -O busybox does not overwrite; -O FILE does.
      int flags = O_WRONLY | O_CREAT | O_TRUNC | (output ? 0 : O_EXCL);
      int file = open(fname, flags, 0666);
      out = file >= 0 ? fdopen(file, "w") : NULL;
      if (!out) {
        fprintf(stderr, "wget: can't open '%s': %s\n", fname, open_error());
        return 1;
      }
      opened = 1;
    }
    if (!quiet) {
      if (out == stdout) fprintf(stderr, "writing to stdout\n");
      else fprintf(stderr, "saving to '%s'\n", fname);
    }
    long long total = 0, got;
    if (chunked) {
      for (;;) {
        if (reader_line(&r, line, sizeof line) < 0) break;
        long long size = strtoll(line, NULL, 16);
        if (size <= 0) break;
        got = reader_copy(&r, out, size);
        if (got < 0) break;
        total += got;
        reader_line(&r, line, sizeof line);
      }
      got = 0;
    } else {
      got = reader_copy(&r, out, length);
      if (got > 0) total += got;
    }
    close(fd);
    if (got < 0) {
      fflush(out);
      fprintf(stderr, errno == ETIMEDOUT ? "wget: download timed out\n" : "wget: read error: %s\n",
              strerror(errno));
      return 1;
    }
    fflush(out);
    if (!quiet) {
      progress_done(out == stdout ? "-" : fname, total);
      if (out == stdout) fprintf(stderr, "written to stdout\n");
      else fprintf(stderr, "'%s' saved\n", fname);
    }
    if (opened) {
      fclose(out);
      out = NULL;
      if (output) {
        // One -O FILE for several URLs: append the next ones.
        int file = open(fname, O_WRONLY | O_APPEND);
        out = file >= 0 ? fdopen(file, "a") : NULL;
      }
    }
  }
  if (out && out != stdout) fclose(out);
  return 0;
}

// --- curl -----------------------------------------------------------------------------------

// curl's exit codes (libcurl's CURLcode) for what can go wrong here.
enum {
  CURL_UNSUPPORTED_PROTOCOL = 1,
  CURL_URL_MALFORMAT = 3,
  CURL_COULDNT_RESOLVE_HOST = 6,
  CURL_COULDNT_CONNECT = 7,
  CURL_HTTP_RETURNED_ERROR = 22,
  CURL_WRITE_ERROR = 23,
  CURL_OPERATION_TIMEDOUT = 28,
  CURL_TOO_MANY_REDIRECTS = 47,
  CURL_GOT_NOTHING = 52,
  CURL_SEND_ERROR = 55,
  CURL_RECV_ERROR = 56,
};

struct curl_options {
  int silent, show_error, include, head, verbose, follow, fail;
  int timeout;  // seconds; 0 = none
  const char *method, *data, *output, *agent, *write_out;
  const char *headers[32];
  int nheaders;
};

// Prints curl's error line unless -s without -S, and gives the code back.
static int curl_error(const struct curl_options *o, int code, const char *fmt, ...) {
  if (!o->silent || o->show_error) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "curl: (%d) ", code);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
  }
  return code;
}

// Prints -w's format with %{http_code}, %{size_download}, %{url_effective}, %{content_type},
// %{num_redirects}, and \n / \t / \r escapes.
static void curl_write_out(const char *fmt, int status, long long size, const char *url,
                           const char *content_type, int redirects) {
  for (const char *p = fmt; *p; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      putchar(*p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p);
    } else if (*p == '%' && p[1] == '{') {
      const char *end = strchr(p, '}');
      if (!end) {
        fputs(p, stdout);
        break;
      }
      size_t n = (size_t)(end - p - 2);
      const char *name = p + 2;
      if (n == 9 && strncmp(name, "http_code", n) == 0) printf("%03d", status);
      else if (n == 13 && strncmp(name, "response_code", n) == 0) printf("%03d", status);
      else if (n == 13 && strncmp(name, "size_download", n) == 0) printf("%lld", size);
      else if (n == 13 && strncmp(name, "url_effective", n) == 0) printf("%s", url);
      else if (n == 12 && strncmp(name, "content_type", n) == 0) printf("%s", content_type);
      else if (n == 13 && strncmp(name, "num_redirects", n) == 0) printf("%d", redirects);
      p = end;
    } else {
      putchar(*p);
    }
  }
}

// One transfer of curl: the answer's status, or a negative curl exit code.
static int curl_transfer(const struct curl_options *o, const char *url_text, FILE *out) {
  struct url url;
  char effective[2400];
  const char *scheme = strstr(url_text, "://");
  if (scheme && strncmp(url_text, "http://", 7) != 0) {
    return -curl_error(o, CURL_UNSUPPORTED_PROTOCOL, "Protocol \"%.*s\" not supported",
                       (int)(scheme - url_text), url_text);
  }
  if (parse_url(url_text, &url) < 0 || !url.host[0]) {
    return -curl_error(o, CURL_URL_MALFORMAT, "URL using bad/illegal format or missing URL");
  }
  const char *method = o->method ? o->method : o->head ? "HEAD" : o->data ? "POST" : "GET";
  int redirects = 0, status = 0;
  long long size = 0;
  char content_type[256] = "";
  for (;;) {
    snprintf(effective, sizeof effective, "http://%s/%s", url.host_port, url.path);
    char ip[16];
    if (address_of(url.host, ip) < 0) {
      return -curl_error(o, CURL_COULDNT_RESOLVE_HOST, "Could not resolve host: %s", url.host);
    }
    if (o->verbose) fprintf(stderr, "*   Trying %s:%d...\n", ip, url.port);
    int fd = net_connect(ip, url.port);
    if (fd < 0) {
      return -curl_error(o, CURL_COULDNT_CONNECT,
                         "Failed to connect to %s port %d after 0 ms: Couldn't connect to server",
                         url.host, url.port);
    }
    if (o->verbose) fprintf(stderr, "* Connected to %s (%s) port %d\n", url.host, ip, url.port);
    static char request[16384];
    int n = snprintf(request, sizeof request,
                     "%s /%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\n", method,
                     url.path, url.host_port, o->agent);
    for (int h = 0; h < o->nheaders && n < (int)sizeof request; h++) {
      n += snprintf(request + n, sizeof request - (size_t)n, "%s\r\n", o->headers[h]);
    }
    if (o->data && n < (int)sizeof request) {
      n += snprintf(request + n, sizeof request - (size_t)n,
                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n",
                    strlen(o->data));
    }
    if (n < (int)sizeof request) n += snprintf(request + n, sizeof request - (size_t)n, "\r\n");
    if (n >= (int)sizeof request) n = (int)sizeof request - 1;
    if (o->verbose) {
      for (char *line = request; *line && !(line[0] == '\r' && line[1] == '\n');) {
        char *end = strstr(line, "\r\n");
        fprintf(stderr, "> %.*s\n", (int)(end - line), line);
        line = end + 2;
      }
      fprintf(stderr, "> \n");
    }
    if (send(fd, request, (size_t)n, 0) < 0 ||
        (o->data && send(fd, o->data, strlen(o->data), 0) < 0)) {
      close(fd);
      return -curl_error(o, CURL_SEND_ERROR, "Failed sending data to the peer");
    }
    static struct reader r;
    memset(&r, 0, sizeof r);
    r.fd = fd;
    r.timeout = o->timeout;
    char line[4096];
    if (reader_line(&r, line, sizeof line) < 0) {
      close(fd);
      if (errno == ETIMEDOUT)
        return -curl_error(o, CURL_OPERATION_TIMEDOUT, "Operation timed out after %d000 milliseconds",
                           o->timeout);
      if (errno) return -curl_error(o, CURL_RECV_ERROR, "Recv failure: %s", strerror(errno));
      return -curl_error(o, CURL_GOT_NOTHING, "Empty reply from server");
    }
    const char *code = strchr(line, ' ');
    status = code ? atoi(code + 1) : 0;
    int show_headers = o->include || o->head;
    if (show_headers) fprintf(out, "%s\r\n", line);
    if (o->verbose) fprintf(stderr, "< %s\n", line);
    long long length = -1;
    int chunked = 0;
    char location[2048] = "";
    for (;;) {
      if (reader_line(&r, line, sizeof line) < 0) {
        close(fd);
        return -curl_error(o, CURL_RECV_ERROR, "Recv failure: Connection reset by peer");
      }
      if (show_headers) fprintf(out, "%s\r\n", line);
      if (o->verbose) fprintf(stderr, "< %s\n", line);
      if (!line[0]) break;
      char *colon = strchr(line, ':');
      if (!colon) continue;
      *colon = '\0';
      char *value = colon + 1;
      while (*value == ' ' || *value == '\t') value++;
      if (strcasecmp(line, "content-length") == 0) length = atoll(value);
      else if (strcasecmp(line, "transfer-encoding") == 0) chunked = strncasecmp(value, "chunked", 7) == 0;
      else if (strcasecmp(line, "location") == 0) snprintf(location, sizeof location, "%s", value);
      else if (strcasecmp(line, "content-type") == 0)
        snprintf(content_type, sizeof content_type, "%s", value);
    }
    int redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (o->follow && redirect && location[0]) {
      close(fd);
      if (++redirects > 50) {
        return -curl_error(o, CURL_TOO_MANY_REDIRECTS, "Maximum (50) redirects followed");
      }
      if (location[0] == '/') snprintf(url.path, sizeof url.path, "%s", location + 1);
      else if (parse_url(location, &url) < 0) return -CURL_URL_MALFORMAT;
      if (status == 303) method = "GET";
      continue;
    }
    if (o->fail && status >= 400) {
      close(fd);
      return -curl_error(o, CURL_HTTP_RETURNED_ERROR, "The requested URL returned error: %d",
                         status);
    }
    // A HEAD answer, a 204 and a 304 have no body whatever their headers say.
    if (strcmp(method, "HEAD") == 0 || status == 204 || status == 304) length = 0;
    long long got = 0;
    if (chunked) {
      for (;;) {
        if (reader_line(&r, line, sizeof line) < 0) break;
        long long chunk = strtoll(line, NULL, 16);
        if (chunk <= 0) break;
        long long copied = reader_copy(&r, out, chunk);
        if (copied < 0) break;
        size += copied;
        reader_line(&r, line, sizeof line);
      }
    } else {
      got = reader_copy(&r, out, length);
      if (got > 0) size += got;
    }
    close(fd);
    fflush(out);
    if (got < 0) {
      if (errno == ETIMEDOUT)
        return -curl_error(o, CURL_OPERATION_TIMEDOUT, "Operation timed out after %d000 milliseconds",
                           o->timeout);
      return -curl_error(o, CURL_RECV_ERROR, "Recv failure: Connection reset by peer");
    }
    if (o->write_out) curl_write_out(o->write_out, status, size, effective, content_type, redirects);
    return status;
  }
}

static int app_curl(int argc, char **argv) {
  struct curl_options o = {0};
  o.agent = "curl/7.88.1";
  const char *urls[16];
  int nurls = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (strncmp(a, "--", 2) == 0 && a[2]) {
      const char *name = a + 2;
      int takes = 1;
      if (strcmp(name, "silent") == 0) o.silent = 1, takes = 0;
      else if (strcmp(name, "show-error") == 0) o.show_error = 1, takes = 0;
      else if (strcmp(name, "include") == 0) o.include = 1, takes = 0;
      else if (strcmp(name, "head") == 0) o.head = 1, takes = 0;
      else if (strcmp(name, "verbose") == 0) o.verbose = 1, takes = 0;
      else if (strcmp(name, "location") == 0) o.follow = 1, takes = 0;
      else if (strcmp(name, "fail") == 0) o.fail = 1, takes = 0;
      else if (strcmp(name, "insecure") == 0 || strcmp(name, "compressed") == 0) takes = 0;
      else if (!next) {
        fprintf(stderr, "curl: option %s: requires parameter\n", a);
        return 2;
      } else if (strcmp(name, "request") == 0) o.method = next;
      else if (strcmp(name, "header") == 0) {
        if (o.nheaders < 32) o.headers[o.nheaders++] = next;
      } else if (strcmp(name, "data") == 0 || strcmp(name, "data-raw") == 0 ||
                 strcmp(name, "data-binary") == 0)
        o.data = next;
      else if (strcmp(name, "output") == 0) o.output = next;
      else if (strcmp(name, "user-agent") == 0) o.agent = next;
      else if (strcmp(name, "write-out") == 0) o.write_out = next;
      else if (strcmp(name, "max-time") == 0 || strcmp(name, "connect-timeout") == 0)
        o.timeout = atoi(next);
      else {
        fprintf(stderr, "curl: option %s: is unknown\n", a);
        fprintf(stderr, "curl: try 'curl --help' or 'curl --manual' for more information\n");
        return 2;
      }
      if (takes) i++;
      continue;
    }
    if (a[0] != '-' || !a[1]) {
      if (nurls < 16) urls[nurls++] = a;
      continue;
    }
    for (const char *f = a + 1; *f; f++) {
      if (strchr("sSiIvLfk", *f)) {
        if (*f == 's') o.silent = 1;
        else if (*f == 'S') o.show_error = 1;
        else if (*f == 'i') o.include = 1;
        else if (*f == 'I') o.head = 1;
        else if (*f == 'v') o.verbose = 1;
        else if (*f == 'L') o.follow = 1;
        else if (*f == 'f') o.fail = 1;
        continue;
      }
      if (!strchr("XHdoAwm", *f)) {
        fprintf(stderr, "curl: option -%c: is unknown\n", *f);
        fprintf(stderr, "curl: try 'curl --help' or 'curl --manual' for more information\n");
        return 2;
      }
      const char *value = f[1] ? f + 1 : (i + 1 < argc ? argv[++i] : NULL);
      if (!value) {
        fprintf(stderr, "curl: option -%c: requires parameter\n", *f);
        return 2;
      }
      if (*f == 'X') o.method = value;
      else if (*f == 'H') {
        if (o.nheaders < 32) o.headers[o.nheaders++] = value;
      } else if (*f == 'd') o.data = value;
      else if (*f == 'o') o.output = value;
      else if (*f == 'A') o.agent = value;
      else if (*f == 'w') o.write_out = value;
      else if (*f == 'm') o.timeout = atoi(value);
      break;
    }
  }
  if (nurls == 0) {
    fprintf(stderr, "curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  fflush(stdout);
  FILE *out = stdout;
  if (o.output && strcmp(o.output, "-") != 0) {
    out = fopen(o.output, "w");
    if (!out) {
      return curl_error(&o, CURL_WRITE_ERROR, "Failure writing output to destination");
    }
  }
  int rc = 0;
  for (int u = 0; u < nurls; u++) {
    int status = curl_transfer(&o, urls[u], out);
    if (status < 0) rc = -status;
  }
  if (out != stdout) fclose(out);
  return rc;
}

static int app_nc(int argc, char **argv) {
  int wait = 0;
  const char *host = NULL, *port_text = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-w") == 0 && i + 1 < argc) wait = atoi(argv[++i]);
    else if (strncmp(argv[i], "-w", 2) == 0 && argv[i][2]) wait = atoi(argv[i] + 2);
    else if (argv[i][0] == '-') {
      fprintf(stderr, "nc: invalid option -- '%c'\n", argv[i][1]);
      return 1;
    } else if (!host) host = argv[i];
    else if (!port_text) port_text = argv[i];
  }
  if (!host || !port_text) {
    fprintf(stderr, "Usage: nc [-w SEC] HOST PORT\n");
    return 1;
  }
  char ip[16];
  if (address_of(host, ip) < 0) {
    fprintf(stderr, "nc: bad address '%s'\n", host);
    return 1;
  }
  int fd = net_connect(ip, atoi(port_text));
  if (fd < 0) {
    fprintf(stderr, "nc: can't connect to remote host (%s): %s\n", ip, strerror(errno));
    return 1;
  }
  fflush(stdout);
  int stdin_open = 1;
  char buf[8192];
  for (;;) {
    struct pollfd fds[2] = {{fd, POLLIN, 0}, {0, POLLIN, 0}};
    // -w bounds the wait for the answer once there is nothing more to send.
    int ready = poll(fds, stdin_open ? 2 : 1, !stdin_open && wait > 0 ? wait * 1000 : -1);
    if (ready == 0) break;
    if (ready < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "nc: poll: %s\n", strerror(errno));
      return 1;
    }
    if (fds[0].revents) {
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n < 0) {
        fprintf(stderr, "nc: read error: %s\n", strerror(errno));
        return 1;
      }
      if (n == 0) break;
      fwrite(buf, 1, (size_t)n, stdout);
      fflush(stdout);
    }
    if (stdin_open && fds[1].revents) {
      ssize_t n = read(0, buf, sizeof buf);
      if (n <= 0) {
        stdin_open = 0;
        shutdown(fd, SHUT_WR);
      } else if (send(fd, buf, (size_t)n, 0) < 0) {
        fprintf(stderr, "nc: write error: %s\n", strerror(errno));
        return 1;
      }
    }
  }
  close(fd);
  return 0;
}

static int app_sh(int argc, char **argv);

static const struct applet applets[] = {
    {"[", app_test},        {"bash", app_sh},     {"cat", app_cat},     {"curl", app_curl},
    {"date", app_date},     {"echo", app_echo},
    {"env", app_env},       {"exit", app_exit},   {"false", app_false},
    {"hostname", app_hostname}, {"id", app_id},   {"ls", app_ls},
    {"nc", app_nc},         {"nslookup", app_nslookup}, {"printenv", app_printenv},
    {"mkdir", app_mkdir},   {"pwd", app_pwd},     {"rm", app_rm},
    {"sh", app_sh},         {"sleep", app_sleep}, {"test", app_test},   {"touch", app_touch},
    {"true", app_true},
    {"uname", app_uname},   {"wget", app_wget},   {"whoami", app_whoami},
};

static applet_fn find_applet(const char *name) {
  for (size_t i = 0; i < sizeof applets / sizeof applets[0]; i++) {
    if (strcmp(applets[i].name, name) == 0) return applets[i].run;
  }
  return NULL;
}

// --- sh -----------------------------------------------------------------------------------

#define MAX_WORDS 256
#define MAX_TEXT 16384

static int last_status = 0;
// Pending `break`/`continue` levels: the loops being left or continued unwind the lists inside.
static int breaking, continuing;

struct line {
  const char *p;
};

// Appends `s` to the word being built, within its buffer.
static void put(char *buf, size_t *len, const char *s, size_t n) {
  if (*len + n >= MAX_TEXT) n = MAX_TEXT - 1 - *len;
  memcpy(buf + *len, s, n);
  *len += n;
  buf[*len] = '\0';
}

// Expands the variable reference after a `$` into `out` (NUL-terminated, `cap` bytes); returns
// the characters consumed.
static size_t expand_var(const char *p, char *out, size_t cap) {
  char name[128];
  size_t n = 0, used = 0;
  out[0] = '\0';
  if (*p == '?') {
    snprintf(out, cap, "%d", last_status);
    return 1;
  }
  if (*p == '$') {
    snprintf(out, cap, "1");
    return 1;
  }
  if (*p == '{') {
    const char *close = strchr(p, '}');
    if (!close) return 0;
    n = (size_t)(close - p - 1);
    if (n >= sizeof name) n = sizeof name - 1;
    memcpy(name, p + 1, n);
    used = (size_t)(close - p) + 1;
  } else {
    while ((isalnum((unsigned char)p[n]) || p[n] == '_') && n < sizeof name - 1) n++;
    memcpy(name, p, n);
    used = n;
  }
  if (n == 0) {
    snprintf(out, cap, "$");
    return used;
  }
  name[n] = '\0';
  const char *value = getenv(name);
  snprintf(out, cap, "%s", value ? value : "");
  return used;
}

// The `)` that closes a `$(` whose text starts at p, or NULL.
static const char *subst_end(const char *p) {
  int depth = 1;
  while (*p) {
    if (*p == '\'') {
      const char *close = strchr(p + 1, '\'');
      if (!close) return NULL;
      p = close + 1;
      continue;
    }
    if (*p == '"') {
      for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1]) p++;
      }
      if (!*p) return NULL;
      p++;
      continue;
    }
    if (*p == '\\' && p[1]) {
      p += 2;
      continue;
    }
    if (*p == '(') depth++;
    else if (*p == ')' && --depth == 0) return p;
    p++;
  }
  return NULL;
}

static int run_list(const char *script);

// Runs script[0..n) as a command substitution: what it prints, trailing newlines dropped
// (malloc'd). Its commands write to a memory stream instead of the shell's output.
static char *capture(const char *script, size_t n) {
  char *copy = malloc(n + 1);
  char *out = NULL;
  size_t size = 0;
  if (!copy) return strdup("");
  memcpy(copy, script, n);
  copy[n] = '\0';
  FILE *memory = open_memstream(&out, &size);
  if (!memory) {
    free(copy);
    return strdup("");
  }
  fflush(stdout);
  FILE *saved = redirected_out;
  redirected_out = memory;
  run_list(copy);
  redirected_out = saved;
  fclose(memory);
  free(copy);
  while (size > 0 && out[size - 1] == '\n') out[--size] = '\0';
  return out;
}

// The words of one command being built in `text`.
struct words {
  char **list;
  int count;
  char *text;
  size_t len;
  char *word;  // start of the word being built
  int quoted;  // it had quotes, so it is a word even when empty
};

static void end_word(struct words *w) {
  if ((w->text + w->len != w->word || w->quoted) && w->count < MAX_WORDS - 1) {
    w->list[w->count++] = w->word;
    w->len++;
    if (w->len >= MAX_TEXT) w->len = MAX_TEXT - 1;
    w->text[w->len] = '\0';
  }
  w->word = w->text + w->len;
  w->quoted = 0;
}

// Adds an expansion's result to the word; unquoted, blanks split it into several words.
static void put_expansion(struct words *w, const char *value, int quoted) {
  if (quoted) {
    put(w->text, &w->len, value, strlen(value));
    return;
  }
  for (const char *v = value; *v; v++) {
    if (*v == ' ' || *v == '\t' || *v == '\n') end_word(w);
    else put(w->text, &w->len, v, 1);
  }
}

// Expands the `$...` at p (a variable or a command substitution) into the word; returns the
// characters consumed after the `$`, or -1 for an unterminated `$(`.
static long dollar(const char *p, struct words *w, int quoted) {
  if (*p == '(') {
    const char *close = subst_end(p + 1);
    if (!close) return -1;
    char *out = capture(p + 1, (size_t)(close - p - 1));
    put_expansion(w, out, quoted);
    free(out);
    return close - p + 1;
  }
  char value[MAX_TEXT];
  size_t used = expand_var(p, value, sizeof value);
  put_expansion(w, value, quoted);
  return (long)used;
}

// Parses one simple command: fills words (storage in text), stops at `;`, `&&`, `||`, a
// newline or the end, and returns the separator (0 at the end). Sets *error on an
// unterminated quote or substitution.
static int parse_command(struct line *l, char **list, int *count, char *text, int *error) {
  struct words w = {list, 0, text, 0, text, 0};
  const char *p = l->p;
  for (;;) {
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '\0' || *p == '\n' || *p == '#') {
      while (*p && *p != '\n') p++;
      if (*p == '\n') p++;
      l->p = p;
      *count = w.count;
      return *p ? ';' : 0;
    }
    if (*p == ';') {
      l->p = p + 1;
      *count = w.count;
      return ';';
    }
    if ((p[0] == '&' && p[1] == '&') || (p[0] == '|' && p[1] == '|')) {
      l->p = p + 2;
      *count = w.count;
      return p[0];
    }
    w.word = text + w.len;
    w.quoted = 0;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != ';' &&
           !((p[0] == '&' && p[1] == '&') || (p[0] == '|' && p[1] == '|'))) {
      if (*p == '\'') {
        const char *close = strchr(p + 1, '\'');
        if (!close) return *error = 1, 0;
        put(text, &w.len, p + 1, (size_t)(close - p - 1));
        p = close + 1;
        w.quoted = 1;
      } else if (*p == '"') {
        p++;
        w.quoted = 1;
        while (*p && *p != '"') {
          if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`')) {
            put(text, &w.len, p + 1, 1);
            p += 2;
          } else if (*p == '$') {
            long used = dollar(p + 1, &w, 1);
            if (used < 0) return *error = 1, 0;
            p += 1 + used;
          } else if (*p == '`') {
            const char *close = strchr(p + 1, '`');
            if (!close) return *error = 1, 0;
            char *out = capture(p + 1, (size_t)(close - p - 1));
            put_expansion(&w, out, 1);
            free(out);
            p = close + 1;
          } else {
            put(text, &w.len, p++, 1);
          }
        }
        if (*p != '"') return *error = 1, 0;
        p++;
      } else if (*p == '\\' && p[1]) {
        put(text, &w.len, p + 1, 1);
        p += 2;
      } else if (*p == '$') {
        long used = dollar(p + 1, &w, 0);
        if (used < 0) return *error = 1, 0;
        p += 1 + used;
      } else if (*p == '`') {
        const char *close = strchr(p + 1, '`');
        if (!close) return *error = 1, 0;
        char *out = capture(p + 1, (size_t)(close - p - 1));
        put_expansion(&w, out, 0);
        free(out);
        p = close + 1;
      } else {
        put(text, &w.len, p++, 1);
      }
    }
    end_word(&w);
  }
}

static int is_assignment(const char *word) {
  if (!isalpha((unsigned char)*word) && *word != '_') return 0;
  while (isalnum((unsigned char)*word) || *word == '_') word++;
  return *word == '=';
}

// Opens the files of a command's redirections and drops them from its words; returns the new
// word count, or -1 (after saying why) when a file cannot be opened. The streams the command
// inherited (`out0`, `in0`) are left open for the caller to restore.
static int take_redirections(int count, char **words, FILE *out0, FILE *in0) {
  int kept = 0;
  for (int i = 0; i < count; i++) {
    const char *w = words[i];
    const char *mode = NULL;
    size_t op = 0;
    if (strncmp(w, "2>", 2) == 0) {
      // stderr is not redirected: `2>/dev/null` and `2>&1` are accepted and dropped.
      if (!w[2] && i + 1 < count) i++;
      continue;
    }
    if (strncmp(w, ">>", 2) == 0) mode = "a", op = 2;
    else if (w[0] == '>') mode = "w", op = 1;
    else if (w[0] == '<') mode = "r", op = 1;
    if (!mode) {
      words[kept++] = words[i];
      continue;
    }
    const char *path = w[op] ? w + op : (i + 1 < count ? words[++i] : NULL);
    if (!path) {
      fprintf(stderr, "sh: syntax error: unexpected newline\n");
      return -1;
    }
    if (strcmp(path, "/dev/null") == 0) {
      // No /dev here: output to it is dropped, input from it is empty.
      path = NULL;
    }
    // /dev/null: a one-byte memory stream, empty to read, dropping what is written past it.
    FILE *f = path ? fopen(path, mode) : fmemopen(NULL, 1, "w+");
    if (!f) {
      fflush(stdout);
      fprintf(stderr, "sh: can't %s %s: %s\n", *mode == 'r' ? "open" : "create", path,
              open_error());
      return -1;
    }
    FILE **slot = *mode == 'r' ? &redirected_in : &redirected_out;
    if (*slot && *slot != (*mode == 'r' ? in0 : out0)) fclose(*slot);
    *slot = f;
  }
  return kept;
}

static int run_command(int count, char **words);

static int run_words(int count, char **words) {
  fflush(stdout);
  FILE *out0 = redirected_out, *in0 = redirected_in;
  count = take_redirections(count, words, out0, in0);
  int status = count < 0 ? 1 : run_command(count, words);
  fflush(stdout);
  if (redirected_out != out0) fclose(redirected_out);
  if (redirected_in != in0) fclose(redirected_in);
  redirected_out = out0;
  redirected_in = in0;
  return status;
}

// The shell's own built-ins, which change its state: break, continue, cd, export.
static int builtin(int count, char **words, int *status) {
  const char *name = words[0];
  if (strcmp(name, "break") == 0 || strcmp(name, "continue") == 0) {
    int levels = count > 1 ? atoi(words[1]) : 1;
    if (levels < 1) levels = 1;
    if (name[0] == 'b') breaking = levels;
    else continuing = levels;
    *status = 0;
    return 1;
  }
  if (strcmp(name, "cd") == 0) {
    const char *dir = count > 1 ? words[1] : "/";
    *status = 0;
    if (chdir(dir) != 0) {
      fprintf(stderr, "sh: cd: can't cd to %s: %s\n", dir, open_error());
      *status = 2;
    }
    return 1;
  }
  if (strcmp(name, "export") == 0) {
    for (int i = 1; i < count; i++) {
      char *eq = strchr(words[i], '=');
      if (eq) {
        *eq = '\0';
        setenv(words[i], eq + 1, 1);
      }
    }
    *status = 0;
    return 1;
  }
  return 0;
}

static int run_command(int count, char **words) {
  int first = 0;
  while (first < count && is_assignment(words[first])) {
    char *eq = strchr(words[first], '=');
    *eq = '\0';
    setenv(words[first], eq + 1, 1);
    first++;
  }
  if (first == count) return 0;
  words[count] = NULL;
  if (strcmp(words[first], "!") == 0) {
    // `! command` inverts its status.
    if (first + 1 == count) return 1;
    return run_command(count - first - 1, words + first + 1) == 0;
  }
  int status;
  if (builtin(count - first, words + first, &status)) return status;
  applet_fn fn = find_applet(basename_of(words[first]));
  if (!fn) {
    fflush(stdout);
    fprintf(stderr, "sh: %s: not found\n", words[first]);
    return 127;
  }
  status = fn(count - first, words + first);
  fflush(stdout);
  return status;
}

// Reads one raw token at *pp, without expanding anything: 1 for a word (its text in
// [*start, *end)), 2 for a separator (`;`, `&&`, `||`, a newline), 0 at the end. Quotes,
// escapes and substitutions stay inside their word.
static int raw_token(const char **pp, const char **start, const char **end) {
  const char *p = *pp;
  while (*p == ' ' || *p == '\t') p++;
  if (*p == '#') {
    while (*p && *p != '\n') p++;
  }
  *start = p;
  if (!*p) {
    *pp = *end = p;
    return 0;
  }
  if (*p == ';' || *p == '\n') {
    *pp = *end = p + 1;
    return 2;
  }
  if ((p[0] == '&' && p[1] == '&') || (p[0] == '|' && p[1] == '|')) {
    *pp = *end = p + 2;
    return 2;
  }
  while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != ';' &&
         !((p[0] == '&' && p[1] == '&') || (p[0] == '|' && p[1] == '|'))) {
    if (*p == '\'') {
      const char *close = strchr(p + 1, '\'');
      p = close ? close + 1 : p + strlen(p);
    } else if (*p == '"') {
      for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1]) p++;
      }
      if (*p) p++;
    } else if (*p == '\\' && p[1]) {
      p += 2;
    } else if (*p == '$' && p[1] == '(') {
      const char *close = subst_end(p + 2);
      p = close ? close + 1 : p + strlen(p);
    } else if (*p == '`') {
      const char *close = strchr(p + 1, '`');
      p = close ? close + 1 : p + strlen(p);
    } else {
      p++;
    }
  }
  *pp = *end = p;
  return 1;
}

static int is_word(const char *start, const char *end, const char *word) {
  size_t n = strlen(word);
  return (size_t)(end - start) == n && strncmp(start, word, n) == 0;
}

static int opens_compound(const char *s, const char *e) {
  return is_word(s, e, "while") || is_word(s, e, "until") || is_word(s, e, "for") ||
         is_word(s, e, "if");
}

// The first of `targets` (NULL-terminated) that starts a command in `p` outside nested
// compound commands; *which says which. NULL when there is none.
static const char *find_keyword(const char *p, const char *const *targets, int *which) {
  int depth = 0, at_start = 1;
  const char *s, *e;
  for (;;) {
    int kind = raw_token(&p, &s, &e);
    if (kind == 0) return NULL;
    if (kind == 2) {
      at_start = 1;
      continue;
    }
    if (!at_start) continue;
    if (depth == 0) {
      for (int i = 0; targets[i]; i++) {
        if (is_word(s, e, targets[i])) {
          *which = i;
          return s;
        }
      }
    }
    if (opens_compound(s, e)) depth++;
    else if (is_word(s, e, "done") || is_word(s, e, "fi")) depth--;
    // After these the next word starts a command too; after any other it is an argument.
    at_start = is_word(s, e, "do") || is_word(s, e, "then") || is_word(s, e, "else") ||
               is_word(s, e, "elif") || is_word(s, e, "while") || is_word(s, e, "until") ||
               is_word(s, e, "if") || is_word(s, e, "!");
  }
}

static char *copy_range(const char *start, const char *end) {
  size_t n = (size_t)(end - start);
  char *copy = malloc(n + 1);
  if (!copy) exit(1);
  memcpy(copy, start, n);
  copy[n] = '\0';
  return copy;
}

static int syntax_error(const char *expecting) {
  fflush(stdout);
  fprintf(stderr, "sh: syntax error: unexpected end of file (expecting \"%s\")\n", expecting);
  return -1;
}

// Runs a loop body once; returns 1 when the loop must stop (break, or continue of an outer
// loop).
static int loop_body(const char *list, int *status) {
  *status = run_list(list);
  if (breaking) {
    breaking--;
    return 1;
  }
  if (continuing) {
    continuing--;
    return continuing > 0;
  }
  return 0;
}

// A while or until loop whose condition starts at `body`; see compound().
static int run_loop(int until, const char *body, int dry, const char **after) {
  static const char *const do_kw[] = {"do", NULL}, *const done_kw[] = {"done", NULL};
  int which;
  const char *do_at = find_keyword(body, do_kw, &which);
  if (!do_at) return syntax_error("do");
  const char *done_at = find_keyword(do_at + 2, done_kw, &which);
  if (!done_at) return syntax_error("done");
  *after = done_at + 4;
  if (dry) return 0;
  char *cond = copy_range(body, do_at), *list = copy_range(do_at + 2, done_at);
  int status = 0;
  for (;;) {
    int c = run_list(cond);
    if (breaking || continuing) break;
    if (until ? c == 0 : c != 0) break;
    if (loop_body(list, &status)) break;
  }
  free(cond);
  free(list);
  return status;
}

// `for NAME [in WORDS]; do LIST; done` after the `for` at `body`; see compound().
static int run_for(const char *body, int dry, const char **after) {
  static const char *const do_kw[] = {"do", NULL}, *const done_kw[] = {"done", NULL};
  const char *p = body, *s, *e;
  if (raw_token(&p, &s, &e) != 1) return syntax_error("in");
  char *name = copy_range(s, e);
  const char *q = p;
  int kind = raw_token(&q, &s, &e);
  const char *words_at = NULL, *words_end = NULL;
  if (kind == 1 && is_word(s, e, "in")) {
    words_at = q;
    while ((kind = raw_token(&q, &s, &e)) == 1) {
    }
    words_end = s;
  }
  int which;
  const char *do_at = find_keyword(words_end ? q : p, do_kw, &which);
  const char *done_at = do_at ? find_keyword(do_at + 2, done_kw, &which) : NULL;
  if (!do_at || !done_at) {
    free(name);
    return syntax_error(do_at ? "done" : "do");
  }
  *after = done_at + 4;
  int status = 0;
  if (!dry && words_at) {
    char *source = copy_range(words_at, words_end);
    char **values = malloc(MAX_WORDS * sizeof *values);
    char *text = malloc(MAX_TEXT);
    struct line l = {source};
    int count = 0, error = 0;
    if (values && text) parse_command(&l, values, &count, text, &error);
    char *list = copy_range(do_at + 2, done_at);
    for (int i = 0; i < count && !error; i++) {
      setenv(name, values[i], 1);
      if (loop_body(list, &status)) break;
    }
    free(list);
    free(values);
    free(text);
    free(source);
  }
  free(name);
  return status;
}

// `if LIST; then LIST; [elif LIST; then LIST;]... [else LIST;] fi` after the `if` at `body`.
static int run_if(const char *body, int dry, const char **after) {
  static const char *const then_kw[] = {"then", NULL};
  static const char *const next_kw[] = {"elif", "else", "fi", NULL};
  static const char *const fi_kw[] = {"fi", NULL};
  int done = dry, status = 0;
  const char *cond = body;
  for (;;) {
    int which;
    const char *then_at = find_keyword(cond, then_kw, &which);
    if (!then_at) return syntax_error("then");
    const char *next = find_keyword(then_at + 4, next_kw, &which);
    if (!next) return syntax_error("fi");
    if (!done) {
      char *c = copy_range(cond, then_at);
      int ok = run_list(c) == 0;
      free(c);
      if (ok) {
        char *list = copy_range(then_at + 4, next);
        status = run_list(list);
        free(list);
        done = 1;
      }
    }
    if (which == 0) {
      cond = next + 4;
      continue;
    }
    if (which == 1) {
      const char *fi_at = find_keyword(next + 4, fi_kw, &which);
      if (!fi_at) return syntax_error("fi");
      if (!done) {
        char *list = copy_range(next + 4, fi_at);
        status = run_list(list);
        free(list);
      }
      *after = fi_at + 2;
    } else {
      *after = next + 2;
    }
    return status;
  }
}

// Runs (or, when `dry`, only finds the end of) the compound command whose keyword is
// [s, e); `body` points after the keyword. Returns its status, or -1 after a syntax error;
// *after points past its closing keyword.
static int compound(const char *s, const char *e, const char *body, int dry, const char **after) {
  if (is_word(s, e, "while")) return run_loop(0, body, dry, after);
  if (is_word(s, e, "until")) return run_loop(1, body, dry, after);
  if (is_word(s, e, "for")) return run_for(body, dry, after);
  return run_if(body, dry, after);
}

// Runs a list of commands: simple commands and while/until/for/if, separated by `;`,
// newlines, `&&` and `||`. Returns the last status.
static int run_list(const char *script) {
  char **words = malloc(MAX_WORDS * sizeof *words);
  char *text = malloc(MAX_TEXT);
  if (!words || !text) exit(1);
  const char *p = script;
  int skip = 0;
  for (;;) {
    if (breaking || continuing) break;
    const char *q = p, *s, *e;
    int kind = raw_token(&q, &s, &e);
    while (kind == 2 && (*s == '\n' || *s == ';')) {
      p = q;
      kind = raw_token(&q, &s, &e);
    }
    if (kind == 0) break;
    int sep = 0;
    if (kind == 1 && opens_compound(s, e)) {
      const char *after;
      int status = compound(s, e, q, skip, &after);
      if (status < 0) {
        last_status = 2;
        break;
      }
      if (!skip) last_status = status;
      q = after;
      kind = raw_token(&q, &s, &e);
      if (kind == 1) {
        fflush(stdout);
        fprintf(stderr, "sh: syntax error: unexpected word\n");
        last_status = 2;
        break;
      }
      sep = kind == 0 ? 0 : (*s == '\n' ? ';' : *s);
      p = q;
    } else if (skip) {
      // Pass over the command without expanding it (its substitutions must not run).
      q = p;
      while ((kind = raw_token(&q, &s, &e)) == 1) {
      }
      sep = kind == 0 ? 0 : (*s == '\n' ? ';' : *s);
      p = q;
    } else {
      struct line l = {p};
      int count, error = 0;
      sep = parse_command(&l, words, &count, text, &error);
      p = l.p;
      if (error) {
        fflush(stdout);
        fprintf(stderr, "sh: syntax error: unterminated quoted string\n");
        last_status = 2;
        break;
      }
      if (count > 0) last_status = run_words(count, words);
    }
    if (sep == 0) break;
    skip = (sep == '&' && last_status != 0) || (sep == '|' && last_status == 0);
  }
  free(words);
  free(text);
  return last_status;
}

// Whether `script` leaves a quote or a compound command open (more lines must follow).
static int script_open(const char *script) {
  char quote = 0;
  for (const char *c = script; *c; c++) {
    if (quote) {
      if (*c == '\\' && quote == '"' && c[1]) c++;
      else if (*c == quote) quote = 0;
    } else if (*c == '\\' && c[1]) {
      c++;
    } else if (*c == '\'' || *c == '"') {
      quote = *c;
    }
  }
  if (quote) return 1;
  int depth = 0, at_start = 1;
  const char *p = script, *s, *e;
  int kind;
  while ((kind = raw_token(&p, &s, &e)) != 0) {
    if (kind == 2) {
      at_start = 1;
      continue;
    }
    if (!at_start) continue;
    if (opens_compound(s, e)) depth++;
    else if (is_word(s, e, "done") || is_word(s, e, "fi")) depth--;
    at_start = is_word(s, e, "do") || is_word(s, e, "then") || is_word(s, e, "else") ||
               is_word(s, e, "elif") || is_word(s, e, "while") || is_word(s, e, "until") ||
               is_word(s, e, "if") || is_word(s, e, "!");
  }
  return depth > 0;
}

static int run_script(const char *script) {
  breaking = continuing = 0;
  return run_list(script);
}

// PS1 as root sees it: bash's `root@HOST:DIR# ` (Debian's default), busybox's `DIR # `.
static void prompt(int bash) {
  char cwd[1024];
  if (!getcwd(cwd, sizeof cwd)) snprintf(cwd, sizeof cwd, "/");
  const char *home = getenv("HOME");
  if (!home || !*home) home = "/root";
  size_t n = strlen(home);
  if (bash) {
    if (strncmp(cwd, home, n) == 0 && (cwd[n] == '\0' || cwd[n] == '/'))
      fprintf(stderr, "root@%s:~%s# ", hostname_value(), cwd + n);
    else
      fprintf(stderr, "root@%s:%s# ", hostname_value(), cwd);
  } else {
    fprintf(stderr, "%s # ", cwd);
  }
  fflush(stderr);
}

static int app_sh(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "-c") == 0) return run_script(argv[2]);
  if (argc > 1 && strcmp(argv[1], "-c") == 0) {
    fprintf(stderr, "sh: -c requires an argument\n");
    return 2;
  }
  FILE *in = stdin;
  if (argc > 1) {
    in = fopen(argv[1], "r");
    if (!in) {
      fprintf(stderr, "sh: can't open '%s': %s\n", argv[1], open_error());
      return 2;
    }
  }
  // Line by line, as typed; a line that leaves a loop, an if or a quote open waits for the
  // lines that close it. On a terminal (`kubectl exec -ti`) it prompts as the real shell does.
  int interactive = in == stdin && isatty(0);
  int bash = strcmp(basename_of(argv[0]), "bash") == 0;
  char line[MAX_TEXT];
  char *script = NULL;
  size_t size = 0;
  for (;;) {
    if (interactive) {
      fflush(stdout);
      if (size > 0) fputs("> ", stderr);
      else prompt(bash);
    }
    if (!fgets(line, sizeof line, in)) break;
    size_t n = strlen(line);
    char *grown = realloc(script, size + n + 1);
    if (!grown) break;
    script = grown;
    memcpy(script + size, line, n + 1);
    size += n;
    if (!script_open(script)) {
      run_script(script);
      size = 0;
      script[0] = '\0';
    }
  }
  if (size > 0) run_script(script);
  free(script);
  return last_status;
}

// --- dispatch -----------------------------------------------------------------------------

static int run_applet(int argc, char **argv) {
  applet_fn fn = find_applet(basename_of(argv[0]));
  if (!fn) {
    fprintf(stderr, "%s: applet not found\n", argv[0]);
    return 127;
  }
  return fn(argc, argv);
}

int main(int argc, char **argv) {
  if (argc > 0 && find_applet(basename_of(argv[0]))) return run_applet(argc, argv);
  if (argc > 1 && strcmp(argv[1], "--list") == 0) {
    for (size_t i = 0; i < sizeof applets / sizeof applets[0]; i++) puts(applets[i].name);
    return 0;
  }
  if (argc > 1) return run_applet(argc - 1, argv + 1);
  char *sh[] = {"sh", NULL};
  return app_sh(1, sh);
}
