// kv-store: a key-value server speaking a subset of the Redis protocol, with optional append-only persistence and read-only replicas.
//
// Listens on port 6379 (--port N). Clients speak RESP (as redis-cli and client libraries do)
// or plain text lines (inline commands, as typed into nc), many at once with poll().
// Commands: PING ECHO GET SET (EX PX EXAT PXAT NX XX KEEPTTL GET) MGET DEL EXISTS INCR INCRBY
// DECR DECRBY APPEND STRLEN KEYS DBSIZE FLUSHALL FLUSHDB LPUSH RPUSH LPOP RPOP LRANGE LLEN
// TYPE EXPIRE PEXPIREAT TTL PTTL INFO SELECT REPLCONF QUIT, with Redis's reply formats and
// error strings.
// --dir PATH appends every write to PATH/appendonly.aof and replays that file at start; without
// it (or when PATH is not there) the data lives in memory only, as the start-up log says.
// --replicaof HOST PORT makes a read-only replica: once a second it copies the whole data set
// from the leader (KEYS *, then GET/LRANGE/PTTL per key) and refuses writes with READONLY.
// Called as `redis-server` (the stand-in for the redis image), it takes redis-server's
// arguments instead: an optional config file, then `--directive value...` options; of the
// directives it uses `port`, `dir` (default /data, the image's working directory),
// `appendonly yes|no` (persistence in dir/appendonly.aof only with yes, as Redis does) and
// `replicaof`/`slaveof HOST PORT`, and accepts and ignores the others (maxmemory, save, ...).
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

#define MAX_CLIENTS 256
#define MAX_INLINE (64 * 1024)
#define MAX_BULK (512LL * 1024 * 1024)
#define MAX_MULTIBULK (1024 * 1024)
#define BUCKETS 4096
#define SYNC_INTERVAL_MS 1000
#define SYNC_TIMEOUT_MS 3000
#define MAX_FOLLOWERS 16

static const char usage[] =
    "Usage: kv-store [--port N] [--dir PATH] [--replicaof HOST PORT]\n"
    "\n"
    "A key-value server speaking a subset of the Redis protocol (RESP and inline commands).\n"
    "\n"
    "  --port N               listen on port N (default 6379)\n"
    "  --dir PATH             append every write to PATH/appendonly.aof and replay it at start\n"
    "  --replicaof HOST PORT  be a read-only replica copying HOST:PORT once a second\n"
    "  -h                     show this help\n";

// --- buffers and time -----------------------------------------------------------------------

struct buf {
  char *p;
  size_t len, cap;
};

static void buf_put(struct buf *b, const void *data, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (b->len + n + 1 > cap) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      fputs("kv-store: out of memory\n", stderr);
      abort();
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, data, n);
  b->len += n;
  b->p[b->len] = '\0';
}

__attribute__((format(printf, 2, 3))) static void buf_printf(struct buf *b, const char *fmt,
                                                              ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    buf_put(b, small, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  buf_put(b, big, (size_t)n);
  free(big);
}

static void buf_drop(struct buf *b, size_t n) {
  memmove(b->p, b->p + n, b->len - n);
  b->len -= n;
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long monotonic_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char role = 'M';

// Logs in Redis's format: `1:M 01 Jan 2026 00:00:00.000 * message` (`#` marks a warning).
__attribute__((format(printf, 2, 3))) static void logf_(char level, const char *fmt, ...) {
  long long ms = now_ms();
  time_t secs = (time_t)(ms / 1000);
  char stamp[64];
  strftime(stamp, sizeof stamp, "%d %b %Y %H:%M:%S", gmtime(&secs));
  printf("1:%c %s.%03lld %c ", role, stamp, ms % 1000, level);
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
}

// --- the data set ---------------------------------------------------------------------------

struct str {
  char *p;
  size_t len;
};

enum { T_STRING, T_LIST };

struct entry {
  struct str key;
  int type;
  struct str value;    // T_STRING
  struct str *items;   // T_LIST, head first
  size_t nitems, cap;
  long long expire_at;  // ms since the epoch; 0 for none
  struct entry *next;
};

static struct entry *table[BUCKETS];
static size_t nkeys;

static struct str str_dup(const char *p, size_t len) {
  struct str s = {malloc(len + 1), len};
  memcpy(s.p, p, len);
  s.p[len] = '\0';
  return s;
}

static unsigned bucket_of(const char *p, size_t len) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)p[i]) * 16777619u;
  return h % BUCKETS;
}

static void free_entry(struct entry *e) {
  free(e->key.p);
  free(e->value.p);
  for (size_t i = 0; i < e->nitems; i++) free(e->items[i].p);
  free(e->items);
  free(e);
}

static void delete_entry(struct entry *e) {
  struct entry **at = &table[bucket_of(e->key.p, e->key.len)];
  while (*at != e) at = &(*at)->next;
  *at = e->next;
  free_entry(e);
  nkeys--;
}

// The live entry for a key (an expired one is deleted on the way), or NULL.
static struct entry *lookup(const struct str *key) {
  for (struct entry *e = table[bucket_of(key->p, key->len)]; e; e = e->next) {
    if (e->key.len == key->len && memcmp(e->key.p, key->p, key->len) == 0) {
      if (e->expire_at && now_ms() >= e->expire_at) {
        delete_entry(e);
        return NULL;
      }
      return e;
    }
  }
  return NULL;
}

static struct entry *create(const struct str *key, int type) {
  struct entry *e = calloc(1, sizeof *e);
  e->key = str_dup(key->p, key->len);
  e->type = type;
  unsigned b = bucket_of(key->p, key->len);
  e->next = table[b];
  table[b] = e;
  nkeys++;
  return e;
}

static void set_string(const struct str *key, const char *p, size_t len, long long expire_at) {
  struct entry *e = lookup(key);
  if (e && e->type != T_STRING) {
    delete_entry(e);
    e = NULL;
  }
  if (!e) e = create(key, T_STRING);
  free(e->value.p);
  e->value = str_dup(p, len);
  e->expire_at = expire_at;
}

static void list_push(struct entry *e, const struct str *v, int head) {
  if (e->nitems == e->cap) {
    e->cap = e->cap ? e->cap * 2 : 4;
    e->items = realloc(e->items, e->cap * sizeof *e->items);
  }
  if (head) {
    memmove(e->items + 1, e->items, e->nitems * sizeof *e->items);
    e->items[0] = str_dup(v->p, v->len);
  } else {
    e->items[e->nitems] = str_dup(v->p, v->len);
  }
  e->nitems++;
}

static void flush_all(void) {
  for (int b = 0; b < BUCKETS; b++) {
    while (table[b]) {
      struct entry *e = table[b];
      table[b] = e->next;
      free_entry(e);
    }
  }
  nkeys = 0;
}

// Deletes every expired entry, so counts and listings see live keys only.
static void sweep(void) {
  long long now = now_ms();
  for (int b = 0; b < BUCKETS; b++) {
    for (struct entry **at = &table[b]; *at;) {
      struct entry *e = *at;
      if (e->expire_at && now >= e->expire_at) {
        *at = e->next;
        free_entry(e);
        nkeys--;
      } else {
        at = &e->next;
      }
    }
  }
}

