// hello: greets from its container and lists its environment, then exits 0.
//
// Args: none. Env: HOSTNAME (the pod's name, set by the kubelet) and GREETING (optional).
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(void) {
  const char *host = getenv("HOSTNAME");
  const char *greeting = getenv("GREETING");

  printf("Hello from %s! GREETING=%s\n", host ? host : "an unnamed container",
         greeting ? greeting : "(unset)");

  printf("My environment:\n");
  for (char **var = environ; *var != NULL; var++) {
    printf("  %s\n", *var);
  }
  return 0;
}
