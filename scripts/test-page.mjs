// `npm run test:page`: the tests that run in node rather than in web-test-runner's page: the
// build's own checks (test/scripts/*.test.mjs) and the built app driven in real Chromium as a
// user's browser loads it (test/browser/*.test.mjs, puppeteer-core; every such file in those
// folders is run). Builds dist/ first. Prints node's spec report and adds the counts to
// test-results.json under `page`, where scripts/test-summary.mjs reads them with
// web-test-runner's.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { buildOnce } from './build.mjs';
import { chromiumExists, chromiumPath } from './chromium.mjs';

const folders = ['test/scripts', 'test/browser'];
const resultsFile = 'test-results.json';

/** Records this suite's counts beside web-test-runner's, keeping theirs. */
function record(page) {
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  writeFileSync(resultsFile, JSON.stringify({ ...results, page }, null, 2));
}

if (!chromiumExists()) {
  console.error(`error: Chromium not found at ${chromiumPath()} (set CHROME_PATH).`);
  record({ passed: 0, failed: 1, skipped: 0, failures: ['Chromium not found'] });
  process.exit(1);
}

try {
  const { files } = await buildOnce();
  const kb = Math.round(files.reduce((sum, f) => sum + f.bytes, 0) / 1024);
  console.log(`built dist/ (offline cache: ${files.length} files, ${kb} KiB)`);
} catch (err) {
  console.error(`error: the build failed: ${err instanceof Error ? err.message : err}`);
  record({ passed: 0, failed: 1, skipped: 0, failures: ['the build failed'] });
  process.exit(1);
}

const testFiles = folders.flatMap((folder) =>
  existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => name.endsWith('.test.mjs'))
        .sort()
        .map((name) => join(folder, name))
    : [],
);

const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
// One file at a time: each starts its own Chromium, and the machine's cores are shared.
const stream = run({ files: testFiles, concurrency: 1, timeout: 10 * 60_000 });
stream.on('test:pass', ({ details }) => {
  if (details.type === 'suite') return;
  if (details.skip !== undefined || details.todo !== undefined) counts.skipped++;
  else counts.passed++;
});
stream.on('test:fail', ({ name, file, details }) => {
  // A suite fails when its tests do; those are counted themselves.
  if (details.error?.failureType === 'subtestsFailed') return;
  counts.failed++;
  counts.failures.push(`${file ?? ''} > ${name}`);
});
stream.compose(new spec()).pipe(process.stdout);
await new Promise((done) => stream.on('end', done));

record(counts);
console.log(`page tests: ${counts.passed} passed, ${counts.failed} failed`);
process.exitCode = counts.failed > 0 ? 1 : 0;
