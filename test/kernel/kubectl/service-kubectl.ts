import { createApiServer } from '../../../src/kernel/api/server.ts';
import { ensureKubernetesService } from '../../../src/kernel/bootstrap/kubernetes-service.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import type { KubectlContext } from '../../../src/kernel/kubectl/context.ts';
import { kubectl, type KubectlResult } from '../../../src/kernel/kubectl/kubectl.ts';
import { MemoryBackend } from '../../../src/kernel/store/memory-backend.ts';
import { openStore } from '../../../src/kernel/store/mvcc-store.ts';

export interface ServiceKubectl {
  client: Client;
  clock: FakeClock;
  context: Omit<KubectlContext, 'stdout' | 'stderr'>;
  files: Map<string, string>;
  run(line: string): Promise<KubectlResult>;
}

/**
 * An API server whose allocators draw 0 every time, so cluster IPs and node ports come in a
 * fixed order (10.96.1.1, 10.96.1.2...; 30086, 30087...), with the built-in `kubernetes`
 * Service, its Endpoints and EndpointSlice, and a kubectl bound to it on a fake clock.
 */
export async function startServiceKubectl(): Promise<ServiceKubectl> {
  const clock = new FakeClock();
  const store = await openStore(new MemoryBackend());
  let uid = 0;
  const random = {
    next: () => 0,
    uuid: () => `00000000-0000-0000-0000-${String(++uid).padStart(12, '0')}`,
  };
  const server = await createApiServer({ store, clock, random });
  const client = new Client(server);
  await ensureKubernetesService(client);
  const files = new Map<string, string>();
  const context: Omit<KubectlContext, 'stdout' | 'stderr'> = {
    client,
    clock,
    config: { namespace: 'default' },
    readFile: async (path) => files.get(path),
  };
  return { client, clock, context, files, run: (line) => kubectl(line, context) };
}

/** Text made of lines, each ending in a newline. */
export const lines = (...rows: string[]) => rows.map((r) => `${r}\n`).join('');
export const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
export const fails = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });
