// hog: burns CPU or allocates memory, to show resource limits, throttling and OOMKilled.
//
// Args: --cpu                 spin forever; with --report <n>, print a line every n iterations
//                             (default 500000000, about one a
//                             second; 0 for none)
//       --memory <size>       allocate <size> (like 64Mi, 1Gi, 500M or bytes) 1 MiB at a time,
//                             touching every page, then hold it and sleep forever; if memory
//                             runs out first, print "out of memory" to stderr and abort (trap)
//       With both, it allocates first, then spins while holding the memory. With neither, --cpu.
// Env:  none.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHUNK (1024 * 1024)

// The chunks allocated so far, linked through their first bytes. Keeping them reachable from a
// volatile global stops the compiler from proving them unused and deleting the allocations.
static void *volatile held;

// Parses a Kubernetes-style quantity of bytes ("64Mi", "1G", "4096") into bytes; 0 if malformed.
static unsigned long long parse_bytes(const char *text) {
  static const struct {
    const char *suffix;
    unsigned long long factor;
  } units[] = {
      {"", 1},         {"k", 1000ULL},         {"Ki", 1ULL << 10}, {"M", 1000000ULL},
      {"Mi", 1ULL << 20}, {"G", 1000000000ULL}, {"Gi", 1ULL << 30},
  };
  char *suffix;
  unsigned long long value = strtoull(text, &suffix, 10);
  if (suffix == text) return 0;
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (strcmp(suffix, units[i].suffix) == 0) return value * units[i].factor;
  }
  return 0;
}

// Allocates `limit` bytes in 1 MiB chunks that stay allocated; never returns if memory runs out.
static void eat_memory(unsigned long long limit) {
  unsigned long long total = 0;
  while (total < limit) {
    char *chunk = malloc(CHUNK);
    if (chunk == NULL) {
      fprintf(stderr, "out of memory\n");
      abort();
    }
    // Writing every byte makes the memory really used, not just reserved.
    memset(chunk, 0xA5, CHUNK);
    *(void **)chunk = held;
    held = chunk;
    total += CHUNK;
    printf("hog: allocated %llu MiB\n", total / CHUNK);
  }
}

// Spins forever; `report` iterations between progress lines (0: none).
static void burn_cpu(unsigned long long report) {
  uint32_t x = 2463534242u;
  unsigned long long n = 0;
  for (;;) {
    // A xorshift step: cheap work that the compiler cannot optimise away, since x is printed.
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    n++;
    if (report != 0 && n % report == 0) printf("hog: %llu iterations (x=%08x)\n", n, (unsigned)x);
  }
}

int main(int argc, char **argv) {
  int cpu = 0;
  unsigned long long memory = 0;
  unsigned long long report = 500000000ULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--cpu") == 0) {
      cpu = 1;
    } else if (strcmp(argv[i], "--memory") == 0 && i + 1 < argc) {
      memory = parse_bytes(argv[++i]);
      if (memory == 0) {
        fprintf(stderr, "hog: --memory wants a size like 64Mi or 1Gi\n");
        return 2;
      }
    } else if (strcmp(argv[i], "--report") == 0 && i + 1 < argc) {
      report = strtoull(argv[++i], NULL, 10);
    } else {
      fprintf(stderr, "hog: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  if (memory == 0) cpu = 1;

  setvbuf(stdout, NULL, _IOLBF, 0);

  if (memory != 0) {
    printf("hog: allocating %llu MiB\n", (memory + CHUNK - 1) / CHUNK);
    eat_memory(memory);
    printf("hog: holding %llu MiB\n", (memory + CHUNK - 1) / CHUNK);
  }
  if (cpu) {
    printf("hog: burning CPU\n");
    burn_cpu(report);
  }
  for (;;) {
    struct timespec hour = {3600, 0};
    nanosleep(&hour, NULL);
  }
}
