import type { ApplyResult } from '../../kernel/client/apply.ts';
import type { Playground } from '../playground-api.ts';
import { applyResultLine, errorMessage } from '../format/apply-output.ts';
import type { EmbedOptions } from './embed-options.ts';

/** What preloading gave: each applied document's result, and what went wrong, if anything. */
export interface PreloadOutcome {
  applied: ApplyResult[];
  /** The fetch or a document failed: kubectl's line for it, for the reader to see. */
  error?: string;
}

/**
 * Applies the element's manifests, as `kubectl apply -f` would, to a ready cluster: the one at
 * `manifestUrl` first, then the YAML written inside the element. Never rejects: a manifest
 * that cannot be fetched or a document the API server refuses comes back as `error`, and the
 * documents that applied stay applied.
 */
export async function preloadManifest(
  playground: Pick<Playground, 'apply'>,
  options: Partial<Pick<EmbedOptions, 'manifestUrl' | 'inlineManifest'>>,
): Promise<PreloadOutcome> {
  const applied: ApplyResult[] = [];
  const errors: string[] = [];
  const sources: { name: string; text: () => Promise<string> }[] = [];
  const url = options.manifestUrl;
  if (url) sources.push({ name: url, text: () => fetchText(url) });
  const inline = options.inlineManifest;
  if (inline) sources.push({ name: 'the inline manifest', text: async () => inline });
  for (const source of sources) {
    try {
      const results = await playground.apply(await source.text());
      applied.push(...results);
      for (const result of results) {
        if (result.error) errors.push(`${source.name}: ${applyResultLine(result).text}`);
      }
    } catch (err) {
      errors.push(`${source.name}: ${errorMessage(err)}`);
    }
  }
  return errors.length > 0 ? { applied, error: errors.join('\n') } : { applied };
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`GET ${response.url}: ${response.status} ${response.statusText}`);
  return response.text();
}
