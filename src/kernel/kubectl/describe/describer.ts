import type { Client } from '../../client/client.ts';

/** What a describer needs: the API, the cluster's now (for ages) and whether to list events. */
export interface DescribeContext {
  client: Client;
  now: number;
  showEvents: boolean;
}

/**
 * Describes one object the way kubectl's describer for its kind does, returning the text
 * (tab-aligned, ending in a newline). Throws the API's StatusError when the object is gone.
 */
export type Describer = (ctx: DescribeContext, namespace: string, name: string) => Promise<string>;
