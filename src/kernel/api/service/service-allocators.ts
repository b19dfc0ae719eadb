/**
 * The service registry's allocations (pkg/registry/core/service/storage/alloc.go): cluster IPs
 * and node ports taken as a Service is created or updated, as a transaction the caller
 * commits once the write is stored or reverts when it fails, and released when it is deleted.
 */
import { internalError, invalid, type FieldError } from '../errors.ts';
import type { ServicePort, ServiceSpec } from '../../types/service.ts';
import type { Random } from '../object-meta.ts';
import { child, index, invalidValue } from '../validation/field-errors.ts';
import { AllocationOp } from './allocation-op.ts';
import { ClusterIPAllocator, defaultServiceCidr } from './cluster-ip-allocator.ts';
import { initIPFamilyFields } from './ip-family-fields.ts';
import { NodePortAllocator } from './node-port-allocator.ts';
import {
  clusterIPNone,
  needsHealthCheck,
  needsNodePort,
  nodePortsOf,
  portsOf,
} from './service-fields.ts';

/** Allocations of one request, settled once the write's outcome is known. */
export interface AllocationTransaction {
  commit(): void;
  revert(): void;
}

function shouldAllocateNodePorts(spec: ServiceSpec): boolean {
  if (spec.type === 'NodePort') return true;
  if (spec.type === 'LoadBalancer') return spec.allocateLoadBalancerNodePorts !== false;
  return false;
}

/** The cluster IP and node port allocators of one API server. */
export class ServiceAllocators {
  readonly ips: ClusterIPAllocator;
  readonly nodePorts: NodePortAllocator;

  constructor(random: Random, serviceCidr = defaultServiceCidr) {
    this.ips = new ClusterIPAllocator(serviceCidr, random);
    this.nodePorts = new NodePortAllocator(random);
  }

  /**
   * allocateCreate: fills the IP family fields, allocates the cluster IPs a new Service asks
   * for (or any free ones) and its node ports. Throws 422 Invalid for a value that cannot be
   * had, 500 when a range is full; nothing stays allocated then.
   */
  allocateCreate(spec: ServiceSpec, name: string, dryRun: boolean): AllocationTransaction {
    const ipOp = new AllocationOp(this.ips, dryRun);
    const portOp = new AllocationOp(this.nodePorts, dryRun);
    const txn = transaction(ipOp, portOp);
    try {
      this.initFamilies(spec, undefined, name);
      this.allocClusterIPs(spec, ipOp, name);
      if (needsNodePort(spec)) this.initNodePorts(spec, portOp, name);
      if (needsHealthCheck(spec)) this.allocHealthCheckNodePort(spec, portOp);
    } catch (err) {
      txn.revert();
      throw err;
    }
    return txn;
  }

  /**
   * allocateUpdate: allocates what an update newly needs (cluster IPs when leaving
   * ExternalName, node ports when becoming NodePort or LoadBalancer or adding ports, a health
   * check port) and defers releasing what it no longer needs until the commit.
   */
  allocateUpdate(
    spec: ServiceSpec,
    old: ServiceSpec,
    name: string,
    dryRun: boolean,
  ): AllocationTransaction {
    const ipOp = new AllocationOp(this.ips, dryRun);
    const portOp = new AllocationOp(this.nodePorts, dryRun);
    const txn = transaction(ipOp, portOp);
    try {
      this.initFamilies(spec, old, name);
      if (old.type === 'ExternalName' && spec.type !== 'ExternalName') {
        this.allocClusterIPs(spec, ipOp, name);
      } else if (old.type !== 'ExternalName' && spec.type === 'ExternalName') {
        if ((old.clusterIPs ?? [])[0] !== clusterIPNone) {
          for (const ip of old.clusterIPs ?? []) ipOp.releaseDeferred(ip);
        }
      }
      if (needsNodePort(old) && !needsNodePort(spec)) {
        for (const port of nodePortsOf(old)) portOp.releaseDeferred(port);
      }
      if (needsNodePort(spec)) this.updateNodePorts(spec, old, portOp, name);
      if (!needsHealthCheck(old) && needsHealthCheck(spec)) {
        this.allocHealthCheckNodePort(spec, portOp);
      } else if (needsHealthCheck(old) && !needsHealthCheck(spec) && old.healthCheckNodePort) {
        portOp.releaseDeferred(old.healthCheckNodePort);
      }
    } catch (err) {
      txn.revert();
      throw err;
    }
    return txn;
  }

  /** releaseAllocatedResources: gives back a deleted Service's cluster IPs and node ports. */
  release(spec: ServiceSpec): void {
    if (spec.type !== 'ExternalName' && (spec.clusterIPs ?? [])[0] !== clusterIPNone) {
      for (const ip of spec.clusterIPs ?? []) this.ips.release(ip);
    }
    for (const port of nodePortsOf(spec)) this.nodePorts.release(port);
    if (needsHealthCheck(spec) && spec.healthCheckNodePort) {
      this.nodePorts.release(spec.healthCheckNodePort);
    }
  }

  /** Marks a stored Service's cluster IPs and node ports taken (rebuilding after a restart). */
  restore(spec: ServiceSpec): void {
    if (spec.type !== 'ExternalName') {
      for (const ip of spec.clusterIPs ?? []) if (ip !== clusterIPNone) this.ips.allocate(ip);
    }
    for (const port of nodePortsOf(spec)) this.nodePorts.allocate(port);
    if (needsHealthCheck(spec) && spec.healthCheckNodePort) {
      this.nodePorts.allocate(spec.healthCheckNodePort);
    }
  }

