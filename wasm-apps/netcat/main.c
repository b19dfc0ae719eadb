// netcat: a small TCP tool over the cluster network: echo server, client and name lookup.
//
// Usage:
//   netcat -l PORT [--accept N]   echo server on PORT: serves many connections at once (poll),
//                                 sending back every byte until the client has finished
//   netcat -L [--accept N]        the same on the preopened listeners (LISTEN_FDS, one per
//                                 containerPort of the container)
//   netcat HOST PORT [TEXT...]    connects, sends TEXT (the words joined by spaces), shuts down
//                                 its writing and prints everything that comes back
//   netcat --ping N HOST PORT     sends N short lines one at a time, each once the previous
//                                 one has come back, and prints the round trips' latencies
//   netcat --resolve NAME         prints NAME's canonical name and addresses
//
// With --accept N the server stops listening after N connections and exits once they are
// done. It prints `listening on PORT` for each port, then one line per connection when it
// ends. Errors go to stderr as `netcat: ...` with exit code 1 (2 for bad usage).
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "playground_net.h"

#define MAX_FDS 256

// What a failed network call's errno means, as a resolver or strerror words it.
static const char *net_error(int err) {
  if (err == ENOENT) return "Name or service not known";
  return strerror(err);
}

static int parse_port(const char *text) {
  char *end;
  long port = strtol(text, &end, 10);
  if (end == text || *end != '\0' || port < 1 || port > 65535) return -1;
  return (int)port;
}

static int usage(void) {
  fprintf(stderr,
          "usage: netcat -l PORT [--accept N] | netcat -L [--accept N] | netcat HOST PORT [TEXT...]"
          " | netcat --ping N HOST PORT | netcat --resolve NAME\n");
  return 2;
}

// Writes all of buf, or returns -1 with errno set.
static int write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0) return -1;
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

// One connection the server echoes: its number and how much it has echoed.
struct conn {
  int number;
  long echoed;
};

// Echoes on every listener in listeners[0..count) until `max_accept` connections (0 for no
// limit) have been served.
static int serve(const int *listeners, int count, long max_accept) {
  struct pollfd fds[MAX_FDS];
  struct conn conns[MAX_FDS];
  int nfds = 0;
  for (int i = 0; i < count; i++) {
    // Non-blocking, so that each wake-up accepts every waiting connection and then goes back
    // to poll (accept answers EAGAIN once the backlog is empty).
    fcntl(listeners[i], F_SETFL, fcntl(listeners[i], F_GETFL) | O_NONBLOCK);
    fds[nfds++] = (struct pollfd){.fd = listeners[i], .events = POLLIN};
  }
  int listening = count;
  long accepted = 0;
  char buf[16384];
  while (listening > 0 || nfds > count) {
    if (poll(fds, (nfds_t)nfds, -1) < 0) {
      fprintf(stderr, "netcat: poll: %s\n", strerror(errno));
      return 1;
    }
    for (int i = 0; i < nfds; i++) {
      if (fds[i].revents == 0 || fds[i].fd < 0) continue;
      if (i < count) {
        for (;;) {
          struct sockaddr_storage addr;
          socklen_t addr_len = sizeof addr;
          int fd = accept(fds[i].fd, (struct sockaddr *)&addr, &addr_len);
          if (fd < 0) {
            if (errno != EAGAIN) fprintf(stderr, "netcat: accept: %s\n", strerror(errno));
            break;
          }
          if (nfds == MAX_FDS) {
            fprintf(stderr, "netcat: too many connections\n");
            close(fd);
            continue;
          }
          conns[nfds] = (struct conn){.number = (int)++accepted, .echoed = 0};
          fds[nfds++] = (struct pollfd){.fd = fd, .events = POLLIN};
          if (max_accept > 0 && accepted == max_accept) {
            for (int l = 0; l < count; l++) {
              if (fds[l].fd >= 0) close(fds[l].fd);
              fds[l].fd = -1;
            }
            listening = 0;
            break;
          }
        }
        continue;
      }
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      const char *ended = NULL;
      if (n > 0) {
        if (write_all(fds[i].fd, buf, (size_t)n) < 0) ended = strerror(errno);
        else conns[i].echoed += n;
      } else if (n == 0) {
        ended = "done";
      } else {
        ended = strerror(errno);
      }
      if (ended == NULL) continue;
      printf("connection %d: echoed %ld bytes, %s\n", conns[i].number, conns[i].echoed, ended);
      close(fds[i].fd);
      fds[i] = fds[nfds - 1];
      conns[i] = conns[nfds - 1];
      nfds--;
      i--;
    }
  }
  return 0;
}

static int listen_on(const char *port_text, long max_accept) {
  int port = parse_port(port_text);
  if (port < 0) return usage();
  int fd = net_listen(port);
  if (fd < 0) {
    fprintf(stderr, "netcat: listen on port %d: %s\n", port, strerror(errno));
    return 1;
  }
  printf("listening on %d\n", port);
  return serve(&fd, 1, max_accept);
}

