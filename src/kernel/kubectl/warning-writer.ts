import type { ApiHandler } from '../api/types.ts';
import { Client } from '../client/client.ts';
import type { Output } from './context.ts';

/**
 * A client whose API responses' Warning headers are printed on `stderr` as kubectl's
 * warning writer prints them (`Warning: v1 Endpoints is deprecated in v1.33+; use
 * discovery.k8s.io/v1 EndpointSlice`), each distinct text once per command.
 */
export function clientWithWarnings(client: Client, stderr: Output): Client {
  const seen = new Set<string>();
  const api: ApiHandler = {
    async handle(request) {
      const response = await client.api.handle(request);
      for (const warning of response.warnings ?? []) {
        if (seen.has(warning)) continue;
        seen.add(warning);
        stderr.write(`Warning: ${warning}\n`);
      }
      return response;
    },
    watch: (request, onEvent) => client.api.watch(request, onEvent),
  };
  return new Client(api);
}
