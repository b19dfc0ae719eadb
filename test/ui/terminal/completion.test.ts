import { expect } from '@esm-bundle/chai';
import { builtinResources, type ResourceInfo } from '../../../src/kernel/api/resources.ts';
import { globalFlags } from '../../../src/kernel/kubectl/command.ts';
import {
  commonPrefix,
  complete,
  type CompletableCommand,
  type CompletionSources,
} from '../../../src/ui/terminal/completion.ts';

const commands: CompletableCommand[] = [
  {
    path: ['get'],
    flags: [
      { name: 'output', short: 'o', type: 'string', usage: '' },
      { name: 'watch', short: 'w', type: 'bool', usage: '' },
      { name: 'all-namespaces', short: 'A', type: 'bool', usage: '' },
    ],
  },
  { path: ['delete'], flags: [] },
  { path: ['describe'], flags: [] },
  { path: ['logs'], flags: [{ name: 'follow', short: 'f', type: 'bool', usage: '' }] },
  { path: ['version'], flags: [{ name: 'client', type: 'bool', usage: '' }] },
  { path: ['rollout', 'status'], flags: [] },
  { path: ['rollout', 'restart'], flags: [] },
];

const objects: Record<string, Record<string, string[]>> = {
  pods: { default: ['web-1', 'web-2', 'db-0'], 'team-a': ['api-0'] },
  deployments: { default: ['web', 'worker'] },
  namespaces: { '': ['default', 'kube-system', 'team-a'] },
};

function sources(asked: string[] = []): CompletionSources {
  return {
    commands,
    globalFlags,
    resources: builtinResources,
    async names(info: ResourceInfo, namespace: string | undefined) {
      const ns = info.namespaced ? (namespace ?? 'default') : '';
      asked.push(`${info.resource}@${ns}`);
      return objects[info.resource]?.[ns] ?? [];
    },
  };
}

async function candidates(marked: string): Promise<string[]> {
  const cursor = marked.includes('|') ? marked.indexOf('|') : marked.length;
  const line = marked.replace('|', '');
  const result = await complete(line, cursor, sources());
  const word = line.slice(result.start, cursor);
  for (const c of result.candidates)
    expect(c.startsWith(word), `${c} extends ${word}`).to.equal(true);
  return result.candidates;
}

describe('complete', () => {
  const cases: [string, string[]][] = [
    ['kub', ['kubectl']],
    ['kubectl ge', ['get']],
    ['k ge', ['get']],
    ['kubectl ', ['delete', 'describe', 'get', 'logs', 'rollout', 'version']],
    ['kubectl d', ['delete', 'describe']],
    ['kubectl rollout s', ['status']],
    ['kubectl get --o', ['--output=']],
    ['kubectl get -', ['--all-namespaces', '--help', '--namespace=', '--output=', '--watch']],
    ['kubectl get pods -o ', ['json', 'name', 'wide', 'yaml']],
    ['kubectl get pods -o w', ['wide']],
    ['kubectl get dep', ['deployments']],
    ['kubectl get po', ['pods']],
    ['kubectl get deploy', ['deployments']],
    ['kubectl get no', ['nodes']],
    ['kubectl get pods we', ['web-1', 'web-2']],
    ['kubectl get po web-1 we', ['web-2']],
    ['kubectl get deploy w', ['web', 'worker']],
    ['kubectl get pods/d', ['pods/db-0']],
    ['kubectl get pods -n team-a ', ['api-0']],
    ['kubectl get pods --namespace=team-a a', ['api-0']],
    ['kubectl get pods -n ', ['default', 'kube-system', 'team-a']],
    ['kubectl logs w', ['web-1', 'web-2']],
    ['kubectl logs -f w', ['web-1', 'web-2']],
    ['kubectl logs web-1 ', []],
    ['kubectl version ', []],
    ['kubectl get pods,deployments ', []],
    ['kubectl get widgets ', []],
    ['ls ', []],
    ['kubectl g| pods', ['get']],
  ];
  for (const [line, expected] of cases) {
    it(`“${line}” → ${JSON.stringify(expected)}`, async () => {
      expect(await candidates(line)).to.deep.equal(expected);
    });
  }

  it('lists only the type being completed, in the namespace given', async () => {
    const asked: string[] = [];
    await complete('kubectl get pods -n team-a a', 27, sources(asked));
    expect(asked).to.deep.equal(['pods@team-a']);
  });

  it('reports where the completed word starts', async () => {
    const result = await complete('kubectl get pods we', 19, sources());
    expect(result.start).to.equal(17);
  });
});

describe('commonPrefix', () => {
  it('is the longest shared prefix', () => {
    expect(commonPrefix(['web-1', 'web-2', 'webby'])).to.equal('web');
    expect(commonPrefix(['a'])).to.equal('a');
    expect(commonPrefix([])).to.equal('');
  });
});

describe('complete in the shell', () => {
  const shell = (): CompletionSources => ({
    ...sources(),
    commands: [
      ...commands,
      {
        path: ['apply'],
        flags: [{ name: 'filename', short: 'f', type: 'stringArray', usage: '' }],
      },
    ],
    commandNames: ['cat', 'curl', 'grep', 'kubectl', 'minikube', 'wc'],
    files: (prefix) => ['my.yaml', 'manifests/', 'notes.txt'].filter((f) => f.startsWith(prefix)),
  });
  const cases: [string, number | undefined, string[]][] = [
    ['c', undefined, ['cat', 'curl']],
    ['kubectl get pods | gr', undefined, ['grep']],
    ['echo hi && ku', undefined, ['kubectl']],
    ['X=$(kubectl ge', undefined, ['get']],
    ['cat n', undefined, ['notes.txt']],
    ['kubectl apply -f m', undefined, ['manifests/', 'my.yaml']],
    ['minikube s', undefined, ['service', 'status']],
    ['watch kubectl ge', undefined, ['get']],
    ["echo 'a | b' | w", undefined, ['wc']],
  ];
  for (const [line, cursor, expected] of cases) {
    it(`completes ${JSON.stringify(line)}`, async () => {
      const result = await complete(line, cursor ?? line.length, shell());
      expect(result.candidates).to.deep.equal(expected);
    });
  }
});
