import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../types/meta.ts';
import { jsonEqual } from '../../util/json-value.ts';
import { namespaceOf, register } from '../command.ts';
import { KubectlError } from '../errors.ts';
import { UsageError } from '../flags.ts';
import { outputNameFlag, operationLine, outputOf } from '../mutation-output.ts';
import { printYaml } from '../printers/object-printer.ts';
import { objectRef, parseResourceArgs } from '../resource-types.ts';

/** The comment kubectl's editor puts above the object. */
export const editHeader = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .trim();
}

/**
 * `kubectl edit TYPE NAME`: opens the object's YAML in the page's editor (`ctx.edit`), then
 * replaces the object with the edited one (an update, so a concurrent change is a Conflict)
 * and prints `deployment.apps/web edited`; an unchanged or cancelled edit prints
 * `Edit cancelled, no changes made.` on stderr.
 */
register({
  path: ['edit'],
  short: 'Edit a resource on the server',
  examples: `  # Edit the service named 'registry'
  kubectl edit svc/registry

  # Edit the deployment 'mydeployment' in YAML
  kubectl edit deployment/mydeployment -o yaml`,
  flags: [outputNameFlag],
  async run(ctx, args) {
    const output = outputOf(args);
    if (args.positionals.length === 0)
      throw new UsageError('you must provide one or more resources by argument or filename');
    const targets = parseResourceArgs(args.positionals);
    const target = targets[0];
    if (targets.length !== 1 || target.names.length !== 1)
      throw new KubectlError('edit only supports one object at a time here');
    if (!ctx.edit) throw new KubectlError('the editor is not available here');
    const namespace = target.info.namespaced ? namespaceOf(ctx, args) : undefined;
    const name = target.names[0];
    const original = await ctx.client.get(target.info, namespace, name);
    const text = editHeader + printYaml(original);
    const edited = await ctx.edit(text);
    if (edited === undefined || withoutComments(edited) === withoutComments(text)) {
      ctx.stderr.write('Edit cancelled, no changes made.\n');
      return 0;
    }
    if (withoutComments(edited) === '') {
      ctx.stderr.write('Edit cancelled, saved file was empty.\n');
      return 0;
    }
    let object: KubeObject;
    try {
      object = parseYaml(edited) as KubeObject;
    } catch (err) {
      throw new KubectlError(
        `error converting YAML to JSON: yaml: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    if (jsonEqual(object, original)) {
      ctx.stderr.write('Edit cancelled, no changes made.\n');
      return 0;
    }
    await ctx.client.update(target.info, object);
    ctx.stdout.write(operationLine(objectRef(target.info, name), 'edited', output));
    return 0;
  },
});
