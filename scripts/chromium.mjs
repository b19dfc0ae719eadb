// Where Chromium is and how it is started, shared by the tests, the benchmarks and the checks.
import { existsSync } from 'node:fs';

export const chromiumFlags = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Chromium binary: CHROME_PATH when set, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

/** True when the binary exists; callers print their own advice. */
export function chromiumExists() {
  return existsSync(chromiumPath());
}