  private initFamilies(spec: ServiceSpec, old: ServiceSpec | undefined, name: string): void {
    const errs = initIPFamilyFields(spec, old);
    if (errs.length > 0) throw invalid('Service', '', name, errs);
  }

  /** allocClusterIPs: one IP per family, the requested one or any free one. */
  private allocClusterIPs(spec: ServiceSpec, op: AllocationOp<string>, name: string): void {
    if (spec.type === 'ExternalName') return;
    if ((spec.clusterIPs ?? [])[0] === clusterIPNone) return;
    const families = spec.ipFamilies ?? ['IPv4'];
    const clusterIPs = [...(spec.clusterIPs ?? [])];
    while (clusterIPs.length < families.length) clusterIPs.push('');
    for (let i = 0; i < families.length; i++) {
      const requested = clusterIPs[i];
      if (!requested) {
        const ip = op.allocateNext();
        if (ip === undefined) throw internalError('failed to allocate a serviceIP: range is full');
        clusterIPs[i] = ip;
        continue;
      }
      const problem = op.allocate(requested);
      if (problem) {
        const errs: FieldError[] = [
          invalidValue(
            'spec.clusterIPs',
            spec.clusterIPs ?? null,
            `failed to allocate IP ${requested}: ${problem}`,
          ),
        ];
        throw invalid('Service', '', name, errs);
      }
    }
    spec.clusterIPs = clusterIPs;
    spec.clusterIP = clusterIPs[0];
  }

  /** initNodePorts: requested node ports, then one per service port number still without. */
  private initNodePorts(spec: ServiceSpec, op: AllocationOp<number>, name: string): void {
    const ports = portsOf(spec);
    const byServicePort = new Map<number, number>();
    ports.forEach((port, i) => {
      if (!port.nodePort && !shouldAllocateNodePorts(spec)) return;
      const allocated = byServicePort.get(port.port) ?? 0;
      if (allocated === 0) {
        const requested = ports.find((p) => p.port === port.port && p.nodePort)?.nodePort ?? 0;
        if (requested) {
          this.takeNodePort(op, requested, i, name);
          port.nodePort = requested;
          byServicePort.set(port.port, requested);
        } else {
          port.nodePort = this.nextNodePort(op);
          byServicePort.set(port.port, port.nodePort);
        }
      } else if ((port.nodePort ?? 0) !== allocated) {
        if (!port.nodePort) port.nodePort = allocated;
        else this.takeNodePort(op, port.nodePort, i, name);
      }
    });
  }

  /** updateNodePorts: keeps the node ports the old spec had, takes new ones, releases the rest. */
  private updateNodePorts(
    spec: ServiceSpec,
    old: ServiceSpec,
    op: AllocationOp<number>,
    name: string,
  ): void {
    const oldPorts = nodePortsOf(old);
    const taken = new Set<number>();
    const seen: ServicePort[] = [];
    portsOf(spec).forEach((port, i) => {
      if (!port.nodePort && !shouldAllocateNodePorts(spec)) return;
      if (port.nodePort) {
        if (!oldPorts.includes(port.nodePort) && !taken.has(port.nodePort)) {
          this.takeNodePort(op, port.nodePort, i, name);
          taken.add(port.nodePort);
        }
      } else {
        port.nodePort = this.nextNodePort(op);
      }
      if (seen.some((p) => p.protocol === port.protocol && p.nodePort === port.nodePort)) {
        throw internalError(`duplicate nodePort: {${port.protocol ?? ''} ${port.nodePort}}`);
      }
      seen.push(port);
    });
    const kept = new Set(nodePortsOf(spec));
    for (const port of oldPorts) if (!kept.has(port)) op.releaseDeferred(port);
  }

  private takeNodePort(op: AllocationOp<number>, port: number, i: number, name: string): void {
    const problem = op.allocate(port);
    if (problem) {
      throw invalid('Service', '', name, [
        invalidValue(child(index('spec.ports', i), 'nodePort'), port, problem),
      ]);
    }
  }

  private nextNodePort(op: AllocationOp<number>): number {
    const port = op.allocateNext();
    if (port === undefined) throw internalError('failed to allocate a nodePort: range is full');
    return port;
  }

  /** allocHealthCheckNodePort: the requested health check node port, or any free one. */
  private allocHealthCheckNodePort(spec: ServiceSpec, op: AllocationOp<number>): void {
    const requested = spec.healthCheckNodePort ?? 0;
    if (requested) {
      const problem = op.allocate(requested);
      if (problem) {
        throw internalError(
          `failed to allocate requested HealthCheck NodePort ${requested}: ${problem}`,
        );
      }
      return;
    }
    const port = op.allocateNext();
    if (port === undefined) {
      throw internalError('failed to allocate a HealthCheck NodePort 0: range is full');
    }
    spec.healthCheckNodePort = port;
  }
}

function transaction(
  ipOp: AllocationOp<string>,
  portOp: AllocationOp<number>,
): AllocationTransaction {
  return {
    commit() {
      ipOp.commit();
      portOp.commit();
    },
    revert() {
      ipOp.revert();
      portOp.revert();
    },
  };
}
