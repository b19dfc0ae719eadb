import { kubectl, type KubectlResult } from '../../src/kernel/kubectl/kubectl.ts';
import type { KubectlContext, LogRequest } from '../../src/kernel/kubectl/context.ts';
import { startTestApi, type TestApi } from './api.ts';

export interface KubectlHarness extends TestApi {
  /** Runs one kubectl line against the test cluster. */
  run(line: string): Promise<KubectlResult>;
  /** The context commands run with (files for `-f`, logs, current namespace). */
  context: Omit<KubectlContext, 'stdout' | 'stderr'>;
  files: Map<string, string>;
}

/**
 * An API server on a fake clock (AGE columns are stable) with a kubectl bound to it, for
 * golden-output tests. `files` backs `-f`; `logs` answers from `logText`.
 */
export async function startKubectl(logText: Record<string, string> = {}): Promise<KubectlHarness> {
  const api = await startTestApi();
  const files = new Map<string, string>();
  const context: Omit<KubectlContext, 'stdout' | 'stderr'> = {
    client: api.client,
    clock: api.clock,
    config: { namespace: 'default' },
    readFile: async (path) => files.get(path),
    logs: async (r: LogRequest) => {
      const text =
        logText[`${r.namespace}/${r.pod}/${r.container ?? ''}`] ??
        logText[`${r.namespace}/${r.pod}`];
      if (text === undefined) throw new Error(`pods "${r.pod}" not found`);
      return text;
    },
  };
  return { ...api, context, files, run: (line) => kubectl(line, context) };
}
