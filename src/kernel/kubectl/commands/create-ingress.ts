/**
 * `kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]`: kubectl's
 * generator, with its rule syntax (a trailing `*` makes a Prefix path, else Exact), one rule
 * per host with its paths merged, TLS entries grouped by secret, `--class`,
 * `--default-backend` and `--annotation`, and its checks before anything is sent.
 */
import { ingresses } from '../../api/resources.ts';
import type {
  HTTPIngressPath,
  Ingress,
  IngressBackend,
  IngressRule,
  IngressTLS,
} from '../../types/networking.ts';
import { register, type Command } from '../command.ts';
import { KubectlError } from '../errors.ts';
import { flagArray, flagString, type ParsedArgs } from '../flags.ts';
import { createGenerated, generatorFlags, oneName } from './create.ts';

/** kubectl's ruleRegex (not anchored at the end, as in kubectl). */
const ruleRegex = /^([\w*\-.]*)(\/.*)=([\w-]+):([\w-]+)(,(tls)=?([\w-]+)?)?/;

/** intstr.Parse then parseServiceBackendPort: a number when it reads as one, else a name. */
function backendPort(port: string): { number: number } | { name: string } {
  return /^[+-]?\d+$/.test(port) ? { number: Number(port) } : { name: port };
}

/** buildIngressBackendSvc: `svc:port`. */
function serviceBackend(service: string): IngressBackend {
  const [name, port = ''] = service.split(':');
  return { service: { name, port: backendPort(port) } };
}

/** buildHTTPIngressPath: `path=svc:port` after the host; a trailing `*` means Prefix. */
function httpPath(pathService: string): HTTPIngressPath {
  const [rawPath, service = ''] = pathService.split('=');
  let path = `/${rawPath}`;
  let pathType: HTTPIngressPath['pathType'] = 'Exact';
  if (path.endsWith('*')) {
    pathType = 'Prefix';
    path = path.slice(0, -1);
  }
  return { path, pathType, backend: serviceBackend(service) };
}

function buildRules(rules: readonly string[]): IngressRule[] {
  const out: IngressRule[] = [];
  for (const rule of rules) {
    const withoutTLS = rule.split(',')[0];
    const slash = withoutTLS.indexOf('/');
    const host = withoutTLS.slice(0, slash);
    const path = httpPath(withoutTLS.slice(slash + 1));
    const existing = out.find((r) => (r.host ?? '') === host);
    if (existing) {
      existing.http!.paths.push(path);
      continue;
    }
    out.push({ ...(host ? { host } : {}), http: { paths: [path] } });
  }
  return out;
}

/** buildTLSRules: one entry per secret (the default certificate when none), hosts once each. */
function buildTLS(rules: readonly string[]): IngressTLS[] {
  const seen = new Set<string>();
  const out: IngressTLS[] = [];
  for (const rule of rules) {
    const parts = rule.split(',');
    if (parts.length !== 2) continue;
    const host = rule.split('/')[0];
    const secret = parts[1].split('=')[1] ?? '';
    if (seen.has(host)) continue;
    seen.add(host);
    const same = out.find((t) => (t.secretName ?? '') === secret);
    if (same) {
      (same.hosts ??= []).push(host);
      continue;
    }
    const tls: IngressTLS = {};
    if (host) tls.hosts = [host];
    if (secret) tls.secretName = secret;
    if (tls.hosts || tls.secretName) out.push(tls);
  }
  return out;
}

function validate(args: ParsedArgs): void {
  const rules = flagArray(args, 'rule');
  const defaultBackend = flagString(args, 'default-backend');
  if (defaultBackend === '' && rules.length === 0) {
    throw new KubectlError(
      'not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)',
    );
  }
  for (const rule of rules) {
    if (!ruleRegex.test(rule)) {
      throw new KubectlError(
        `rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`,
      );
    }
  }
  for (const annotation of flagArray(args, 'annotation')) {
    if (!annotation.includes('=')) {
      throw new KubectlError(
        `annotation ${annotation} is invalid and should be in format key=[value]`,
      );
    }
  }
  if (defaultBackend !== '' && defaultBackend.split(':').length !== 2) {
    throw new KubectlError('default-backend should be in format servicename:serviceport');
  }
}

/** The Ingress `kubectl create ingress` would send for these arguments. */
export function buildIngress(name: string, args: ParsedArgs): Ingress {
  const rules = flagArray(args, 'rule');
  const annotations: Record<string, string> = {};
  for (const annotation of flagArray(args, 'annotation')) {
    const eq = annotation.indexOf('=');
    annotations[annotation.slice(0, eq)] = annotation.slice(eq + 1);
  }
  const ingressClass = flagString(args, 'class');
  const defaultBackend = flagString(args, 'default-backend');
  const tls = buildTLS(rules);
  const builtRules = buildRules(rules);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: {
      ...(ingressClass ? { ingressClassName: ingressClass } : {}),
      ...(defaultBackend ? { defaultBackend: serviceBackend(defaultBackend) } : {}),
      ...(tls.length > 0 ? { tls } : {}),
      ...(builtRules.length > 0 ? { rules: builtRules } : {}),
    },
    status: { loadBalancer: {} },
  };
}

const command: Command = {
  path: ['create', 'ingress'],
  short: 'Create an ingress with the specified name',
  examples: `  # Create a single ingress called 'simple' that directs requests to foo.com/bar to svc
  # svc1:8080 with a TLS secret "my-cert"
  kubectl create ingress simple --rule="foo.com/bar=svc1:8080,tls=my-cert"

  # Create a catch all ingress of "/path" pointing to service svc:port and Ingress Class as "otheringress"
  kubectl create ingress catch-all --class=otheringress --rule="/path=svc:port"

  # Create an ingress with multiple hosts and the pathType as Prefix
  kubectl create ingress ingress1 --class=default \\
    --rule="foo.com/path*=svc:8080" \\
    --rule="bar.com/admin*=svc2:http"

  # Create an ingress with a default backend
  kubectl create ingress ingdefault --class=default \\
    --default-backend=defaultsvc:http \\
    --rule="foo.com/*=svc:8080,tls=secret1"`,
  flags: [
    { name: 'class', type: 'string', usage: 'Ingress Class to be used' },
    {
      name: 'rule',
      type: 'stringArray',
      usage:
        "Rule in format host/path=service:port[,tls=secretname]. Paths containing the leading character '*' are considered pathType=Prefix. tls argument is optional.",
    },
    {
      name: 'default-backend',
      type: 'string',
      usage: 'Default service for backend, in format of svcname:port',
    },
    {
      name: 'annotation',
      type: 'stringArray',
      usage: 'Annotation to insert in the ingress object, in the format annotation=value',
    },
    ...generatorFlags,
  ],
  async run(ctx, args) {
    const name = oneName(args);
    validate(args);
    return createGenerated(
      ctx,
      args,
      ingresses,
      buildIngress(name, args),
      (m) => `failed to create ingress: ${m}`,
    );
  },
};

register(command, { ...command, path: ['create', 'ing'] });
