import type { PodTemplateSpec } from '../types/apps.ts';
import type { Container, Toleration } from '../types/core.ts';

/** Annotations `describe` never shows (describe.go skipAnnotations). */
const skipAnnotations = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const maxAnnotationLen = 140;

function multiline(title: string, entries: string[]): string {
  if (entries.length === 0) return `${title}:\t<none>\n`;
  return entries.map((e, i) => (i === 0 ? `${title}:\t${e}\n` : `\t${e}\n`)).join('');
}

function labelLines(title: string, labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return multiline(
    title,
    keys.map((k) => `${k}=${labels![k]}`),
  );
}

function annotationLines(title: string, annotations: Record<string, string>): string {
  const keys = Object.keys(annotations)
    .filter((k) => !skipAnnotations.has(k))
    .sort();
  if (keys.length === 0) return `${title}:\t<none>\n`;
  let out = `${title}:\t`;
  keys.forEach((key, i) => {
    if (i !== 0) out += '\t';
    const value = annotations[key].replace(/\n$/, '');
    if (value.length + key.length + 2 > maxAnnotationLen || value.includes('\n')) {
      out += `${key}:\n`;
      for (const s of value.split('\n')) {
        const cut = maxAnnotationLen - 2;
        out += `\t  ${s.length > cut ? `${s.slice(0, cut)}...` : s}\n`;
      }
    } else {
      out += `${key}: ${value}\n`;
    }
  });
  return out;
}

function tolerationText(t: Toleration): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

function ports(container: Container, host: boolean): string {
  return (container.ports ?? [])
    .map((p) => {
      const text = `${host ? (p.hostPort ?? 0) : p.containerPort}/${p.protocol ?? 'TCP'}`;
      return p.name ? `${text} (${p.name})` : text;
    })
    .join(', ');
}

function containerLines(label: string, containers: readonly Container[]): string {
  let out = `  ${label}:${containers.length === 0 ? ' <none>' : ''}\n`;
  for (const c of containers) {
    out += `   ${c.name}:\n`;
    out += `    Image:\t${c.image ?? ''}\n`;
    const port = ports(c, false);
    out += port.includes(',') ? `    Ports:\t${port}\n` : `    Port:\t${port || '<none>'}\n`;
    const hostPort = ports(c, true);
    out += hostPort.includes(',')
      ? `    Host Ports:\t${hostPort}\n`
      : `    Host Port:\t${hostPort || '<none>'}\n`;
    for (const [title, words] of [
      ['Command', c.command],
      ['Args', c.args],
    ] as const) {
      if (!words?.length) continue;
      out += `    ${title}:\n`;
      for (const w of words) for (const s of w.split('\n')) out += `      ${s}\n`;
    }
    for (const [title, list] of [
      ['Limits', c.resources?.limits],
      ['Requests', c.resources?.requests],
    ] as const) {
      const names = Object.keys(list ?? {}).sort();
      if (names.length === 0) continue;
      out += `    ${title}:\n`;
      for (const n of names) out += `      ${n}:\t${list![n]}\n`;
    }
    const env = c.env ?? [];
    out += `    Environment:${env.length === 0 ? '\t<none>' : ''}\n`;
    for (const e of env) {
      if (e.valueFrom) {
        out += `      ${e.name}:\t<set from ${Object.keys(e.valueFrom)[0] ?? 'valueFrom'}>\n`;
        continue;
      }
      (e.value ?? '').split('\n').forEach((s, i) => {
        out += i === 0 ? `      ${e.name}:\t${s}\n` : `      \t${s}\n`;
      });
    }
    const mounts = [
      ...((c.volumeMounts ?? []) as {
        name: string;
        mountPath: string;
        readOnly?: boolean;
        subPath?: string;
      }[]),
    ].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
    out += `    Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`;
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw'];
      if (m.subPath) flags.push(`path="${m.subPath}"`);
      out += `      ${m.mountPath} from ${m.name} (${flags.join(',')})\n`;
    }
  }
  return out;
}

/**
 * kubectl's describe.DescribePodTemplate written through a bare PrefixWriter, as `rollout
 * history --revision=N` prints it: two spaces per level and literal tabs between a field and
 * its value (no column alignment).
 */
export function describePodTemplate(template: PodTemplateSpec | undefined): string {
  let out = 'Pod Template:\n';
  if (!template) return `${out}  <unset>`;
  const meta = template.metadata ?? {};
  const spec = template.spec;
  out += labelLines('  Labels', meta.labels);
  if (meta.annotations && Object.keys(meta.annotations).length > 0)
    out += annotationLines('  Annotations', meta.annotations);
  if (spec.serviceAccountName) out += `  Service Account:\t${spec.serviceAccountName}\n`;
  if (spec.initContainers?.length) out += containerLines('Init Containers', spec.initContainers);
  out += containerLines('Containers', spec.containers ?? []);
  const volumes = (spec.volumes ?? []) as { name: string }[];
  if (volumes.length === 0) out += '  Volumes:\t<none>\n';
  else {
    out += '  Volumes:\n';
    for (const v of volumes) out += `   ${v.name}:\n`;
  }
  if (spec.priorityClassName) out += `  Priority Class Name:\t${spec.priorityClassName}\n`;
  out += labelLines('  Node-Selectors', spec.nodeSelector);
  const tolerations = [...(spec.tolerations ?? [])].sort((a, b) =>
    (a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0,
  );
  out += multiline('  Tolerations', tolerations.map(tolerationText));
  return out;
}
