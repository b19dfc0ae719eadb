// Prints the one summary line CI reads, counted from the results the test runner wrote.
import { existsSync, readFileSync } from 'node:fs';

if (!existsSync('test-results.json')) {
  console.log('tests: 0 passed, 1 failed');
  console.error('test-results.json is missing: the browser tests did not run.');
  process.exit(1);
}
const { passed, failed, failures } = JSON.parse(readFileSync('test-results.json', 'utf8'));
for (const f of failures) console.error(`FAILED: ${f}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