// The wasmtime convention: LISTEN_FDS listeners from LISTEN_FDS_START, on LISTEN_PORTS.
static int listen_preopened(long max_accept) {
  const char *count_text = getenv("LISTEN_FDS");
  const char *start_text = getenv("LISTEN_FDS_START");
  const char *ports = getenv("LISTEN_PORTS");
  int count = count_text ? atoi(count_text) : 0;
  if (count <= 0 || count > MAX_FDS / 2 || start_text == NULL) {
    fprintf(stderr, "netcat: no preopened listeners (LISTEN_FDS is not set)\n");
    return 1;
  }
  int listeners[MAX_FDS / 2];
  int start = atoi(start_text);
  for (int i = 0; i < count; i++) {
    listeners[i] = start + i;
    // LISTEN_PORTS names them in the same order.
    const char *comma = ports ? strchr(ports, ',') : NULL;
    if (ports) printf("listening on %.*s\n", comma ? (int)(comma - ports) : (int)strlen(ports), ports);
    ports = comma ? comma + 1 : NULL;
  }
  return serve(listeners, count, max_accept);
}

static int connect_or_report(const char *host, const char *port_text) {
  int port = parse_port(port_text);
  if (port < 0) {
    usage();
    return -1;
  }
  int fd = net_connect(host, port);
  if (fd < 0) fprintf(stderr, "netcat: connect to %s port %d: %s\n", host, port, net_error(errno));
  return fd;
}

static int client(const char *host, const char *port_text, int nwords, char **words) {
  int fd = connect_or_report(host, port_text);
  if (fd < 0) return 1;
  for (int i = 0; i < nwords; i++) {
    if ((i > 0 && write_all(fd, " ", 1) < 0) || write_all(fd, words[i], strlen(words[i])) < 0) {
      fprintf(stderr, "netcat: write: %s\n", strerror(errno));
      return 1;
    }
  }
  shutdown(fd, SHUT_WR);
  char buf[16384];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      fflush(stdout);
      fprintf(stderr, "netcat: read: %s\n", strerror(errno));
      return 1;
    }
    fwrite(buf, 1, (size_t)n, stdout);
    fflush(stdout);
  }
  close(fd);
  return 0;
}

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int ping(const char *count_text, const char *host, const char *port_text) {
  long count = strtol(count_text, NULL, 10);
  if (count < 1 || count > 1000000) return usage();
  int fd = connect_or_report(host, port_text);
  if (fd < 0) return 1;
  double *rtt = malloc(sizeof(double) * (size_t)count);
  if (rtt == NULL) return 1;
  static const char line[] = "ping\n";
  char buf[sizeof line];
  double begun = now_us();
  for (long i = 0; i < count; i++) {
    double sent = now_us();
    if (write_all(fd, line, sizeof line - 1) < 0) {
      fprintf(stderr, "netcat: write: %s\n", strerror(errno));
      return 1;
    }
    size_t got = 0;
    while (got < sizeof line - 1) {
      ssize_t n = read(fd, buf + got, sizeof line - 1 - got);
      if (n <= 0) {
        fprintf(stderr, "netcat: read: %s\n", n == 0 ? "connection closed" : strerror(errno));
        return 1;
      }
      got += (size_t)n;
    }
    rtt[i] = now_us() - sent;
  }
  double total_ms = (now_us() - begun) / 1e3;
  qsort(rtt, (size_t)count, sizeof(double), compare_doubles);
  printf("%ld round trips in %.1f ms: p50 %.0f us, p99 %.0f us\n", count, total_ms,
         rtt[(count - 1) / 2], rtt[(count * 99 - 1) / 100]);
  // No close: the runtime ends a finished program's connections itself, with a fin.
  return 0;
}

static int resolve(const char *name) {
  char canonical[256];
  uint32_t canonical_len = 0, count = 0;
  uint8_t addrs[16][4];
  int32_t err = playground_net_resolve(name, (uint32_t)strlen(name), canonical, sizeof canonical,
                                       &canonical_len, &addrs[0][0], 16, &count);
  if (err != 0) {
    fprintf(stderr, "netcat: resolve %s: %s\n", name, net_error(err));
    return 1;
  }
  printf("Name:\t%.*s\n", (int)canonical_len, canonical);
  for (uint32_t i = 0; i < count; i++) {
    printf("Address: %u.%u.%u.%u\n", addrs[i][0], addrs[i][1], addrs[i][2], addrs[i][3]);
  }
  return 0;
}

int main(int argc, char **argv) {
  // Logs are read line by line: each line leaves the program as soon as it is printed.
  setvbuf(stdout, NULL, _IOLBF, 0);
  long max_accept = 0;
  if (argc >= 4 && strcmp(argv[argc - 2], "--accept") == 0) {
    max_accept = strtol(argv[argc - 1], NULL, 10);
    if (max_accept < 1) return usage();
    argc -= 2;
  }
  if (argc == 3 && strcmp(argv[1], "-l") == 0) return listen_on(argv[2], max_accept);
  if (argc == 2 && strcmp(argv[1], "-L") == 0) return listen_preopened(max_accept);
  if (max_accept > 0) return usage();
  if (argc == 3 && strcmp(argv[1], "--resolve") == 0) return resolve(argv[2]);
  if (argc == 5 && strcmp(argv[1], "--ping") == 0) return ping(argv[2], argv[3], argv[4]);
  if (argc >= 3 && argv[1][0] != '-') return client(argv[1], argv[2], argc - 3, argv + 3);
  return usage();
}
