/** Where each command lives, as `type` and `which` tell: shell builtins, or programs on PATH. */

/** Commands bash itself runs (the rest are programs). */
export const shellBuiltins = new Set([
  'alias',
  'break',
  'cd',
  'continue',
  'echo',
  'eval',
  'exit',
  'export',
  'false',
  'fg',
  'help',
  'history',
  'jobs',
  'kill',
  'printf',
  'pwd',
  'read',
  'return',
  'set',
  'shift',
  'source',
  '.',
  ':',
  'test',
  '[',
  'true',
  'type',
  'unalias',
  'unset',
  'wait',
]);

/** The directory of a program (`kubectl` and `minikube` are installed by hand, as the docs do). */
export function programPath(name: string): string {
  return ['kubectl', 'minikube'].includes(name) ? `/usr/local/bin/${name}` : `/usr/bin/${name}`;
}
