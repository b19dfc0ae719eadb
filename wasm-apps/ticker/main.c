// ticker: logs a numbered line forever, sleeping between lines.
//
// Args: --every <duration>, where duration is like 500ms, 1s or 2s (default 1s).
// Env:  GREETING, the text of each line (default "hello").
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
  long every_ms = 1000;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--every") == 0 && i + 1 < argc) {
      every_ms = parse_millis(argv[++i]);
    } else {
      fprintf(stderr, "ticker: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  if (every_ms < 0) {
    fprintf(stderr, "ticker: --every wants a duration like 500ms or 2s\n");
    return 2;
  }

  const char *greeting = getenv("GREETING");
  if (greeting == NULL) greeting = "hello";

  // Logs are read line by line, so each line must leave the program as soon as it is printed.
  setvbuf(stdout, NULL, _IOLBF, 0);

  struct timespec pause = {every_ms / 1000, (every_ms % 1000) * 1000000L};
  for (unsigned long n = 1;; n++) {
    printf("tick %lu: %s\n", n, greeting);
    // WASI libc implements nanosleep with poll_oneoff, which the runtime turns into a real wait.
    nanosleep(&pause, NULL);
  }
}
