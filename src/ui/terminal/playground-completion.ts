import { collectionPath, type ResourceInfo } from '../../kernel/api/resources.ts';
import { globalFlags, registeredCommands } from '../../kernel/kubectl/command.ts';
import type { Playground } from '../playground-api.ts';
import { defaultResources, type CompletableCommand, type CompletionSources } from './completion.ts';

/**
 * Completion sources over a playground: the registered kubectl commands (or `commands`), the
 * built-in resources, and object names listed from the API server when Tab is pressed (a
 * failed list completes nothing); `shell` adds the shell's commands and workspace files.
 */
export function playgroundCompletion(
  playground: Pick<Playground, 'request'>,
  commands: readonly CompletableCommand[] = registeredCommands(),
  currentNamespace = 'default',
  shell?: Pick<CompletionSources, 'commandNames' | 'files'>,
): CompletionSources {
  return {
    ...shell,
    commands,
    globalFlags,
    resources: defaultResources,
    async names(info: ResourceInfo, namespace: string | undefined) {
      const response = await playground.request({
        verb: 'GET',
        path: collectionPath(info, info.namespaced ? (namespace ?? currentNamespace) : undefined),
      });
      if (response.status !== 200) return [];
      const items = (response.body as { items?: { metadata?: { name?: string } }[] }).items ?? [];
      return items.map((i) => i.metadata?.name ?? '').filter((n) => n !== '');
    },
  };
}
