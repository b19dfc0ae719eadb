// pi: prints pi to N significant digits on one line (3.14159...), as the Kubernetes docs' pi Job does, then exits 0.
//
// Args: N, the number of significant digits (default 2000; `pi 2000` prints what
//       `perl -Mbignum=bpi -wle 'print bpi(2000)'` prints: the last digit rounded).
// Env:  none.
//
// The digits come from Rabinowitz and Wagon's spigot algorithm, which needs only integer
// arithmetic on an array of about 10N/3 numbers; a few extra digits decide the rounding.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Extra digits computed beyond N so that the last printed digit rounds correctly.
#define GUARD_DIGITS 10

// Appends digit d to out[*count].
static void emit(char *out, long *count, int d) { out[(*count)++] = (char)('0' + d); }

// Fills out with the first n decimal digits of pi ("31415..."); returns how many it wrote.
// Digits are held back while they may still change: a run of 9s becomes 0s when a later
// term carries into it.
static long spigot(long n, char *out) {
  long len = 10 * n / 3 + 1;
  long long *a = malloc((size_t)len * sizeof *a);
  if (a == NULL) return -1;
  for (long i = 0; i < len; i++) a[i] = 2;
  long count = 0, nines = 0;
  int predigit = 0, first = 1;
  for (long j = 0; j < n; j++) {
    long long q = 0;
    for (long i = len; i > 0; i--) {
      long long x = 10 * a[i - 1] + q * i;
      a[i - 1] = x % (2 * i - 1);
      q = x / (2 * i - 1);
    }
    a[0] = q % 10;
    q /= 10;
    if (q == 9) {
      nines++;
    } else if (q == 10) {
      emit(out, &count, predigit + 1);
      for (; nines > 0; nines--) emit(out, &count, 0);
      predigit = 0;
    } else {
      // The first predigit is a placeholder before the 3.
      if (!first) emit(out, &count, predigit);
      first = 0;
      predigit = (int)q;
      for (; nines > 0; nines--) emit(out, &count, 9);
    }
  }
  emit(out, &count, predigit);
  for (; nines > 0; nines--) emit(out, &count, 9);
  free(a);
  return count;
}

int main(int argc, char **argv) {
  long n = 2000;
  if (argc > 2) {
    fprintf(stderr, "usage: pi [digits]\n");
    return 2;
  }
  if (argc == 2) {
    char *end;
    n = strtol(argv[1], &end, 10);
    if (*end != '\0' || end == argv[1] || n < 1) {
      fprintf(stderr, "pi: digits must be a positive number, got \"%s\"\n", argv[1]);
      return 2;
    }
  }
  long total = n + GUARD_DIGITS;
  char *digits = malloc((size_t)total + 2);
  if (digits == NULL) {
    fprintf(stderr, "pi: out of memory\n");
    return 1;
  }
  long got = spigot(total, digits);
  if (got < n + 1) {
    fprintf(stderr, "pi: out of memory\n");
    return 1;
  }
  // Round the n-th significant digit on the next one (pi never ends in an exact half).
  if (digits[n] >= '5') {
    long i = n - 1;
    while (i >= 0 && digits[i] == '9') digits[i--] = '0';
    if (i >= 0) digits[i]++;
  }
  putchar(digits[0]);
  if (n > 1) {
    putchar('.');
    fwrite(digits + 1, 1, (size_t)(n - 1), stdout);
  }
  putchar('\n');
  free(digits);
  return 0;
}
