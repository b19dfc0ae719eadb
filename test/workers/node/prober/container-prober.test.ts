import { expect } from '@esm-bundle/chai';
import { FakeClock } from '../../../../src/kernel/clock/fake-clock.ts';
import type { Container } from '../../../../src/kernel/types/core.ts';
import { StreamConnection } from '../../../../src/workers/net/connection.ts';
import { ContainerProber } from '../../../../src/workers/node/prober/container-prober.ts';
import type { ProbeHost } from '../../../../src/workers/node/prober/run-probe.ts';

/** Lets messages between ports and the probes' promise chains run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * A pod whose server answers as `behaviour` says: an HTTP status, `refuse`, or `silent` (never
 * answers, so the probe times out).
 */
function fakeHost(clock: FakeClock) {
  const state = {
    behaviour: 200 as number | 'refuse' | 'silent',
    execResult: { exitCode: 0, output: '' },
    connections: 0,
    execs: 0,
  };
  const host: ProbeHost = {
    clock,
    podIP: '10.244.1.7',
    connect: () => {
      state.connections++;
      const data = new MessageChannel();
      const reset = new MessageChannel();
      const behaviour = state.behaviour;
      if (behaviour === 'refuse') data.port2.postMessage({ t: 'refused' });
      else if (behaviour !== 'silent') {
        data.port2.postMessage({
          t: 'ok',
          peer: { ip: '10.244.1.7', port: 8080 },
          local: { ip: '172.18.0.3', port: 40000 },
        });
        data.port2.onmessage = (event) => {
          if (!(event.data instanceof ArrayBuffer)) return;
          const reply = new TextEncoder().encode(
            `HTTP/1.1 ${behaviour} X\r\nContent-Length: 0\r\n\r\n`,
          ).buffer;
          data.port2.postMessage(reply, [reply]);
          data.port2.postMessage({ t: 'fin' });
        };
      }
      return new StreamConnection(data.port1, reset.port1);
    },
    exec: async () => {
      state.execs++;
      return state.execResult;
    },
  };
  return { host, state };
}

function recorder() {
  const log = { events: [] as string[], kills: [] as string[], changes: 0 };
  return {
    log,
    events: {
      changed: () => log.changes++,
      event: (type: string, reason: string, message: string) =>
        log.events.push(`${type} ${reason} ${message}`),
      kill: (reason: string) => log.kills.push(reason),
    },
  };
}

const container = (extra: Partial<Container>): Container => ({
  name: 'app',
  image: 'http-echo',
  ports: [{ name: 'http', containerPort: 8080 }],
  ...extra,
});

