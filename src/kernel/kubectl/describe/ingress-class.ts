import { ingressclasses } from '../../api/resources.ts';
import type { IngressClass } from '../../types/networking.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { printAnnotations, printLabels } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

/** `kubectl describe ingressclass`: labels, annotations, controller, parameters and events. */
export const describeIngressClass: Describer = async (ctx, _namespace, name) => {
  const ic = await ctx.client.get<IngressClass>(ingressclasses, undefined, name);
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ic.metadata.name ?? ''}\n`);
  printLabels(w, 'Labels', ic.metadata.labels);
  printAnnotations(w, 'Annotations', ic.metadata.annotations);
  w.write(0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
  const parameters = ic.spec?.parameters;
  if (parameters) {
    w.write(0, 'Parameters:\n');
    if (parameters.apiGroup !== undefined) w.write(1, `APIGroup:\t${parameters.apiGroup}\n`);
    w.write(1, `Kind:\t${parameters.kind}\n`);
    w.write(1, `Name:\t${parameters.name}\n`);
  }
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      { name: ic.metadata.name ?? name, namespace: '', kind: 'IngressClass', uid: ic.metadata.uid },
    ]);
  }
  return w.result();
};
