// Runs every test/**/*.test.ts in real headless Chromium (Debian's, or CHROME_PATH).
import { writeFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { chromiumPath, chromiumFlags } from './scripts/chromium.mjs';

/** Counts the real test results and writes them to test-results.json for .ci/run's summary line. */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      const failures = [];
      const walk = (suite, path) => {
        for (const t of suite.tests ?? []) {
          if (t.skipped) skipped++;
          else if (t.passed) passed++;
          else {
            failed++;
            failures.push([...path, t.name].join(' > '));
          }
        }
        for (const s of suite.suites ?? []) walk(s, [...path, s.name]);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults, [session.testFile]);
        // A file that failed to load or threw outside a test has no results for what it held:
        // count it as one failure so a broken file can never look green.
        if (!session.passed && (session.errors?.length ?? 0) > 0) {
          failed++;
          failures.push(`${session.testFile}: ${session.errors.map((e) => e.message).join('; ')}`);
        }
      }
      writeFileSync(
        'test-results.json',
        JSON.stringify({ passed, failed, skipped, failures }, null, 2),
      );
    },
  };
}

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 20_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' })],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumFlags },
    }),
  ],
  reporters: [defaultReporter(), countingReporter()],
};
