/** The environment variable that makes a container a WAGI handler. */
export const WAGI_ENV = 'WAGI';

/** The port a WAGI container listens on when it declares no containerPort and no PORT. */
export const DEFAULT_WAGI_PORT = 80;

/** The value of `name` in `NAME=value` strings (the last one wins, as in an environ). */
export function envValue(env: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (const entry of env) {
    if (entry.startsWith(`${name}=`)) value = entry.slice(name.length + 1);
  }
  return value;
}

/**
 * True when a container with environment `env` is a WAGI handler: `WAGI` is `1`, `true`,
 * `yes` or `on` (any case). A built-in image marked `// wagi: true` has the runtime add
 * `WAGI=1` unless the container sets `WAGI` itself, so `WAGI=0` turns the mode off again.
 */
export function isWagiHandler(env: readonly string[]): boolean {
  const value = envValue(env, WAGI_ENV)?.trim().toLowerCase();
  return value === '1' || value === 'true' || value === 'yes' || value === 'on';
}

/**
 * The ports a WAGI container serves on: its TCP containerPorts (the node's preopened
 * listeners) when it declares any, else `$PORT` when that is a port number, else 80.
 */
export function wagiPorts(listenPorts: readonly number[], env: readonly string[]): number[] {
  if (listenPorts.length > 0) return [...listenPorts];
  const port = Number(envValue(env, 'PORT'));
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [port] : [DEFAULT_WAGI_PORT];
}

/**
 * A container's environment as it starts: `env`, plus `WAGI=1` when its image is marked as a
 * WAGI handler and the container does not set `WAGI` itself (an image's ENV, which the
 * container's own env overrides).
 */
export function withImageWagiFlag(
  image: { wagi?: boolean },
  env: [string, string][],
): [string, string][] {
  if (!image.wagi || env.some(([name]) => name === WAGI_ENV)) return env;
  return [...env, [WAGI_ENV, '1']];
}
