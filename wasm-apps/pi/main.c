// pi: prints pi to N significant digits on one line (3.14159...), as the Kubernetes docs' pi Job does, then exits 0.
//
// Args: N, the number of significant digits (default 2000; `pi 2000` prints what
//       `perl -Mbignum=bpi -wle 'print bpi(2000)'` prints: the last digit rounded).
//       Called as `perl` (argv[0] perl or perl5.x.y: the stand-in for the perl image), it
//       takes perl's switches instead and runs the one script it knows, the docs' pi Job's
//       `print bpi(N)` (newline only with -l); `perl -v` prints a version banner; an empty
//       or constant script (`-de0`, the image's CMD) does nothing; any other script exits 255
//       saying so.
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

static int print_pi(long n, int newline);

// The digit count of a script `print bpi(N)` (or `print bpi N`, spaces and a final `;`
// allowed), or 0 when the script is anything else.
static long bpi_digits(const char *script) {
  const char *p = script;
  while (*p == ' ' || *p == '\t') p++;
  if (strncmp(p, "print", 5) != 0) return 0;
  p += 5;
  while (*p == ' ' || *p == '\t') p++;
  if (strncmp(p, "bpi", 3) != 0) return 0;
  p += 3;
  while (*p == ' ' || *p == '\t') p++;
  int paren = *p == '(';
  if (paren) p++;
  char *end;
  long n = strtol(p, &end, 10);
  if (end == p || n < 1) return 0;
  p = end;
  while (*p == ' ' || *p == '\t') p++;
  if (paren) {
    if (*p != ')') return 0;
    p++;
  }
  while (*p == ' ' || *p == '\t' || *p == ';' || *p == '\n') p++;
  return *p == '\0' ? n : 0;
}

// `perl [switches] [-e script]...`: the perl image's stand-in (see the file comment).
static int perl_main(int argc, char **argv) {
  const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  int newline = 0;
  const char *script = NULL;
  for (int i = 1; i < argc && !script; i++) {
    const char *a = argv[i];
    if (a[0] != '-' || a[1] == '\0') break;
    if (strcmp(a, "--") == 0) break;
    if (a[1] == 'M' || a[1] == 'm' || a[1] == 'I') {
      if (a[2] == '\0') i++;
      continue;
    }
    if (strcmp(a, "-v") == 0) {
      const char *v = strncmp(name, "perl5.", 6) == 0 ? name + 4 : "5.34.0";
      int major = 5, minor = 34, patch = 0;
      sscanf(v, "%d.%d.%d", &major, &minor, &patch);
      printf("\nThis is perl %d, version %d, subversion %d (v%d.%d.%d) built for wasm32-wasi\n"
             "(a WASI stand-in for the perl image: it runs only the pi Job's print bpi(N))\n",
             major, minor, patch, major, minor, patch);
      return 0;
    }
    // A bundle of switches (-wle): `e` takes the rest of the word or the next argument.
    for (const char *c = a + 1; *c; c++) {
      if (*c == 'l') newline = 1;
      if (*c == 'e' || *c == 'E') {
        script = c[1] ? c + 1 : (i + 1 < argc ? argv[++i] : "");
        break;
      }
    }
  }
  if (!script || strcmp(script, "0") == 0 || strcmp(script, "1") == 0 || *script == '\0') return 0;
  long n = bpi_digits(script);
  if (n == 0) {
    fprintf(stderr,
            "%s: this WASI stand-in for the perl image runs only the pi Job's script, "
            "print bpi(N); got: %s\n",
            name, script);
    return 255;
  }
  return print_pi(n, newline);
}

int main(int argc, char **argv) {
  const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  if (strncmp(name, "perl", 4) == 0) return perl_main(argc, argv);
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
  return print_pi(n, 1);
}

// Prints pi to n significant digits, then a newline when asked; the exit code.
static int print_pi(long n, int newline) {
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
  if (newline) putchar('\n');
  free(digits);
  return 0;
}