// Redis's glob: * ? [abc] [^a-z] and \ escapes.
static int glob_match(const char *p, const char *pe, const char *s, const char *se) {
  while (p < pe) {
    switch (*p) {
      case '*':
        while (p + 1 < pe && p[1] == '*') p++;
        if (p + 1 == pe) return 1;
        for (; s <= se; s++) {
          if (glob_match(p + 1, pe, s, se)) return 1;
        }
        return 0;
      case '?':
        if (s == se) return 0;
        s++, p++;
        break;
      case '[': {
        if (s == se) return 0;
        p++;
        int negate = p < pe && *p == '^', ok = 0;
        if (negate) p++;
        while (p < pe && *p != ']') {
          if (*p == '\\' && p + 1 < pe) {
            ok |= p[1] == *s;
            p += 2;
          } else if (p + 2 < pe && p[1] == '-' && p[2] != ']') {
            char lo = p[0] < p[2] ? p[0] : p[2], hi = p[0] < p[2] ? p[2] : p[0];
            ok |= *s >= lo && *s <= hi;
            p += 3;
          } else {
            ok |= *p == *s;
            p++;
          }
        }
        if (p < pe) p++;
        if (ok == negate) return 0;
        s++;
        break;
      }
      case '\\':
        if (p + 1 < pe) p++;
        // fall through: the escaped character matches itself
      default:
        if (s == se || *p != *s) return 0;
        p++, s++;
    }
  }
  return s == se;
}

// --- replies --------------------------------------------------------------------------------

static void reply_simple(struct buf *out, const char *s) { buf_printf(out, "+%s\r\n", s); }
static void reply_int(struct buf *out, long long v) { buf_printf(out, ":%lld\r\n", v); }
static void reply_nil(struct buf *out) { buf_put(out, "$-1\r\n", 5); }
static void reply_array(struct buf *out, size_t n) { buf_printf(out, "*%zu\r\n", n); }

static void reply_bulk(struct buf *out, const char *p, size_t len) {
  buf_printf(out, "$%zu\r\n", len);
  buf_put(out, p, len);
  buf_put(out, "\r\n", 2);
}

// An error reply; line breaks in it become spaces so it stays one line, as Redis does.
__attribute__((format(printf, 2, 3))) static void reply_error(struct buf *out, const char *fmt,
                                                               ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  for (char *c = msg; *c; c++) {
    if (*c == '\r' || *c == '\n') *c = ' ';
  }
  buf_printf(out, "-%s\r\n", msg);
}

static const char ERR_WRONGTYPE[] = "WRONGTYPE Operation against a key holding the wrong kind of value";
static const char ERR_NOT_INTEGER[] = "ERR value is not an integer or out of range";
static const char ERR_SYNTAX[] = "ERR syntax error";

// Parses a whole decimal integer as Redis does: no spaces, no '+', no leading zeros.
static int parse_ll(const struct str *s, long long *out) {
  if (s->len == 0 || s->len > 20) return 0;
  const char *p = s->p, *end = s->p + s->len;
  int negative = *p == '-';
  if (negative) p++;
  if (p == end || (*p == '0' && end - p > 1) || (negative && *p == '0')) return 0;
  unsigned long long v = 0;
  for (; p < end; p++) {
    if (*p < '0' || *p > '9') return 0;
    if (v > (ULLONG_MAX - (unsigned)(*p - '0')) / 10) return 0;
    v = v * 10 + (unsigned)(*p - '0');
  }
  if (negative) {
    if (v > (unsigned long long)LLONG_MAX + 1) return 0;
    *out = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v;
  } else {
    if (v > (unsigned long long)LLONG_MAX) return 0;
    *out = (long long)v;
  }
  return 1;
}

// --- commands -------------------------------------------------------------------------------

struct ctx {
  struct buf *out;
  int quit;       // QUIT: close after the reply
  int replaying;  // applying the append-only file
};

typedef void (*command_fn)(struct ctx *c, int argc, struct str *argv);

struct command {
  const char *name;
  int arity;  // as Redis: N exactly, -N at least N (the name counts)
  int write;
  command_fn run;
};

static int is_eq(const struct str *s, const char *word) {
  return s->len == strlen(word) && strncasecmp(s->p, word, s->len) == 0;
}

static void cmd_ping(struct ctx *c, int argc, struct str *argv) {
  if (argc > 2) {
    reply_error(c->out, "ERR wrong number of arguments for 'ping' command");
    return;
  }
  if (argc == 2) reply_bulk(c->out, argv[1].p, argv[1].len);
  else reply_simple(c->out, "PONG");
}

static void cmd_echo(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  reply_bulk(c->out, argv[1].p, argv[1].len);
}

static void cmd_get(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  struct entry *e = lookup(&argv[1]);
  if (!e) reply_nil(c->out);
  else if (e->type != T_STRING) reply_error(c->out, "%s", ERR_WRONGTYPE);
  else reply_bulk(c->out, e->value.p, e->value.len);
}

static void cmd_mget(struct ctx *c, int argc, struct str *argv) {
  reply_array(c->out, (size_t)argc - 1);
  for (int i = 1; i < argc; i++) {
    struct entry *e = lookup(&argv[i]);
    if (!e || e->type != T_STRING) reply_nil(c->out);
    else reply_bulk(c->out, e->value.p, e->value.len);
  }
}

static void cmd_set(struct ctx *c, int argc, struct str *argv) {
  int nx = 0, xx = 0, keepttl = 0, get = 0, expiry = 0;
  long long expire_at = 0;
  for (int i = 3; i < argc; i++) {
    struct str *opt = &argv[i];
    if (is_eq(opt, "NX") && !xx) nx = 1;
    else if (is_eq(opt, "XX") && !nx) xx = 1;
    else if (is_eq(opt, "GET")) get = 1;
    else if (is_eq(opt, "KEEPTTL") && !expiry) keepttl = 1;
    else if ((is_eq(opt, "EX") || is_eq(opt, "PX") || is_eq(opt, "EXAT") || is_eq(opt, "PXAT")) &&
             !expiry && !keepttl && i + 1 < argc) {
      long long v;
      if (!parse_ll(&argv[i + 1], &v)) {
        reply_error(c->out, "%s", ERR_NOT_INTEGER);
        return;
      }
      int seconds = opt->p[0] == 'E' || opt->p[0] == 'e';
      int absolute = opt->len == 4;
      if (v <= 0 || (seconds && v > LLONG_MAX / 1000)) {
        reply_error(c->out, "ERR invalid expire time in 'set' command");
        return;
      }
      long long ms = seconds ? v * 1000 : v;
      expire_at = absolute ? ms : now_ms() + ms;
      expiry = 1;
      i++;
    } else {
      reply_error(c->out, "%s", ERR_SYNTAX);
      return;
    }
  }
  struct entry *e = lookup(&argv[1]);
  if (get) {
    if (e && e->type != T_STRING) {
      reply_error(c->out, "%s", ERR_WRONGTYPE);
      return;
    }
    if (e) reply_bulk(c->out, e->value.p, e->value.len);
    else reply_nil(c->out);
  }
  if ((nx && e) || (xx && !e)) {
    if (!get) reply_nil(c->out);
    return;
  }
  if (keepttl && e) expire_at = e->expire_at;
  set_string(&argv[1], argv[2].p, argv[2].len, expire_at);
  if (!get) reply_simple(c->out, "OK");
}

