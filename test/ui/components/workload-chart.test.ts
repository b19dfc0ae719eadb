import { expect } from '@esm-bundle/chai';
import type { Deployment } from '../../../src/kernel/types/apps.ts';
import '../../../src/ui/components/workload-chart.ts';
import { legendValue, type WorkloadChart } from '../../../src/ui/components/workload-chart.ts';
import { WorkloadSeriesRecorder } from '../../../src/ui/state/workload-series.ts';

function deployment(name: string, replicas: number, ready: number): Deployment {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [] } },
    },
    status: { readyReplicas: ready, updatedReplicas: ready },
  };
}

function record(recorder: WorkloadSeriesRecorder, at: number, web: number, db: number) {
  recorder.sample({
    clusterMs: Date.UTC(2026, 0, 1) + at * 1000,
    realMs: at * 1000,
    deployments: [deployment('web', 3, web), deployment('db', 1, db)],
    services: [],
    endpointSlices: [],
    pods: [],
    traffic: { pods: {}, services: {}, page: { opened: {}, failed: {} } },
  });
}

describe('kube-workload-chart', () => {
  let chart: WorkloadChart;
  afterEach(() => chart.remove());

  async function mount(recorder?: WorkloadSeriesRecorder): Promise<WorkloadChart> {
    chart = document.createElement('kube-workload-chart');
    chart.style.width = '600px';
    chart.recorder = recorder;
    document.body.append(chart);
    await chart.updateComplete;
    return chart;
  }

  const values = () =>
    Object.fromEntries(
      [...chart.shadowRoot!.querySelectorAll<HTMLElement>('.value')].map((v) => [
        v.dataset.column,
        v.textContent,
      ]),
    );

  it('says how to get a chart while there is no Deployment', async () => {
    await mount(new WorkloadSeriesRecorder());
    expect(chart.shadowRoot!.querySelector('.empty')?.textContent).to.contain('No Deployments yet');
    expect(chart.shadowRoot!.querySelector('canvas')).to.equal(null);
  });

  it('draws the first Deployment with its latest values, then follows samples and the choice', async () => {
    const recorder = new WorkloadSeriesRecorder();
    record(recorder, 0, 1, 0);
    await mount(recorder);
    const options = [...chart.shadowRoot!.querySelectorAll('option')].map((o) => o.value);
    expect(options).to.deep.equal(['default/db', 'default/web']);
    expect(chart.shadowRoot!.querySelector('.plot canvas')).to.not.equal(null);
    expect(values()).to.include({ desired: '1', ready: '0', connections: '–' });

    const select = chart.shadowRoot!.querySelector('select')!;
    select.value = 'default/web';
    select.dispatchEvent(new Event('change'));
    await chart.updateComplete;
    expect(values()).to.include({ desired: '3', ready: '1', updated: '1', connections: '–' });

    record(recorder, 1, 3, 1);
    chart.revision++;
    await chart.updateComplete;
    expect(values()).to.include({ desired: '3', ready: '3', connections: '0', failures: '0' });
    expect(chart.shadowRoot!.querySelectorAll('.plot canvas')).to.have.length(1);
  });

  it('shows counts whole and rates with one decimal', () => {
    expect(legendValue(3, 'count')).to.equal('3');
    expect(legendValue(2.25, 'rate')).to.equal('2.3');
    expect(legendValue(4, 'rate')).to.equal('4');
    expect(legendValue(null, 'rate')).to.equal('–');
  });
});
