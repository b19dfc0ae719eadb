import { parseGoDuration } from '../util/go-duration.ts';
import { UsageError } from './flags.ts';

/**
 * A duration flag's value in milliseconds (`--timeout=60s`), refused as pflag refuses a bad
 * duration: `invalid argument "x" for "--timeout" flag: time: invalid duration "x"`.
 */
export function parseDurationFlag(text: string, flag: string): number {
  try {
    return parseGoDuration(text);
  } catch (err) {
    throw new UsageError(
      `invalid argument "${text}" for "--${flag}" flag: ${(err as Error).message}`,
    );
  }
}