static void cmd_del(struct ctx *c, int argc, struct str *argv) {
  long long n = 0;
  for (int i = 1; i < argc; i++) {
    struct entry *e = lookup(&argv[i]);
    if (e) {
      delete_entry(e);
      n++;
    }
  }
  reply_int(c->out, n);
}

static void cmd_exists(struct ctx *c, int argc, struct str *argv) {
  long long n = 0;
  for (int i = 1; i < argc; i++) n += lookup(&argv[i]) != NULL;
  reply_int(c->out, n);
}

static void incr_by(struct ctx *c, const struct str *key, long long by) {
  struct entry *e = lookup(key);
  long long v = 0;
  if (e && e->type != T_STRING) {
    reply_error(c->out, "%s", ERR_WRONGTYPE);
    return;
  }
  if (e && !parse_ll(&e->value, &v)) {
    reply_error(c->out, "%s", ERR_NOT_INTEGER);
    return;
  }
  if ((by > 0 && v > LLONG_MAX - by) || (by < 0 && v < LLONG_MIN - by)) {
    reply_error(c->out, "ERR increment or decrement would overflow");
    return;
  }
  v += by;
  char text[32];
  int n = snprintf(text, sizeof text, "%lld", v);
  set_string(key, text, (size_t)n, e ? e->expire_at : 0);
  reply_int(c->out, v);
}

static void cmd_incr(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  incr_by(c, &argv[1], 1);
}

static void cmd_decr(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  incr_by(c, &argv[1], -1);
}

static void cmd_incrby(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  long long by;
  if (!parse_ll(&argv[2], &by)) reply_error(c->out, "%s", ERR_NOT_INTEGER);
  else incr_by(c, &argv[1], by);
}

static void cmd_decrby(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  long long by;
  if (!parse_ll(&argv[2], &by)) reply_error(c->out, "%s", ERR_NOT_INTEGER);
  else if (by == LLONG_MIN) reply_error(c->out, "ERR decrement would overflow");
  else incr_by(c, &argv[1], -by);
}

static void cmd_append(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  struct entry *e = lookup(&argv[1]);
  if (e && e->type != T_STRING) {
    reply_error(c->out, "%s", ERR_WRONGTYPE);
    return;
  }
  if (!e) {
    set_string(&argv[1], argv[2].p, argv[2].len, 0);
    reply_int(c->out, (long long)argv[2].len);
    return;
  }
  char *p = realloc(e->value.p, e->value.len + argv[2].len + 1);
  memcpy(p + e->value.len, argv[2].p, argv[2].len);
  e->value.p = p;
  e->value.len += argv[2].len;
  p[e->value.len] = '\0';
  reply_int(c->out, (long long)e->value.len);
}

static void cmd_strlen(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  struct entry *e = lookup(&argv[1]);
  if (e && e->type != T_STRING) reply_error(c->out, "%s", ERR_WRONGTYPE);
  else reply_int(c->out, e ? (long long)e->value.len : 0);
}

static void cmd_keys(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  sweep();
  const struct str *pattern = &argv[1];
  size_t n = 0;
  struct buf keys = {0};
  for (int b = 0; b < BUCKETS; b++) {
    for (struct entry *e = table[b]; e; e = e->next) {
      if (glob_match(pattern->p, pattern->p + pattern->len, e->key.p, e->key.p + e->key.len)) {
        reply_bulk(&keys, e->key.p, e->key.len);
        n++;
      }
    }
  }
  reply_array(c->out, n);
  if (keys.len) buf_put(c->out, keys.p, keys.len);
  free(keys.p);
}

static void cmd_dbsize(struct ctx *c, int argc, struct str *argv) {
  (void)argc, (void)argv;
  sweep();
  reply_int(c->out, (long long)nkeys);
}

static void cmd_flushall(struct ctx *c, int argc, struct str *argv) {
  for (int i = 1; i < argc; i++) {
    if (!is_eq(&argv[i], "ASYNC") && !is_eq(&argv[i], "SYNC")) {
      reply_error(c->out, "%s", ERR_SYNTAX);
      return;
    }
  }
  flush_all();
  reply_simple(c->out, "OK");
}

static struct entry *list_for_write(struct ctx *c, const struct str *key) {
  struct entry *e = lookup(key);
  if (e && e->type != T_LIST) {
    reply_error(c->out, "%s", ERR_WRONGTYPE);
    return NULL;
  }
  return e ? e : create(key, T_LIST);
}

static void push(struct ctx *c, int argc, struct str *argv, int head) {
  struct entry *e = list_for_write(c, &argv[1]);
  if (!e) return;
  for (int i = 2; i < argc; i++) list_push(e, &argv[i], head);
  reply_int(c->out, (long long)e->nitems);
}

static void cmd_lpush(struct ctx *c, int argc, struct str *argv) { push(c, argc, argv, 1); }
static void cmd_rpush(struct ctx *c, int argc, struct str *argv) { push(c, argc, argv, 0); }

static void pop(struct ctx *c, int argc, struct str *argv, int head) {
  long long count = 1;
  if (argc == 3 && (!parse_ll(&argv[2], &count) || count < 0)) {
    reply_error(c->out, "ERR value is out of range, must be positive");
    return;
  }
  struct entry *e = lookup(&argv[1]);
  if (e && e->type != T_LIST) {
    reply_error(c->out, "%s", ERR_WRONGTYPE);
    return;
  }
  if (!e) {
    if (argc == 3) buf_put(c->out, "*-1\r\n", 5);
    else reply_nil(c->out);
    return;
  }
  size_t n = (size_t)count < e->nitems ? (size_t)count : e->nitems;
  if (argc == 3) reply_array(c->out, n);
  for (size_t i = 0; i < n; i++) {
    size_t at = head ? 0 : e->nitems - 1;
    reply_bulk(c->out, e->items[at].p, e->items[at].len);
    free(e->items[at].p);
    if (head) memmove(e->items, e->items + 1, (e->nitems - 1) * sizeof *e->items);
    e->nitems--;
  }
  if (e->nitems == 0) delete_entry(e);
}

static void cmd_lpop(struct ctx *c, int argc, struct str *argv) { pop(c, argc, argv, 1); }
static void cmd_rpop(struct ctx *c, int argc, struct str *argv) { pop(c, argc, argv, 0); }

static void cmd_lrange(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  long long start, stop;
  if (!parse_ll(&argv[2], &start) || !parse_ll(&argv[3], &stop)) {
    reply_error(c->out, "%s", ERR_NOT_INTEGER);
    return;
  }
  struct entry *e = lookup(&argv[1]);
  if (e && e->type != T_LIST) {
    reply_error(c->out, "%s", ERR_WRONGTYPE);
    return;
  }
  long long n = e ? (long long)e->nitems : 0;
  if (start < 0) start += n;
  if (stop < 0) stop += n;
  if (start < 0) start = 0;
  if (stop >= n) stop = n - 1;
  if (start > stop || start >= n) {
    reply_array(c->out, 0);
    return;
  }
  reply_array(c->out, (size_t)(stop - start + 1));
  for (long long i = start; i <= stop; i++) reply_bulk(c->out, e->items[i].p, e->items[i].len);
}

