// toolbox: a small busybox-like multi-call program: sh, echo, env, cat, ls, hostname, sleep and more.
// images: busybox:latest busybox:1.36 busybox:1.28
//
// Runs the applet named by argv[0]'s basename or, when argv[0] is not an applet (`toolbox`,
// `busybox`), by argv[1]; with neither it runs `sh`. `toolbox --list` prints the applets.
// `sh` runs `-c "cmd; cmd2"` or the lines of stdin: words with '...' and "..." quotes and
// backslashes, $VAR / ${VAR} / $? expansion, `;`, `&&`, `||` and NAME=value assignments; every
// other applet is a built-in of it. There is no network yet: nslookup and wget say so.
// Env: HOSTNAME (hostname, uname -n).
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern char **environ;

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
  fflush(stdout);
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

static int no_network(const char *applet) {
  fflush(stdout);
  fprintf(stderr, "%s: network not available yet (pods have no network in this playground)\n",
          applet);
  return 1;
}

static int app_nslookup(int argc, char **argv) {
  (void)argc, (void)argv;
  return no_network("nslookup");
}

static int app_wget(int argc, char **argv) {
  (void)argc, (void)argv;
  return no_network("wget");
}

static int app_sh(int argc, char **argv);

static const struct applet applets[] = {
    {"cat", app_cat},       {"date", app_date},   {"echo", app_echo},
    {"env", app_env},       {"exit", app_exit},   {"false", app_false},
    {"hostname", app_hostname}, {"id", app_id},   {"ls", app_ls},
    {"nslookup", app_nslookup}, {"printenv", app_printenv}, {"pwd", app_pwd},
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

static int run_words(int count, char **words) {
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
