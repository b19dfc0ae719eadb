/** Go's time.Duration in text: parsing flags such as `--timeout=60s`, and printing durations as Go's String() does. */

const units: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Go's time.ParseDuration, in milliseconds: `60s`, `1m30s`, `1.5h`, `0`, `-1s`. A bad value
 * throws an Error worded as Go's (`time: invalid duration "x"`).
 */
export function parseGoDuration(text: string): number {
  const fail = (detail: string) => new Error(`time: ${detail} "${text}"`);
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw fail('invalid duration');
  let total = 0;
  while (rest !== '') {
    const m = /^(\d*\.?\d*)([a-zµ]*)/.exec(rest);
    if (!m || m[1] === '' || m[1] === '.') throw fail('invalid duration');
    if (m[2] === '') throw fail('missing unit in duration');
    const unit = units[m[2]];
    if (unit === undefined) throw fail(`unknown unit "${m[2]}" in duration`);
    total += Number(m[1]) * unit;
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

/**
 * Formats a duration as Go's time.Duration.String() does (`10s`, `1m20s`, `5m0s`, `1.5s`,
 * `250ms`, `0s`): the kubelet prints its back-off and pull times this way, and users read them
 * in pod status messages and events.
 */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  ns = Math.abs(ns);
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${decimal(ns, 1e3)}µs`;
  if (ns < 1e9) return `${sign}${decimal(ns, 1e6)}ms`;
  const hours = Math.floor(ns / 3.6e12);
  const minutes = Math.floor((ns % 3.6e12) / 6e10);
  const seconds = decimal(ns % 6e10, 1e9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** `value / unit` written exactly, with the fraction's trailing zeros dropped. */
function decimal(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const fraction = value % unit;
  if (fraction === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(fraction).padStart(digits, '0').replace(/0+$/, '')}`;
}