static void cmd_llen(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  struct entry *e = lookup(&argv[1]);
  if (e && e->type != T_LIST) reply_error(c->out, "%s", ERR_WRONGTYPE);
  else reply_int(c->out, e ? (long long)e->nitems : 0);
}

static void cmd_type(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  struct entry *e = lookup(&argv[1]);
  reply_simple(c->out, !e ? "none" : e->type == T_LIST ? "list" : "string");
}

static void expire_at(struct ctx *c, const struct str *key, long long at) {
  struct entry *e = lookup(key);
  if (!e) {
    reply_int(c->out, 0);
    return;
  }
  if (at <= now_ms()) delete_entry(e);
  else e->expire_at = at;
  reply_int(c->out, 1);
}

static void cmd_expire(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  long long seconds;
  if (!parse_ll(&argv[2], &seconds)) reply_error(c->out, "%s", ERR_NOT_INTEGER);
  else if (seconds > LLONG_MAX / 1000 || seconds < LLONG_MIN / 1000)
    reply_error(c->out, "ERR invalid expire time in 'expire' command");
  else expire_at(c, &argv[1], now_ms() + seconds * 1000);
}

static void cmd_pexpireat(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  long long at;
  if (!parse_ll(&argv[2], &at)) reply_error(c->out, "%s", ERR_NOT_INTEGER);
  else expire_at(c, &argv[1], at);
}

static void ttl(struct ctx *c, const struct str *key, int ms) {
  struct entry *e = lookup(key);
  if (!e) reply_int(c->out, -2);
  else if (!e->expire_at) reply_int(c->out, -1);
  else {
    long long left = e->expire_at - now_ms();
    reply_int(c->out, ms ? left : (left + 500) / 1000);
  }
}

static void cmd_ttl(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  ttl(c, &argv[1], 0);
}

static void cmd_pttl(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  ttl(c, &argv[1], 1);
}

static void cmd_select(struct ctx *c, int argc, struct str *argv) {
  (void)argc;
  long long db;
  if (!parse_ll(&argv[1], &db)) reply_error(c->out, "%s", ERR_NOT_INTEGER);
  else if (db != 0) reply_error(c->out, "ERR DB index is out of range");
  else reply_simple(c->out, "OK");
}

static void cmd_quit(struct ctx *c, int argc, struct str *argv) {
  (void)argc, (void)argv;
  reply_simple(c->out, "OK");
  c->quit = 1;
}

// --- replication state and INFO -------------------------------------------------------------

static int port = 6379;
static const char *leader_host;
static int leader_port;
static int link_state = -1;  // -1 before the first copy, then 0 down / 1 up
static long long last_sync_ms;
static long long started_ms;

// Replicas announce themselves (REPLCONF ip-address NAME listening-port PORT) at each copy;
// INFO lists those heard from lately.
static struct follower {
  char name[128];
  long long port;
  long long seen_ms;
} followers[MAX_FOLLOWERS];

static int follower_live(const struct follower *f) {
  return f->name[0] && monotonic_ms() - f->seen_ms <= 5000;
}

static void cmd_replconf(struct ctx *c, int argc, struct str *argv) {
  if (argc % 2 == 0) {
    reply_error(c->out, "%s", ERR_SYNTAX);
    return;
  }
  const struct str *name = NULL;
  long long follower_port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (is_eq(&argv[i], "ip-address")) name = &argv[i + 1];
    else if (is_eq(&argv[i], "listening-port") && !parse_ll(&argv[i + 1], &follower_port)) {
      reply_error(c->out, "%s", ERR_NOT_INTEGER);
      return;
    }
  }
  if (name) {
    size_t n = name->len < sizeof followers[0].name ? name->len : sizeof followers[0].name - 1;
    struct follower *slot = NULL;
    for (int f = 0; f < MAX_FOLLOWERS && !slot; f++) {
      if (strlen(followers[f].name) == n && memcmp(followers[f].name, name->p, n) == 0)
        slot = &followers[f];
    }
    for (int f = 0; f < MAX_FOLLOWERS && !slot; f++) {
      if (!follower_live(&followers[f])) slot = &followers[f];
    }
    if (slot) {
      memcpy(slot->name, name->p, n);
      slot->name[n] = '\0';
      slot->port = follower_port;
      slot->seen_ms = monotonic_ms();
    }
  }
  reply_simple(c->out, "OK");
}

static void cmd_info(struct ctx *c, int argc, struct str *argv) {
  int all = argc == 1, server = all, replication = all, keyspace = all;
  for (int i = 1; i < argc; i++) {
    if (is_eq(&argv[i], "all") || is_eq(&argv[i], "default") || is_eq(&argv[i], "everything"))
      server = replication = keyspace = 1;
    else if (is_eq(&argv[i], "server")) server = 1;
    else if (is_eq(&argv[i], "replication")) replication = 1;
    else if (is_eq(&argv[i], "keyspace")) keyspace = 1;
  }
  struct buf info = {0};
  if (server) {
    buf_printf(&info,
               "# Server\r\nredis_version:7.2.4\r\nredis_mode:standalone\r\nos:WASI\r\n"
               "tcp_port:%d\r\nuptime_in_seconds:%lld\r\n",
               port, (monotonic_ms() - started_ms) / 1000);
  }
  if (replication) {
    if (info.len) buf_put(&info, "\r\n", 2);
    if (leader_host) {
      buf_printf(&info,
                 "# Replication\r\nrole:slave\r\nmaster_host:%s\r\nmaster_port:%d\r\n"
                 "master_link_status:%s\r\nmaster_last_io_seconds_ago:%lld\r\n"
                 "master_sync_in_progress:0\r\nconnected_slaves:0\r\n",
                 leader_host, leader_port, link_state == 1 ? "up" : "down",
                 last_sync_ms ? (monotonic_ms() - last_sync_ms) / 1000 : -1);
    } else {
      int n = 0;
      for (int f = 0; f < MAX_FOLLOWERS; f++) n += follower_live(&followers[f]);
      buf_printf(&info, "# Replication\r\nrole:master\r\nconnected_slaves:%d\r\n", n);
      for (int f = 0, i = 0; f < MAX_FOLLOWERS; f++) {
        if (!follower_live(&followers[f])) continue;
        buf_printf(&info, "slave%d:ip=%s,port=%lld,state=online,offset=0,lag=%lld\r\n", i++,
                   followers[f].name, followers[f].port,
                   (monotonic_ms() - followers[f].seen_ms) / 1000);
      }
    }
  }
  if (keyspace) {
    if (info.len) buf_put(&info, "\r\n", 2);
    sweep();
    buf_put(&info, "# Keyspace\r\n", 12);
    if (nkeys) {
      size_t expires = 0;
      for (int b = 0; b < BUCKETS; b++) {
        for (struct entry *e = table[b]; e; e = e->next) expires += e->expire_at != 0;
      }
      buf_printf(&info, "db0:keys=%zu,expires=%zu,avg_ttl=0\r\n", nkeys, expires);
    }
  }
  reply_bulk(c->out, info.p ? info.p : "", info.len);
  free(info.p);
}

