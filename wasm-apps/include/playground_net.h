// playground_net.h: the playground's network imports for WASI preview1 programs.
//
// WASI preview1 can accept on, read from and write to sockets it is given (sock_accept,
// sock_recv, sock_send, sock_shutdown, fd_read, fd_write, fd_close, poll_oneoff), but it
// cannot open them. These three imports, from the module "playground_net", fill that gap:
// open a listening socket on a port of the pod, open a connection to a host by IP address
// or cluster DNS name, and look a name up. Every call returns a WASI errno (0 on success);
// the inline wrappers below set `errno` and return -1 on failure, as POSIX calls do.
//
// A server may instead rely on the wasmtime convention: one listening socket per TCP
// containerPort of its container is preopened, in the order the ports are declared, on the
// descriptors right after the preopened directories (fd 3 when there are none). The
// environment says which: LISTEN_FDS=<count>, LISTEN_FDS_START=<first fd> and
// LISTEN_PORTS=<port>,<port>,... in the same order.
//
// Sockets are stream sockets (TCP-like): accept(), recv(), send(), read(), write(),
// shutdown(), close() and poll() work on them. A connection refused gives ECONNREFUSED, a
// peer killed mid-connection ECONNRESET, an unknown name ENOENT.
#ifndef PLAYGROUND_NET_H
#define PLAYGROUND_NET_H

#include <errno.h>
#include <stdint.h>
#include <string.h>

#define PLAYGROUND_NET_IMPORT(name) \
  __attribute__((import_module("playground_net"), import_name(name)))

// Opens a listening socket on `port` of the pod's IP; *fd receives its descriptor.
// ADDRINUSE when a container of the pod already listens there.
PLAYGROUND_NET_IMPORT("listen")
int32_t playground_net_listen(uint32_t port, int32_t *fd);

// Connects to `host` (dotted IPv4, or a name such as `web`, `web.ns`,
// `web.ns.svc.cluster.local`) on `port`; blocks until the connection is set up or fails.
PLAYGROUND_NET_IMPORT("connect")
int32_t playground_net_connect(const char *host, uint32_t host_len, uint32_t port, int32_t *fd);

// Looks `host` up in the cluster DNS. Writes the canonical name (not NUL-terminated) to
// name[0..name_cap) and its length to *name_len, and up to addr_cap IPv4 addresses (4 bytes
// each, network order) to addrs, their count to *addr_count. ENOENT when the name is unknown.
PLAYGROUND_NET_IMPORT("resolve")
int32_t playground_net_resolve(const char *host, uint32_t host_len, char *name, uint32_t name_cap,
                               uint32_t *name_len, uint8_t *addrs, uint32_t addr_cap,
                               uint32_t *addr_count);

// A listening socket's descriptor on `port`, or -1 with errno set.
static inline int net_listen(int port) {
  int32_t fd;
  int32_t err = playground_net_listen((uint32_t)port, &fd);
  if (err != 0) {
    errno = err;
    return -1;
  }
  return fd;
}

// A connected socket's descriptor, or -1 with errno set.
static inline int net_connect(const char *host, int port) {
  int32_t fd;
  int32_t err = playground_net_connect(host, (uint32_t)strlen(host), (uint32_t)port, &fd);
  if (err != 0) {
    errno = err;
    return -1;
  }
  return fd;
}

// The first IPv4 address of `host` as text in out[16] (and its canonical name in
// canonical[canonical_cap], NUL-terminated, when canonical is not NULL); 0, or -1 with errno.
static inline int net_resolve(const char *host, char out[16], char *canonical,
                              uint32_t canonical_cap) {
  char name[256];
  uint32_t name_len = 0, count = 0;
  uint8_t addr[4];
  int32_t err = playground_net_resolve(host, (uint32_t)strlen(host), name, sizeof name, &name_len,
                                       addr, 1, &count);
  if (err == 0 && count == 0) err = ENOENT;
  if (err != 0) {
    errno = err;
    return -1;
  }
  char *p = out;
  for (int i = 0; i < 4; i++) {
    unsigned v = addr[i];
    if (v >= 100) *p++ = (char)('0' + v / 100);
    if (v >= 10) *p++ = (char)('0' + v / 10 % 10);
    *p++ = (char)('0' + v % 10);
    if (i < 3) *p++ = '.';
  }
  *p = '\0';
  if (canonical && canonical_cap > 0) {
    uint32_t n = name_len < canonical_cap - 1 ? name_len : canonical_cap - 1;
    memcpy(canonical, name, n);
    canonical[n] = '\0';
  }
  return 0;
}

#endif
