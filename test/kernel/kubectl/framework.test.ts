import { expect } from '@esm-bundle/chai';
import { splitWords } from '../../../src/kernel/kubectl/argv.ts';
import { parseFlags, UsageError, type FlagSpec } from '../../../src/kernel/kubectl/flags.ts';
import { formatTable } from '../../../src/kernel/kubectl/printers/tabwriter.ts';
import { resolveResourceType } from '../../../src/kernel/kubectl/resource-types.ts';
import { startKubectl } from '../../helpers/kubectl.ts';

describe('kubectl framework', () => {
  describe('splitWords', () => {
    const cases: [string, string[]][] = [
      ['get pods -o wide', ['get', 'pods', '-o', 'wide']],
      [`label pod x 'a=b c'`, ['label', 'pod', 'x', 'a=b c']],
      [
        `get pods -o jsonpath="{.items[*].metadata.name}"`,
        ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
      ],
      [`exec p -- sh -c "echo \\"hi\\""`, ['exec', 'p', '--', 'sh', '-c', 'echo "hi"']],
      ['  spaced   out  ', ['spaced', 'out']],
      [`a\\ b`, ['a b']],
    ];
    for (const [line, words] of cases) {
      it(line, () => expect(splitWords(line)).to.deep.equal(words));
    }
    it('refuses an unterminated quote', () =>
      expect(() => splitWords(`get 'pods`)).to.throw(/unexpected EOF/));
  });

  describe('parseFlags', () => {
    const specs: FlagSpec[] = [
      { name: 'namespace', short: 'n', type: 'string', usage: '' },
      { name: 'replicas', type: 'int', usage: '' },
      { name: 'stdin', short: 'i', type: 'bool', usage: '' },
      { name: 'tty', short: 't', type: 'bool', usage: '' },
      { name: 'label', short: 'l', type: 'string', usage: '' },
      { name: 'env', type: 'stringArray', usage: '' },
    ];
    it('reads long, short, grouped and repeated flags, and what follows --', () => {
      const a = parseFlags(
        ['web', '-n', 'x', '--replicas=3', '-it', '--env', 'A=1', '--env=B=2', '--', 'sh', '-c'],
        specs,
      );
      expect(a.positionals).to.deep.equal(['web']);
      expect(a.flags.get('namespace')).to.equal('x');
      expect(a.flags.get('replicas')).to.equal(3);
      expect(a.flags.get('stdin')).to.equal(true);
      expect(a.flags.get('tty')).to.equal(true);
      expect(a.flags.get('env')).to.deep.equal(['A=1', 'B=2']);
      expect(a.afterDash).to.deep.equal(['sh', '-c']);
      expect(parseFlags(['-nkube-system'], specs).flags.get('namespace')).to.equal('kube-system');
    });
    const errors: [string[], string][] = [
      [['--replica=3'], 'unknown flag: --replica'],
      [['-z'], "unknown shorthand flag: 'z' in -z"],
      [
        ['--replicas=three'],
        'invalid argument "three" for "--replicas" flag: strconv.ParseInt: parsing "three": invalid syntax',
      ],
      [['--namespace'], 'flag needs an argument: --namespace'],
    ];
    for (const [args, message] of errors) {
      it(`refuses ${args.join(' ')}`, () => {
        expect(() => parseFlags(args, specs)).to.throw(UsageError, message);
      });
    }
  });

  it('lays out tables as kubectl tabwriter does', () => {
    expect(
      formatTable([
        ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
        ['nginx-deployment', '3/3', '3', '3', '18s'],
      ]),
    ).to.equal(
      'NAME               READY   UP-TO-DATE   AVAILABLE   AGE\nnginx-deployment   3/3     3            3           18s\n',
    );
  });

  it('resolves resource types by plural, singular, short name, kind and group', () => {
    for (const name of ['pods', 'pod', 'po', 'Pod', 'PODS'])
      expect(resolveResourceType(name).resource).to.equal('pods');
    for (const name of ['deploy', 'deployments.apps', 'deployment.apps', 'Deployment']) {
      expect(resolveResourceType(name).resource).to.equal('deployments');
    }
    expect(() => resolveResourceType('pdos')).to.throw(
      `the server doesn't have a resource type "pdos"`,
    );
  });

  describe('runner', () => {
    it('prints versions', async () => {
      const k = await startKubectl();
      const r = await k.run('kubectl version');
      expect(r).to.deep.equal({
        stdout: 'Client Version: v1.34.0\nKustomize Version: v5.7.1\nServer Version: v1.34.0\n',
        stderr: '',
        exitCode: 0,
      });
    });
    it('refuses an unknown command as kubectl does', async () => {
      const k = await startKubectl();
      const r = await k.run('versoin');
      expect(r.exitCode).to.equal(1);
      expect(r.stderr).to.equal(
        'error: unknown command "versoin" for "kubectl"\n\nDid you mean this?\n\tversion\nRun \'kubectl --help\' for usage.\n',
      );
    });
    it('refuses an unknown flag with the help hint', async () => {
      const k = await startKubectl();
      const r = await k.run('version --clinet');
      expect(r.stderr).to.equal(
        "error: unknown flag: --clinet\nSee 'kubectl version -h' for help and examples\n",
      );
      expect(r.exitCode).to.equal(1);
    });
  });
});
