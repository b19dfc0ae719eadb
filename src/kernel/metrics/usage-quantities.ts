/**
 * How metrics-server spells usage: CPU as a quantity of nanocores (`12345678n`, `250m` when
 * exact), memory as a binary quantity of bytes (`2048Ki`, `2Mi`), windows as Go durations
 * at millisecond precision (`15.002s`).
 */
import { formatQuantity } from '../api/quantity.ts';
import { formatGoDuration } from '../util/go-duration.ts';

/** resource.NewScaledQuantity(nanocores, -9).String(). */
export function cpuQuantity(nanocores: number): string {
  return formatQuantity({ nanos: BigInt(Math.max(0, Math.round(nanocores))), format: 'DecimalSI' });
}

/** resource.NewQuantity(bytes, BinarySI).String(). */
export function memoryQuantity(bytes: number): string {
  const whole = BigInt(Math.max(0, Math.round(bytes)));
  return formatQuantity({ nanos: whole * 1_000_000_000n, format: 'BinarySI' });
}

/** metav1.Duration of a window, rounded to the millisecond as scrape timestamps are. */
export function windowDuration(ms: number): string {
  return formatGoDuration(Math.round(ms));
}