static const struct command commands[] = {
    {"ping", -1, 0, cmd_ping},         {"echo", 2, 0, cmd_echo},
    {"get", 2, 0, cmd_get},            {"set", -3, 1, cmd_set},
    {"mget", -2, 0, cmd_mget},         {"del", -2, 1, cmd_del},
    {"exists", -2, 0, cmd_exists},     {"incr", 2, 1, cmd_incr},
    {"incrby", 3, 1, cmd_incrby},      {"decr", 2, 1, cmd_decr},
    {"decrby", 3, 1, cmd_decrby},      {"append", 3, 1, cmd_append},
    {"strlen", 2, 0, cmd_strlen},      {"keys", 2, 0, cmd_keys},
    {"dbsize", 1, 0, cmd_dbsize},      {"flushall", -1, 1, cmd_flushall},
    {"flushdb", -1, 1, cmd_flushall},  {"lpush", -3, 1, cmd_lpush},
    {"rpush", -3, 1, cmd_rpush},       {"lpop", -2, 1, cmd_lpop},
    {"rpop", -2, 1, cmd_rpop},         {"lrange", 4, 0, cmd_lrange},
    {"llen", 2, 0, cmd_llen},          {"type", 2, 0, cmd_type},
    {"expire", 3, 1, cmd_expire},      {"pexpireat", 3, 1, cmd_pexpireat},
    {"ttl", 2, 0, cmd_ttl},            {"pttl", 2, 0, cmd_pttl},
    {"info", -1, 0, cmd_info},         {"select", 2, 0, cmd_select},
    {"replconf", -1, 0, cmd_replconf}, {"quit", -1, 0, cmd_quit},
};

static const struct command *find_command(const struct str *name) {
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (is_eq(name, commands[i].name)) return &commands[i];
  }
  return NULL;
}

// --- the append-only file -------------------------------------------------------------------

static int aof_fd = -1;

static void aof_command(struct buf *b, int argc, const struct str *argv) {
  reply_array(b, (size_t)argc);
  for (int i = 0; i < argc; i++) reply_bulk(b, argv[i].p, argv[i].len);
}

// Appends a write to the file. SET and expiries are written as the key's resulting state with
// an absolute expiry time, so replaying later gives the same data.
static void aof_append(const struct command *cmd, int argc, struct str *argv) {
  if (aof_fd < 0) return;
  struct buf b = {0};
  if (strcmp(cmd->name, "set") == 0 || strcmp(cmd->name, "expire") == 0 ||
      strcmp(cmd->name, "pexpireat") == 0) {
    struct entry *e = lookup(&argv[1]);
    if (!e) {
      struct str del[2] = {{"DEL", 3}, argv[1]};
      aof_command(&b, 2, del);
    } else {
      if (strcmp(cmd->name, "set") == 0 && e->type == T_STRING) {
        struct str set[3] = {{"SET", 3}, argv[1], e->value};
        aof_command(&b, 3, set);
      }
      if (e->expire_at) {
        char at[32];
        struct str pexpireat[3] = {{"PEXPIREAT", 9}, argv[1], {at, 0}};
        pexpireat[2].len = (size_t)snprintf(at, sizeof at, "%lld", e->expire_at);
        aof_command(&b, 3, pexpireat);
      }
    }
  } else {
    aof_command(&b, argc, argv);
  }
  size_t done = 0;
  while (done < b.len) {
    ssize_t n = write(aof_fd, b.p + done, b.len - done);
    if (n < 0) {
      logf_('#', "Error writing to the append only file: %s", strerror(errno));
      break;
    }
    done += (size_t)n;
  }
  free(b.p);
}

// --- running commands -----------------------------------------------------------------------

static void execute(struct ctx *c, int argc, struct str *argv) {
  const struct command *cmd = find_command(&argv[0]);
  if (!cmd) {
    struct buf args = {0};
    for (int i = 1; i < argc && args.len < 128; i++) {
      int room = 128 - (int)args.len;
      buf_printf(&args, "'%.*s' ", (int)argv[i].len < room ? (int)argv[i].len : room, argv[i].p);
    }
    reply_error(c->out, "ERR unknown command '%.128s', with args beginning with: %s", argv[0].p,
                args.p ? args.p : "");
    free(args.p);
    return;
  }
  if ((cmd->arity > 0 && argc != cmd->arity) || (cmd->arity < 0 && argc < -cmd->arity)) {
    reply_error(c->out, "ERR wrong number of arguments for '%s' command", cmd->name);
    return;
  }
  if (cmd->write && leader_host && !c->replaying) {
    reply_error(c->out, "READONLY You can't write against a read only replica.");
    return;
  }
  size_t before = c->out->len;
  cmd->run(c, argc, argv);
  if (cmd->write && !c->replaying && c->out->p[before] != '-') aof_append(cmd, argc, argv);
}

// Splits an inline command line as Redis does: words, "double quoted" with \n \r \t \b \a \\
// \" \xHH escapes, 'single quoted' with \'. Returns the word count, or -1 for unbalanced quotes.
static int split_inline(char *line, struct str *words, int max) {
  int n = 0;
  char *p = line;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (!*p) return n;
    char *out = p, *start = p;
    int dq = 0, sq = 0, done = 0;
    while (!done) {
      if (dq) {
        if (p[0] == '\\' && p[1] == 'x' && p[2] && p[3] && strchr("0123456789abcdefABCDEF", p[2]) &&
            strchr("0123456789abcdefABCDEF", p[3])) {
          char hex[3] = {p[2], p[3], 0};
          *out++ = (char)strtol(hex, NULL, 16);
          p += 3;
        } else if (p[0] == '\\' && p[1]) {
          p++;
          *out++ = *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p == 't' ? '\t' : *p == 'b' ? '\b'
                 : *p == 'a' ? '\a' : *p;
        } else if (*p == '"') {
          if (p[1] && p[1] != ' ' && p[1] != '\t' && p[1] != '\r' && p[1] != '\n') return -1;
          done = 1;
        } else if (!*p) {
          return -1;
        } else {
          *out++ = *p;
        }
      } else if (sq) {
        if (p[0] == '\\' && p[1] == '\'') {
          p++;
          *out++ = '\'';
        } else if (*p == '\'') {
          if (p[1] && p[1] != ' ' && p[1] != '\t' && p[1] != '\r' && p[1] != '\n') return -1;
          done = 1;
        } else if (!*p) {
          return -1;
        } else {
          *out++ = *p;
        }
      } else {
        switch (*p) {
          case ' ': case '\n': case '\r': case '\t': case '\0':
            done = 1;
            break;
          case '"':
            dq = 1;
            break;
          case '\'':
            sq = 1;
            break;
          default:
            *out++ = *p;
        }
      }
      if (*p) p++;
    }
    if (n < max) words[n++] = (struct str){start, (size_t)(out - start)};
  }
}

enum { PARSE_MORE = 0, PARSE_OK = 1, PARSE_ERROR = -1 };

struct parsed {
  int argc;
  struct str *argv;
  size_t used;
};

