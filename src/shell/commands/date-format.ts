/** Dates as GNU date prints them, in UTC (the playground's machine has no other zone). */

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** `date`'s default: `Thu Nov 23 18:26:00 UTC 2023`. */
export function defaultDate(ms: number): string {
  return formatDate(ms, '%a %b %e %H:%M:%S %Z %Y');
}

/** strftime's common conversions. */
export function formatDate(ms: number, format: string): string {
  const d = new Date(ms);
  return format.replace(/%([a-zA-Z%])/g, (_, c: string) => {
    switch (c) {
      case 'a':
        return days[d.getUTCDay()];
      case 'A':
        return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][
          d.getUTCDay()
        ];
      case 'b':
      case 'h':
        return months[d.getUTCMonth()];
      case 'd':
        return two(d.getUTCDate());
      case 'e':
        return String(d.getUTCDate()).padStart(2, ' ');
      case 'H':
        return two(d.getUTCHours());
      case 'I':
        return two(((d.getUTCHours() + 11) % 12) + 1);
      case 'M':
        return two(d.getUTCMinutes());
      case 'S':
        return two(d.getUTCSeconds());
      case 'm':
        return two(d.getUTCMonth() + 1);
      case 'y':
        return two(d.getUTCFullYear() % 100);
      case 'Y':
        return String(d.getUTCFullYear());
      case 'Z':
        return 'UTC';
      case 'z':
        return '+0000';
      case 's':
        return String(Math.floor(ms / 1000));
      case 'N':
        return String((ms % 1000) * 1_000_000).padStart(9, '0');
      case 'T':
        return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
      case 'F':
        return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
      case 'D':
        return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCFullYear() % 100)}`;
      case 'p':
        return d.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
    }
    return `%${c}`;
  });
}
