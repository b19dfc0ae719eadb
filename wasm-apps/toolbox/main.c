// toolbox: a small busybox-like multi-call program: sh, echo, env, cat, ls, hostname, sleep, nslookup, wget, nc and more.
//
// Runs the applet named by argv[0]'s basename or, when argv[0] is not an applet (`toolbox`,
// `busybox`), by argv[1]; with neither it runs `sh`. `toolbox --list` prints the applets.
// `sh` runs `-c "cmd; cmd2"` or the lines of stdin: words with '...' and "..." quotes and
// backslashes, $VAR / ${VAR} / $? expansion, `;`, `&&`, `||` and NAME=value assignments; every
// other applet is a built-in of it. The network applets use the cluster network through the
// playground_net imports and print what busybox prints: `nslookup NAME` asks the cluster DNS,
// `wget [-q] [-O FILE|-] [-S] [-T SEC] [-U AGENT] URL` fetches over HTTP/1.1 (following
// redirects, chunked or not), `nc [-w SEC] HOST PORT` sends stdin and prints the answer.
// Env: HOSTNAME (hostname, uname -n).
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
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
    {"cat", app_cat},       {"date", app_date},   {"echo", app_echo},
    {"env", app_env},       {"exit", app_exit},   {"false", app_false},
    {"hostname", app_hostname}, {"id", app_id},   {"ls", app_ls},
    {"nc", app_nc},         {"nslookup", app_nslookup}, {"printenv", app_printenv},
    {"pwd", app_pwd},
    {"sh", app_sh},         {"sleep", app_sleep}, {"true", app_true},
    {"uname", app_uname},   {"wget", app_wget},   {"whoami", app_whoami},
};

static applet_fn find_applet(const char *name) {
  for (size_t i = 0; i < sizeof applets / sizeof applets[0]; i++) {
    if (strcmp(applets[i].name, name) == 0) return applets[i].run;
  }
  return NULL;
}

// --- sh -----------------------------------------------------------------------------------

#define MAX_WORDS 64
#define MAX_TEXT 8192

static int last_status = 0;

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

// Expands the variable reference after a `$`; returns the characters consumed.
static size_t expand(const char *p, char *buf, size_t *len) {
  char name[128];
  size_t n = 0, used = 0;
  if (*p == '?') {
    char code[8];
    snprintf(code, sizeof code, "%d", last_status);
    put(buf, len, code, strlen(code));
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
    put(buf, len, "$", 1);
    return used;
  }
  name[n] = '\0';
  const char *value = getenv(name);
  if (value) put(buf, len, value, strlen(value));
  return used;
}

// Parses one command: fills words (storage in text), stops at `;`, `&&`, `||` or the end, and
// returns the separator (0 at the end). Sets *error on an unterminated quote.
static int parse_command(struct line *l, char **words, int *count, char *text, int *error) {
  size_t len = 0;
  *count = 0;
  const char *p = l->p;
  for (;;) {
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '\0' || *p == '\n' || *p == '#') {
      while (*p && *p != '\n') p++;
      if (*p == '\n') p++;
      l->p = p;
      return *p ? ';' : 0;
    }
    if (*p == ';') {
      l->p = p + 1;
      return ';';
    }
    if ((p[0] == '&' && p[1] == '&') || (p[0] == '|' && p[1] == '|')) {
      l->p = p + 2;
      return p[0];
    }
    char *word = text + len;
    int quoted = 0;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != ';' &&
           !((p[0] == '&' && p[1] == '&') || (p[0] == '|' && p[1] == '|'))) {
      if (*p == '\'') {
        const char *close = strchr(p + 1, '\'');
        if (!close) return *error = 1, 0;
        put(text, &len, p + 1, (size_t)(close - p - 1));
        p = close + 1;
        quoted = 1;
      } else if (*p == '"') {
        p++;
        quoted = 1;
        while (*p && *p != '"') {
          if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$')) {
            put(text, &len, p + 1, 1);
            p += 2;
          } else if (*p == '$') {
            p += 1 + expand(p + 1, text, &len);
          } else {
            put(text, &len, p++, 1);
          }
        }
        if (*p != '"') return *error = 1, 0;
        p++;
      } else if (*p == '\\' && p[1]) {
        put(text, &len, p + 1, 1);
        p += 2;
      } else if (*p == '$') {
        p += 1 + expand(p + 1, text, &len);
      } else {
        put(text, &len, p++, 1);
      }
    }
    if ((text + len != word || quoted) && *count < MAX_WORDS - 1) {
      words[(*count)++] = word;
      len++;
      if (len >= MAX_TEXT) len = MAX_TEXT - 1;
      text[len] = '\0';
    }
  }
}

static int is_assignment(const char *word) {
  if (!isalpha((unsigned char)*word) && *word != '_') return 0;
  while (isalnum((unsigned char)*word) || *word == '_') word++;
  return *word == '=';
}

// Opens the files of a command's redirections and drops them from its words; returns the new
// word count, or -1 (after saying why) when a file cannot be opened.
static int take_redirections(int count, char **words) {
  int kept = 0;
  for (int i = 0; i < count; i++) {
    const char *w = words[i];
    const char *mode = NULL;
    size_t op = 0;
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
    FILE *f = fopen(path, mode);
    if (!f) {
      fflush(stdout);
      fprintf(stderr, "sh: can't %s %s: %s\n", *mode == 'r' ? "open" : "create", path,
              open_error());
      return -1;
    }
    FILE **slot = *mode == 'r' ? &redirected_in : &redirected_out;
    if (*slot) fclose(*slot);
    *slot = f;
  }
  return kept;
}

static void end_redirections(void) {
  if (redirected_out) fclose(redirected_out);
  if (redirected_in) fclose(redirected_in);
  redirected_out = redirected_in = NULL;
}

static int run_command(int count, char **words);

static int run_words(int count, char **words) {
  fflush(stdout);
  count = take_redirections(count, words);
  int status = count < 0 ? 1 : run_command(count, words);
  end_redirections();
  return status;
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
  applet_fn fn = find_applet(words[first]);
  if (!fn) {
    fflush(stdout);
    fprintf(stderr, "sh: %s: not found\n", words[first]);
    return 127;
  }
  int status = fn(count - first, words + first);
  fflush(stdout);
  return status;
}

static int run_script(const char *script) {
  struct line l = {script};
  char *words[MAX_WORDS];
  static char text[MAX_TEXT];
  int skip = 0;
  for (;;) {
    int count, error = 0;
    int sep = parse_command(&l, words, &count, text, &error);
    if (error) {
      fflush(stdout);
      fprintf(stderr, "sh: syntax error: unterminated quoted string\n");
      return last_status = 2;
    }
    if (!skip && count > 0) last_status = run_words(count, words);
    if (sep == 0) return last_status;
    skip = (sep == '&' && last_status != 0) || (sep == '|' && last_status == 0);
  }
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
  char line[MAX_TEXT];
  while (fgets(line, sizeof line, in)) run_script(line);
  return last_status;
}

// --- dispatch -----------------------------------------------------------------------------

static const char *basename_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

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
