/**
 * Human durations as kubectl prints them in AGE, LAST SEEN and RESTARTS columns
 * (apimachinery's duration.HumanDuration): two to three significant figures, coarser as the
 * duration grows.
 */

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/**
 * `ms` as kubectl prints an elapsed time: `5s`, `2m5s`, `45m`, `3h5m`, `47h`, `3d19h`, `400d`,
 * `2y10d`, `9y`. Up to one second in the future reads as `0s` (clock skew between machines);
 * further in the future it reads `<invalid>`. Units truncate, never round.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / second);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(ms / minute);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 3 * 60) return `${minutes}m`;
  const hours = Math.floor(ms / hour);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/**
 * How long before `now` (ms since the epoch) an RFC 3339 timestamp was, as kubectl's AGE
 * column prints it; a missing or unparsable timestamp (Go's zero time) prints `<unknown>`.
 */
export function timestampAge(timestamp: string | null | undefined, now: number): string {
  const at = timestamp ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(at)) return '<unknown>';
  return humanDuration(now - at);
}
