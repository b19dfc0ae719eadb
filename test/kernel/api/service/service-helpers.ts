import { StatusError, type Status } from '../../../../src/kernel/api/errors.ts';
import { services } from '../../../../src/kernel/api/resources.ts';
import type { Client } from '../../../../src/kernel/client/client.ts';
import type { Service, ServiceSpec } from '../../../../src/kernel/types/service.ts';

/** A Service named `name` in default selecting app=<name>, with one port 80. */
export function service(name: string, spec: Partial<ServiceSpec> = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
  };
}

/** Creates a Service in default. */
export function createService(client: Client, svc: Service): Promise<Service> {
  return client.create(services, 'default', svc);
}

/** The Status a promise rejects with; fails when it resolves or rejects otherwise. */
export async function statusOf(promise: Promise<unknown>): Promise<Status> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof StatusError) return err.status;
    throw err;
  }
  throw new Error('expected the request to fail');
}

/** `field: message` of each cause, as kubectl would list them. */
export function causes(status: Status): string[] {
  return (status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
}
