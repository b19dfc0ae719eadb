import { expect } from '@esm-bundle/chai';
import { containerExit, type ModuleEnd } from '../../../src/workers/runtime/container-exit.ts';

const MiB = 1024 * 1024;
const at = 1_700_000_000_000;

describe('containerExit', () => {
  const exit = (exitCode: number, memoryBytes = MiB): ModuleEnd => ({
    kind: 'exit',
    exitCode,
    memoryBytes,
    finishedAt: at,
  });
  const trap = (memoryBytes = MiB): ModuleEnd => ({
    kind: 'trap',
    message: 'unreachable',
    memoryBytes,
    finishedAt: at,
  });
  const cases: { name: string; end: ModuleEnd; limit?: number; want: object }[] = [
    { name: 'exit 0 is Completed', end: exit(0), want: { exitCode: 0, reason: 'Completed' } },
    { name: 'exit 3 is Error', end: exit(3), want: { exitCode: 3, reason: 'Error' } },
    {
      name: 'a trap is Error 134 with its message',
      end: trap(),
      want: { exitCode: 134, reason: 'Error', message: 'wasm trap: unreachable' },
    },
    {
      name: 'a trap at the cap is OOMKilled',
      end: trap(32 * MiB),
      limit: 32 * MiB,
      want: { exitCode: 137, reason: 'OOMKilled' },
    },
    {
      name: 'a non-zero exit within the margin (2 MiB for a 32 MiB cap) is OOMKilled',
      end: exit(1, 30 * MiB + 1),
      limit: 32 * MiB,
      want: { exitCode: 137, reason: 'OOMKilled' },
    },
    {
      name: 'a non-zero exit just outside the margin stays Error',
      end: exit(1, 30 * MiB),
      limit: 32 * MiB,
      want: { exitCode: 1, reason: 'Error' },
    },
    {
      name: 'the margin is 1/16 of a big cap',
      end: trap(1024 * MiB - 64 * MiB + 1),
      limit: 1024 * MiB,
      want: { exitCode: 137, reason: 'OOMKilled' },
    },
    {
      name: 'the cap is whole pages below the limit',
      end: trap(8 * MiB - 2 * MiB + 1),
      limit: 8 * MiB + 65535,
      want: { exitCode: 137, reason: 'OOMKilled' },
    },
    {
      name: 'exit 0 at the cap is still Completed',
      end: exit(0, 32 * MiB),
      limit: 32 * MiB,
      want: { exitCode: 0, reason: 'Completed' },
    },
    {
      name: 'without a limit a trap at any size is Error',
      end: trap(4096 * MiB),
      want: { exitCode: 134, reason: 'Error', message: 'wasm trap: unreachable' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = containerExit(c.end, c.limit);
      expect(got).to.deep.equal({ ...c.want, finishedAt: at });
    });
  }
});
