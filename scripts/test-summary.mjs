// Prints the one summary line CI reads, counted from the results the test runners wrote:
// web-test-runner's at the top of test-results.json, and the page tests' (scripts/test-page.mjs)
// under its `page` key. A runner that left no results counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const results = existsSync('test-results.json')
  ? JSON.parse(readFileSync('test-results.json', 'utf8'))
  : {};
let passed = 0;
let failed = 0;
const suites = [
  ['web-test-runner', typeof results.passed === 'number' ? results : undefined],
  ['page tests (npm run test:page)', results.page],
];
for (const [name, counts] of suites) {
  if (!counts) {
    failed++;
    process.exitCode = 1;
    console.error(`${name}: no results: these tests did not run.`);
    continue;
  }
  passed += counts.passed;
  failed += counts.failed;
  for (const f of counts.failures) console.error(`FAILED: ${f}`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
