import { expect } from '@esm-bundle/chai';
import { realOutputs } from './real-outputs.ts';
import { shellFixture } from './shell-fixture.ts';

/**
 * Each case ran through real bash 5.2 and GNU coreutils/grep (record-real-outputs.mjs); the
 * playground's shell must print the same for the same files and input.
 */
describe('shell commands against their real counterparts', () => {
  for (const c of realOutputs) {
    it(c.line.replace(/\n/g, '⏎'), async () => {
      const sh = await shellFixture();
      for (const [name, content] of Object.entries(c.files ?? {}))
        sh.workspace.write(sh.workspace.resolve('/home/user', name), content);
      const result = await sh.run(c.line, c.stdin ?? '');
      expect(result.stdout, 'stdout').to.equal(c.stdout);
      expect(result.status, 'exit status').to.equal(c.status);
      if (c.compareStderr) expect(result.stderr, 'stderr').to.equal(c.stderr);
    });
  }
});