describe('ContainerProber', () => {
  it('is not ready until the readiness probe succeeds, and unready after failureThreshold failures', async () => {
    const clock = new FakeClock();
    const { host, state } = fakeHost(clock);
    const { log, events } = recorder();
    const prober = new ContainerProber(
      container({
        readinessProbe: {
          httpGet: { path: '/healthz', port: 'http' },
          initialDelaySeconds: 5,
          periodSeconds: 2,
        },
      }),
      host,
      events,
      1000,
    );
    prober.start(clock.now());
    expect(prober.ready).to.equal(false);
    await clock.advance(4_999);
    await settle();
    expect(state.connections).to.equal(0);
    await clock.advance(1);
    await settle();
    expect(prober.ready).to.equal(true);
    state.behaviour = 503;
    for (let i = 0; i < 3; i++) {
      await clock.advance(2_000);
      await settle();
    }
    expect(prober.ready).to.equal(false);
    expect(log.events).to.deep.equal([
      'Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 503',
      'Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 503',
      'Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 503',
    ]);
    expect(log.kills).to.deep.equal([]);
    prober.stop();
  });

  it('kills the container after the liveness threshold, with the Killing event', async () => {
    const clock = new FakeClock();
    const { host, state } = fakeHost(clock);
    state.behaviour = 'refuse';
    const { log, events } = recorder();
    const prober = new ContainerProber(
      container({
        livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1, failureThreshold: 2 },
      }),
      host,
      events,
      1000,
    );
    prober.start(clock.now());
    expect(prober.ready).to.equal(true);
    for (let i = 0; i < 3; i++) {
      await clock.advance(1_000);
      await settle();
    }
    expect(log.events).to.deep.equal([
      'Warning Unhealthy Liveness probe failed: dial tcp 10.244.1.7:8080: connect: connection refused',
      'Warning Unhealthy Liveness probe failed: dial tcp 10.244.1.7:8080: connect: connection refused',
      'Normal Killing Container app failed liveness probe, will be restarted',
    ]);
    expect(log.kills).to.deep.equal(['failed liveness probe']);
    expect(state.connections).to.equal(2);
  });

  it('holds liveness and readiness back until the startup probe succeeds', async () => {
    const clock = new FakeClock();
    const { host, state } = fakeHost(clock);
    state.execResult = {
      exitCode: 1,
      output: "cat: can't open '/tmp/ready': No such file or directory\n",
    };
    const { log, events } = recorder();
    const prober = new ContainerProber(
      container({
        startupProbe: {
          exec: { command: ['cat', '/tmp/ready'] },
          periodSeconds: 1,
          failureThreshold: 30,
        },
        livenessProbe: { httpGet: { port: 8080 }, periodSeconds: 1 },
      }),
      host,
      events,
      1000,
    );
    prober.start(clock.now());
    for (let i = 0; i < 3; i++) {
      await clock.advance(1_000);
      await settle();
    }
    expect(prober.started).to.equal(false);
    expect(prober.ready).to.equal(false);
    expect(state.connections).to.equal(0);
    expect(log.events[0]).to.equal(
      "Warning Unhealthy Startup probe failed: cat: can't open '/tmp/ready': No such file or directory\n",
    );
    state.execResult = { exitCode: 0, output: '' };
    await clock.advance(1_000);
    await settle();
    expect(prober.started).to.equal(true);
    expect(prober.ready).to.equal(true);
    const execs = state.execs;
    await clock.advance(2_000);
    await settle();
    expect(state.execs).to.equal(execs);
    expect(state.connections).to.be.greaterThan(0);
    prober.stop();
  });

  it('fails an HTTP probe that gets no answer within timeoutSeconds', async () => {
    const clock = new FakeClock();
    const { host, state } = fakeHost(clock);
    state.behaviour = 'silent';
    const { log, events } = recorder();
    const prober = new ContainerProber(
      container({
        readinessProbe: { httpGet: { path: '/', port: 8080 }, timeoutSeconds: 1, periodSeconds: 5 },
      }),
      host,
      events,
      1000,
    );
    prober.start(clock.now());
    await clock.advance(0);
    await settle();
    await clock.advance(1_000);
    await settle();
    expect(log.events).to.deep.equal([
      'Warning Unhealthy Readiness probe failed: Get "http://10.244.1.7:8080/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    ]);
    prober.stop();
  });

  it('under a short probe second, a timeout still lasts its declared seconds of real time', async () => {
    const clock = new FakeClock();
    const realTime = new FakeClock();
    const { host, state } = fakeHost(clock);
    state.behaviour = 'silent';
    const { log, events } = recorder();
    // The tutorial preset: a probe second is 100 ms of cluster time.
    const prober = new ContainerProber(
      container({
        readinessProbe: {
          httpGet: { path: '/', port: 8080 },
          timeoutSeconds: 2,
          periodSeconds: 50,
        },
      }),
      { ...host, realTime },
      events,
      100,
    );
    prober.start(clock.now());
    await clock.advance(0);
    await settle();
    // Its 200 ms of cluster time pass, but only 1.9 s of the 2 s of real time: no verdict yet.
    await clock.advance(200);
    await realTime.advance(1_900);
    await settle();
    expect(log.events).to.deep.equal([]);
    await realTime.advance(100);
    await settle();
    expect(log.events).to.have.length(1);
    expect(log.events[0]).to.match(/context deadline exceeded/);
    prober.stop();
  });
});
