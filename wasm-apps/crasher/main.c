// crasher: prints a line, waits, then exits with a chosen code, to show restarts and back-off.
//
// Args: --after <duration> (like 0s, 500ms, 2s; default 1s) and --code <0-255> (default 1).
// Env:  none.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// Parses "500ms", "2s" or a bare number of seconds into milliseconds; -1 if malformed.
static long parse_millis(const char *text) {
  char *unit;
  long value = strtol(text, &unit, 10);
  if (unit == text || value < 0) return -1;
  if (strcmp(unit, "ms") == 0) return value;
  if (strcmp(unit, "s") == 0 || *unit == '\0') return value * 1000;
  if (strcmp(unit, "m") == 0) return value * 60 * 1000;
  return -1;
}

int main(int argc, char **argv) {
  long after_ms = 1000;
  long code = 1;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--after") == 0 && i + 1 < argc) {
      after_ms = parse_millis(argv[++i]);
    } else if (strcmp(argv[i], "--code") == 0 && i + 1 < argc) {
      char *end;
      code = strtol(argv[++i], &end, 10);
      if (*end != '\0') code = -1;
    } else {
      fprintf(stderr, "crasher: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  if (after_ms < 0 || code < 0 || code > 255) {
    fprintf(stderr, "crasher: usage: crasher [--after 2s] [--code 1]\n");
    return 2;
  }

  printf("crasher: started; exiting with code %ld in %ldms\n", code, after_ms);
  fflush(stdout);

  struct timespec pause = {after_ms / 1000, (after_ms % 1000) * 1000000L};
  nanosleep(&pause, NULL);

  printf("crasher: exiting with code %ld\n", code);
  return (int)code;
}
