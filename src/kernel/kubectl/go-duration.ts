import { UsageError } from './flags.ts';

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
 * is refused as pflag refuses a duration flag:
 * `invalid argument "x" for "--timeout" flag: time: invalid duration "x"`.
 */
export function parseGoDuration(text: string, flag: string): number {
  const fail = (detail: string) =>
    new UsageError(`invalid argument "${text}" for "--${flag}" flag: time: ${detail} "${text}"`);
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