// Parses one command from the start of `in`: RESP multibulk or an inline line. PARSE_MORE
// when incomplete; PARSE_ERROR writes a protocol error (the connection then closes).
static int parse_command(struct buf *in, struct parsed *cmd, struct buf *out) {
  char *p = in->p, *end = in->p + in->len;
  cmd->argc = 0;
  cmd->argv = NULL;
  if (in->len == 0) return PARSE_MORE;
  if (*p != '*') {
    char *nl = memchr(p, '\n', in->len);
    if (!nl) {
      if (in->len > MAX_INLINE) {
        reply_error(out, "ERR Protocol error: too big inline request");
        return PARSE_ERROR;
      }
      return PARSE_MORE;
    }
    *nl = '\0';
    int max = 1 + (int)(nl - p) / 2;
    cmd->argv = malloc(sizeof(struct str) * (size_t)max);
    cmd->argc = split_inline(p, cmd->argv, max);
    cmd->used = (size_t)(nl - p) + 1;
    if (cmd->argc < 0) {
      reply_error(out, "ERR Protocol error: unbalanced quotes in request");
      return PARSE_ERROR;
    }
    return PARSE_OK;
  }
  char *nl = memchr(p, '\n', in->len);
  if (!nl) {
    if (in->len > MAX_INLINE) {
      reply_error(out, "ERR Protocol error: too big mbulk count string");
      return PARSE_ERROR;
    }
    return PARSE_MORE;
  }
  char *num_end;
  long long count = strtoll(p + 1, &num_end, 10);
  if (num_end != nl - 1 || nl[-1] != '\r' || count > MAX_MULTIBULK) {
    reply_error(out, "ERR Protocol error: invalid multibulk length");
    return PARSE_ERROR;
  }
  p = nl + 1;
  if (count <= 0) {
    cmd->used = (size_t)(p - in->p);
    return PARSE_OK;
  }
  cmd->argv = malloc(sizeof(struct str) * (size_t)count);
  for (long long i = 0; i < count; i++) {
    if (p >= end) return PARSE_MORE;
    if (*p != '$') {
      reply_error(out, "ERR Protocol error: expected '$', got '%c'", *p);
      return PARSE_ERROR;
    }
    nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) {
      if (end - p > MAX_INLINE) {
        reply_error(out, "ERR Protocol error: too big bulk count string");
        return PARSE_ERROR;
      }
      return PARSE_MORE;
    }
    long long len = strtoll(p + 1, &num_end, 10);
    if (num_end != nl - 1 || nl[-1] != '\r' || len < 0 || len > MAX_BULK) {
      reply_error(out, "ERR Protocol error: invalid bulk length");
      return PARSE_ERROR;
    }
    p = nl + 1;
    if (end - p < len + 2) return PARSE_MORE;
    cmd->argv[cmd->argc++] = (struct str){p, (size_t)len};
    p += len + 2;
  }
  cmd->used = (size_t)(p - in->p);
  return PARSE_OK;
}

// Runs every complete command in `in`, replying into `out`. Returns -1 when the connection
// must close after the replies are sent (QUIT, a protocol error).
static int run_commands(struct buf *in, struct buf *out, int replaying) {
  struct ctx c = {.out = out, .replaying = replaying};
  for (;;) {
    struct parsed cmd;
    int rc = parse_command(in, &cmd, out);
    if (rc != PARSE_OK) {
      free(cmd.argv);
      return rc == PARSE_ERROR ? -1 : 0;
    }
    // Terminate every argument in place (the byte after each was a \r or the line's end) so
    // names print with %s; copy first, since the terminator overwrites input still to parse.
    if (cmd.argc > 0) {
      struct str *args = malloc(sizeof(struct str) * (size_t)cmd.argc);
      for (int i = 0; i < cmd.argc; i++) args[i] = str_dup(cmd.argv[i].p, cmd.argv[i].len);
      buf_drop(in, cmd.used);
      execute(&c, cmd.argc, args);
      for (int i = 0; i < cmd.argc; i++) free(args[i].p);
      free(args);
    } else {
      buf_drop(in, cmd.used);
    }
    free(cmd.argv);
    if (c.quit) return -1;
  }
}

// --- persistence ----------------------------------------------------------------------------

static void open_aof(const char *dir) {
  if (!dir) {
    logf_('*', "No --dir given: the data lives in memory only and is lost when the container "
               "restarts");
    return;
  }
  DIR *d = opendir(dir);
  if (!d) {
    // Without a preopened directory WASI says ENOTCAPABLE: to the program it is not there.
    int err = errno;
#ifdef ENOTCAPABLE
    if (err == ENOTCAPABLE) err = ENOENT;
#endif
    const char *why = strerror(err);
    logf_('#', "Can't use --dir %s (%s): the data lives in memory only", dir, why);
    return;
  }
  closedir(d);
  char path[1024];
  snprintf(path, sizeof path, "%s/appendonly.aof", dir);
  FILE *f = fopen(path, "rb");
  if (f) {
    struct buf in = {0}, out = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_put(&in, chunk, n);
    fclose(f);
    long long start = monotonic_ms();
    run_commands(&in, &out, 1);
    sweep();
    if (in.len) {
      logf_('#', "The append only file ends with %zu bytes of an incomplete command: ignored",
            in.len);
    }
    logf_('*', "DB loaded from append only file %s: %zu keys, %.3f seconds", path, nkeys,
          (double)(monotonic_ms() - start) / 1000);
    free(in.p);
    free(out.p);
  }
  aof_fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (aof_fd < 0) {
    logf_('#', "Can't open the append only file %s: %s: the data lives in memory only", path,
          strerror(errno));
    return;
  }
  logf_('*', "Appending every write to %s", path);
}

// --- the replica's copy of its leader -------------------------------------------------------

// A reply read from the leader: a simple string, error, integer, bulk (nil when null) or a
// flat array of bulk strings.
struct reply {
  char type;
  int null;
  long long integer;
  struct str str;
  struct str *items;
  size_t nitems;
};

struct reader {
  int fd;
  struct buf in;
  size_t pos;
};

static void free_reply(struct reply *r) {
  free(r->str.p);
  for (size_t i = 0; i < r->nitems; i++) free(r->items[i].p);
  free(r->items);
  memset(r, 0, sizeof *r);
}

// Waits (up to the sync timeout) for more bytes from the leader.
static int fill(struct reader *r) {
  struct pollfd pfd = {r->fd, POLLIN, 0};
  int ready = poll(&pfd, 1, SYNC_TIMEOUT_MS);
  if (ready == 0) {
    errno = ETIMEDOUT;
    return -1;
  }
  if (ready < 0) return -1;
  char chunk[8192];
  ssize_t n = recv(r->fd, chunk, sizeof chunk, 0);
  if (n < 0) return -1;
  if (n == 0) {
    errno = ECONNRESET;
    return -1;
  }
  buf_put(&r->in, chunk, (size_t)n);
  return 0;
}

static int read_line(struct reader *r, struct str *line) {
  for (;;) {
    char *start = r->in.p + r->pos;
    char *nl = r->in.len > r->pos ? memchr(start, '\n', r->in.len - r->pos) : NULL;
    if (nl && nl > start && nl[-1] == '\r') {
      *line = (struct str){start, (size_t)(nl - 1 - start)};
      r->pos = (size_t)(nl + 1 - r->in.p);
      return 0;
    }
    if (fill(r) < 0) return -1;
  }
}

