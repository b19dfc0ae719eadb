// Fails early, with advice, when the browser the tests need is missing.
import { chromiumExists, chromiumPath } from './chromium.mjs';

if (!chromiumExists()) {
  console.error(
    `error: Chromium not found at ${chromiumPath()}.\n` +
      'The tests run in real headless Chromium. Install it (Debian/Ubuntu: sudo apt-get install -y chromium)\n' +
      'or point CHROME_PATH at a Chromium or Chrome binary.',
  );
  process.exit(1);
}