static int read_bulk(struct reader *r, long long len, struct str *out) {
  while (r->in.len - r->pos < (size_t)len + 2) {
    if (fill(r) < 0) return -1;
  }
  *out = str_dup(r->in.p + r->pos, (size_t)len);
  r->pos += (size_t)len + 2;
  return 0;
}

static int read_reply(struct reader *r, struct reply *out) {
  memset(out, 0, sizeof *out);
  struct str line;
  if (read_line(r, &line) < 0) return -1;
  out->type = line.p[0];
  long long n = strtoll(line.p + 1, NULL, 10);
  switch (out->type) {
    case '+':
    case '-':
      out->str = str_dup(line.p + 1, line.len - 1);
      return 0;
    case ':':
      out->integer = n;
      return 0;
    case '$':
      if (n < 0) {
        out->null = 1;
        return 0;
      }
      return read_bulk(r, n, &out->str);
    case '*':
      if (n < 0) {
        out->null = 1;
        return 0;
      }
      out->items = calloc((size_t)n + 1, sizeof *out->items);
      for (long long i = 0; i < n; i++) {
        struct str item;
        if (read_line(r, &item) < 0) return -1;
        long long len = strtoll(item.p + 1, NULL, 10);
        if (item.p[0] != '$' || len < 0) {
          errno = EPROTO;
          return -1;
        }
        if (read_bulk(r, len, &out->items[out->nitems]) < 0) return -1;
        out->nitems++;
      }
      return 0;
    default:
      errno = EPROTO;
      return -1;
  }
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

static void send_command(struct buf *b, int argc, ...) {
  struct str argv[8];
  va_list ap;
  va_start(ap, argc);
  for (int i = 0; i < argc; i++) {
    argv[i].p = va_arg(ap, char *);
    argv[i].len = va_arg(ap, size_t);
  }
  va_end(ap);
  aof_command(b, argc, argv);
}

#define ARG(s) (s), strlen(s)

// Copies the leader's whole data set: KEYS *, then GET, LRANGE and PTTL for every key (a
// GET of a list and an LRANGE of a string answer WRONGTYPE, which tells the type).
static int copy_leader(void) {
  int fd = net_connect(leader_host, leader_port);
  if (fd < 0) return -1;
  struct reader r = {.fd = fd};
  struct buf req = {0};
  char port_text[16];
  snprintf(port_text, sizeof port_text, "%d", port);
  const char *me = getenv("HOSTNAME");
  send_command(&req, 5, ARG("REPLCONF"), ARG("ip-address"), ARG(me && *me ? me : "replica"),
               ARG("listening-port"), ARG(port_text));
  send_command(&req, 2, ARG("KEYS"), ARG("*"));
  int rc = send_all(fd, req.p, req.len);
  req.len = 0;
  // The leader's answer to REPLCONF does not matter: a leader that does not know it still
  // serves the copy.
  struct reply keys = {0}, ignored;
  if (rc == 0) rc = read_reply(&r, &ignored);
  free_reply(&ignored);
  if (rc == 0) rc = read_reply(&r, &keys);
  if (rc == 0 && keys.type != '*') {
    errno = EPROTO;
    rc = -1;
  }
  for (size_t i = 0; rc == 0 && i < keys.nitems; i++) {
    struct str *k = &keys.items[i];
    send_command(&req, 2, ARG("GET"), k->p, k->len);
    send_command(&req, 4, ARG("LRANGE"), k->p, k->len, ARG("0"), ARG("-1"));
    send_command(&req, 2, ARG("PTTL"), k->p, k->len);
  }
  if (rc == 0 && req.len) rc = send_all(fd, req.p, req.len);
  free(req.p);
  struct reply *values = calloc(keys.nitems * 3 + 1, sizeof *values);
  for (size_t i = 0; rc == 0 && i < keys.nitems * 3; i++) rc = read_reply(&r, &values[i]);
  if (rc == 0) {
    flush_all();
    long long now = now_ms();
    for (size_t i = 0; i < keys.nitems; i++) {
      struct reply *get = &values[3 * i], *range = &values[3 * i + 1], *pttl = &values[3 * i + 2];
      long long expire = pttl->type == ':' && pttl->integer > 0 ? now + pttl->integer : 0;
      if (get->type == '$' && !get->null) {
        set_string(&keys.items[i], get->str.p, get->str.len, expire);
      } else if (range->type == '*' && range->nitems > 0) {
        struct entry *e = create(&keys.items[i], T_LIST);
        for (size_t k = 0; k < range->nitems; k++) list_push(e, &range->items[k], 0);
        e->expire_at = expire;
      }
    }
  }
  int saved = errno;
  for (size_t i = 0; i < keys.nitems * 3; i++) free_reply(&values[i]);
  free(values);
  free_reply(&keys);
  free(r.in.p);
  close(fd);
  errno = saved;
  return rc;
}

// Copies the leader, logging when the link comes up or goes down (not at every copy).
static void sync_with_leader(void) {
  if (copy_leader() == 0) {
    if (link_state != 1) logf_('*', "MASTER <-> REPLICA sync: Finished with success (%zu keys)", nkeys);
    link_state = 1;
    last_sync_ms = monotonic_ms();
  } else {
    if (link_state != 0) {
      logf_('#', "Error condition on socket for SYNC with %s:%d: %s", leader_host, leader_port,
            strerror(errno));
    }
    link_state = 0;
  }
}

// --- the server -----------------------------------------------------------------------------

struct client {
  int fd;
  struct buf in, out;
};

static struct client clients[MAX_CLIENTS];
static int nclients;

static int open_listener(int port_number) {
  const char *count = getenv("LISTEN_FDS");
  if (count && atoi(count) > 0) {
    const char *start = getenv("LISTEN_FDS_START");
    int first = start ? atoi(start) : 3;
    const char *ports = getenv("LISTEN_PORTS");
    if (!ports) return first;
    for (int i = 0; i < atoi(count) && *ports; i++) {
      if (atoi(ports) == port_number) return first + i;
      ports = strchr(ports, ',');
      if (!ports) break;
      ports++;
    }
  }
  return net_listen(port_number);
}

static void drop(int i) {
  close(clients[i].fd);
  free(clients[i].in.p);
  free(clients[i].out.p);
  clients[i] = clients[--nclients];
}

// Reads from a client and answers what is complete; -1 when the connection is over.
static int on_readable(struct client *c) {
  char chunk[16384];
  ssize_t n = recv(c->fd, chunk, sizeof chunk, 0);
  if (n < 0) return errno == EINTR || errno == EAGAIN ? 0 : -1;
  if (n == 0) return -1;
  buf_put(&c->in, chunk, (size_t)n);
  int rc = run_commands(&c->in, &c->out, 0);
  if (c->out.len) {
    if (send_all(c->fd, c->out.p, c->out.len) < 0) rc = -1;
    c->out.len = 0;
  }
  return rc;
}

static int parse_port(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < 1 || v > 65535) return -1;
  return (int)v;
}

// Applies one redis.conf directive (`words[0]` with its arguments); 0, or -1 when a value
// is bad. Directives this server has no use for are accepted and ignored.
static int redis_directive(int n, char **words, const char **dir, int *appendonly) {
  if (n == 0) return 0;
  const char *name = words[0];
  if (strcasecmp(name, "port") == 0 && n >= 2) {
    port = parse_port(words[1]);
    return port < 0 ? -1 : 0;
  }
  if (strcasecmp(name, "dir") == 0 && n >= 2) {
    *dir = words[1];
  } else if (strcasecmp(name, "appendonly") == 0 && n >= 2) {
    *appendonly = strcasecmp(words[1], "yes") == 0;
  } else if ((strcasecmp(name, "replicaof") == 0 || strcasecmp(name, "slaveof") == 0) && n >= 3) {
    leader_host = words[1];
    leader_port = parse_port(words[2]);
    return leader_port < 0 ? -1 : 0;
  }
  return 0;
}

// Splits `line` in place into at most `cap` words (spaces and tabs; "..." quotes).
static int split_words(char *line, char **words, int cap) {
  int n = 0;
  char *p = line;
  while (*p && n < cap) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (!*p || *p == '#') break;
    char quote = *p == '"' || *p == '\'' ? *p++ : 0;
    words[n++] = p;
    while (*p && (quote ? *p != quote : !(*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))) p++;
    if (*p) *p++ = '\0';
  }
  return n;
}

// redis-server's command line (see the file comment): sets the port, leader and `*dir` (NULL
// when writes are not to be persisted). Returns 0, or an exit code after saying why.
static int redis_server_args(int argc, char **argv, const char **dir) {
  const char *data_dir = "/data";
  int appendonly = 0, i = 1;
  const char *version = getenv("REDIS_VERSION");
  if (argc > 1 && (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "--version") == 0)) {
    printf("Redis server v=%s sha=00000000:0 malloc=libc bits=32 build=0 (a WASI stand-in)\n",
           version && *version ? version : "7.4.1");
    exit(0);
  }
  role = 'C';
  logf_('#', "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
  logf_('#', "Redis version=%s, bits=32, commit=00000000, modified=0, pid=1, just started",
        version && *version ? version : "7.4.1");
  if (i < argc && strncmp(argv[i], "--", 2) != 0) {
    const char *file = argv[i++];
    FILE *f = fopen(file, "r");
    if (!f) {
      fprintf(stderr, "Fatal error, can't open config file '%s': %s\n", file,
              strerror(errno == ENOTCAPABLE ? ENOENT : errno));
      return 1;
    }
    char line[1024];
    int number = 0;
    while (fgets(line, sizeof line, f)) {
      number++;
      char *words[16];
      char *copy = strdup(line);
      int n = split_words(copy, words, 16);
      if (redis_directive(n, words, &data_dir, &appendonly) < 0) {
        fprintf(stderr, "\n*** FATAL CONFIG FILE ERROR (Redis %s) ***\nReading the configuration "
                "file, at line %d\n>>> '%s'\nInvalid port\n", version ? version : "7.4.1", number,
                strtok(line, "\r\n"));
        return 1;
      }
    }
    fclose(f);
    logf_('#', "Configuration loaded");
  } else {
    logf_('#', "Warning: no config file specified, using the default config. In order to specify "
               "a config file use redis-server /path/to/redis.conf");
  }
  while (i < argc) {
    if (strncmp(argv[i], "--", 2) != 0) {
      fprintf(stderr, "\n*** FATAL CONFIG FILE ERROR ***\n>>> '%s'\nBad directive or wrong number "
              "of arguments\n", argv[i]);
      return 1;
    }
    char *words[16];
    int n = 0;
    words[n++] = argv[i++] + 2;
    // A value may be one argument holding several words (`--replicaof "host 6379"`).
    while (i < argc && strncmp(argv[i], "--", 2) != 0 && n < 16) {
      char *copy = strdup(argv[i++]);
      n += split_words(copy, words + n, 16 - n);
    }
    if (redis_directive(n, words, &data_dir, &appendonly) < 0) {
      fprintf(stderr, "\n*** FATAL CONFIG FILE ERROR ***\n>>> '%s'\nInvalid argument\n", words[0]);
      return 1;
    }
  }
  *dir = appendonly ? data_dir : NULL;
  role = 'M';
  return 0;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char *dir = NULL;
  const char *program = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  if (strcmp(program, "redis-server") == 0) {
    int code = redis_server_args(argc, argv, &dir);
    if (code != 0) return code;
    argc = 1;
  }
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      fputs(usage, stdout);
      return 0;
    } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      port = parse_port(argv[++i]);
      if (port < 0) {
        fprintf(stderr, "kv-store: invalid port '%s'\n", argv[i]);
        return 2;
      }
    } else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
      dir = argv[++i];
    } else if ((strcmp(argv[i], "--replicaof") == 0 || strcmp(argv[i], "--slaveof") == 0) &&
               i + 1 < argc) {
      // Accept both `--replicaof HOST PORT` and redis-server's `--replicaof "HOST PORT"`.
      char *spec = argv[++i], *space = strchr(spec, ' ');
      const char *port_text = NULL;
      if (space) {
        *space = '\0';
        port_text = space + 1;
      } else if (i + 1 < argc) {
        port_text = argv[++i];
      }
      leader_host = spec;
      leader_port = port_text ? parse_port(port_text) : -1;
      if (leader_port < 0) {
        fprintf(stderr, "kv-store: --replicaof needs HOST PORT\n");
        return 2;
      }
    } else {
      fprintf(stderr, "kv-store: unknown argument '%s'\n%s", argv[i], usage);
      return 2;
    }
  }
  started_ms = monotonic_ms();
  if (leader_host) role = 'S';
  logf_('*', "kv-store starting, port %d", port);
  if (leader_host) {
    logf_('*', "Read-only replica of %s:%d, copying it every second%s", leader_host, leader_port,
          dir ? " (--dir is not used by a replica)" : "");
  } else {
    open_aof(dir);
  }

  int listener = open_listener(port);
  if (listener < 0) {
    logf_('#', "Failed listening on port %d (tcp): %s", port, strerror(errno));
    return 1;
  }
  logf_('*', "Ready to accept connections tcp");
  if (leader_host) logf_('*', "Connecting to MASTER %s:%d", leader_host, leader_port);

  long long next_sync = monotonic_ms();
  struct pollfd fds[MAX_CLIENTS + 1];
  for (;;) {
    if (leader_host && monotonic_ms() >= next_sync) {
      sync_with_leader();
      next_sync = monotonic_ms() + SYNC_INTERVAL_MS;
    }
    int n = 0;
    for (int i = 0; i < nclients; i++) fds[n++] = (struct pollfd){clients[i].fd, POLLIN, 0};
    int listening = nclients < MAX_CLIENTS;
    if (listening) fds[n++] = (struct pollfd){listener, POLLIN, 0};
    int timeout = -1;
    if (leader_host) {
      long long wait = next_sync - monotonic_ms();
      timeout = wait < 0 ? 0 : (int)wait;
    }
    if (poll(fds, (nfds_t)n, timeout) < 0) {
      if (errno == EINTR) continue;
      logf_('#', "poll: %s", strerror(errno));
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
      else if (errno != EINTR && errno != EAGAIN) logf_('#', "accept: %s", strerror(errno));
    }
  }
}
