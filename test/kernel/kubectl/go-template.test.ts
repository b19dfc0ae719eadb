import { expect } from '@esm-bundle/chai';
import { pods, secrets, services } from '../../../src/kernel/api/resources.ts';
import {
  GoTemplateError,
  GoTemplatePrintError,
  parseGoTemplate,
} from '../../../src/kernel/kubectl/printers/go-template.ts';
import { startKubectl } from '../../helpers/kubectl.ts';

const list = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      kind: 'Pod',
      metadata: {
        name: 'web-1',
        labels: { app: 'web', tier: 'front', 'app.kubernetes.io/name': 'shop' },
      },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], replicas: 3 },
      status: { phase: 'Running', ratio: 0.25, big: 1234567.5, nothing: null },
    },
    {
      kind: 'Pod',
      metadata: { name: 'db-0', labels: { app: 'db' } },
      spec: {
        containers: [
          { name: 'db', image: 'postgres:16' },
          { name: 'backup', image: 'busybox:1.36' },
        ],
      },
      status: { phase: 'Pending' },
    },
  ],
};
const pod = list.items[0];
const service = { spec: { ports: [{ port: 8080, nodePort: 30080, protocol: 'TCP' }] } };
const secret = { data: { password: 'czNjcjN0', bad: 'a$b' } };

const run = (template: string, data: unknown = list) => parseGoTemplate(template).print(data);

describe('go-template printer', () => {
  // What Go's text/template prints for these, with kubectl's data (JSON decoded into maps,
  // integral numbers as int64) and kubectl's extra functions.
  const cases: [string, unknown, string][] = [
    [`{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}`, list, 'web-1\ndb-0\n'],
    [`{{(index .spec.ports 0).nodePort}}`, service, '30080'],
    [`{{(index .items 0).metadata.name}}`, list, 'web-1'],
    [`{{index .metadata.labels "app.kubernetes.io/name"}}`, pod, 'shop'],
    [`{{.spec.replicas}}`, pod, '3'],
    [
      `{{.spec.nope}}|{{.nope.deeper}}|{{.status.nothing}}`,
      pod,
      '<no value>|<no value>|<no value>',
    ],
    [`{{len .items}} {{len "héllo"}}`, list, '2 6'],
    [`{{len .metadata.labels}} {{len .spec.containers}}`, pod, '3 1'],
    [`{{range $i, $p := .items}}{{$i}}:{{$p.metadata.name}} {{end}}`, list, '0:web-1 1:db-0 '],
    [
      `{{range $k, $v := .metadata.labels}}{{$k}}={{$v}};{{end}}`,
      pod,
      'app=web;app.kubernetes.io/name=shop;tier=front;',
    ],
    [
      `{{range .items}}{{if eq .status.phase "Running"}}{{.metadata.name}}{{else}}-{{end}}{{end}}`,
      list,
      'web-1-',
    ],
    [
      `{{range .items}}{{if eq .status.phase "Failed"}}f{{else if eq .status.phase "Pending"}}p{{else}}r{{end}}{{end}}`,
      list,
      'rp',
    ],
    [`{{with .spec}}{{.replicas}}{{end}}{{with .nope}}x{{else}}none{{end}}`, pod, '3none'],
    [`{{range .nope}}x{{else}}empty{{end}}`, pod, 'empty'],
    [`{{range .items}}{{.metadata.name}}{{break}}{{end}}`, list, 'web-1'],
    [
      `{{range .items}}{{if .spec.replicas}}{{continue}}{{end}}{{.metadata.name}}{{end}}`,
      list,
      'db-0',
    ],
    [`{{range 3}}{{.}}{{end}}`, list, '012'],
    [`{{$n := len .items}}{{$n}} pods{{$n = 5}} {{$n}}`, list, '2 pods 5'],
    ['{{range .items}}\n  {{- .metadata.name}}\n{{end}}', list, 'web-1\ndb-0\n'],
    ['a  {{- "b" -}}  c', list, 'abc'],
    [`{{/* a comment */}}x{{- /* trimmed */ -}} y`, list, 'xy'],
    [`{{.spec}}`, pod, 'map[containers:[map[image:nginx:1.25 name:app]] replicas:3]'],
    [
      `{{.status.ratio}} {{.status.big}} {{1e6}} {{3.0}} {{0x1F}} {{'a'}}`,
      pod,
      '0.25 1.2345675e+06 1e+06 3 31 97',
    ],
    [
      `{{printf "%s has %d containers" .metadata.name (len .spec.containers)}}`,
      pod,
      'web-1 has 1 containers',
    ],
    [
      `{{printf "%5.1f|%-4s|%03d|%x|%q|%v|%t" 1.25 "ab" 7 255 "a\\"b" .spec.replicas true}}`,
      pod,
      '  1.2|ab  |007|ff|"a\\"b"|3|true',
    ],
    [`{{printf "%d %s" "x"}}`, pod, '%!d(string=x) %!s(MISSING)'],
    [`{{printf "%s" .spec.replicas 1}}`, pod, '%!s(int64=3)%!(EXTRA int=1)'],
    [`{{.metadata.name | printf "<%s>"}}`, pod, '<web-1>'],
    [`{{print 1 2 "a" 3 "b" "c"}}|{{println "a" 1}}`, pod, '1 2a3bc|a 1\n'],
    [
      `{{or .nope "default"}} {{and 1 0 2}} {{not .nope}} {{and .spec.replicas "yes"}}`,
      pod,
      'default 0 true yes',
    ],
    [`{{if and (eq .kind "Pod") (gt .spec.replicas 2)}}big{{end}}`, pod, 'big'],
    [
      `{{lt 1 2}} {{le 2 2}} {{ge "a" "b"}} {{ne .kind "Pod"}} {{eq .kind "Svc" "Pod"}}`,
      pod,
      'true true false false true',
    ],
    [
      `{{html "<a href='x'>"}} {{js "it's"}} {{urlquery "a b&c"}}`,
      pod,
      "&lt;a href=&#39;x&#39;&gt; it\\'s a+b%26c",
    ],
    [`{{.data.password | base64decode}}`, secret, 's3cr3t'],
    [
      `{{if exists . "spec" "replicas"}}yes{{end}}{{if exists . "spec" "nope"}}no{{end}}`,
      pod,
      'yes',
    ],
    [`{{slice .metadata.name 1 3}} {{index .metadata.name 0}}`, pod, 'eb 119'],
    [
      `{{define "n"}}<{{.metadata.name}}>{{end}}{{range .items}}{{template "n" .}}{{end}}`,
      list,
      '<web-1><db-0>',
    ],
  ];
  for (const [template, data, expected] of cases) {
    it(`prints ${template}`, () => {
      expect(run(template, data)).to.equal(expected);
    });
  }

  const parseErrors: [string, string][] = [
    [`{{.metadata.name}`, 'template: output:1: unexpected "}" in operand'],
    [`{{range .items}}x`, 'template: output:1: unexpected EOF'],
    [`{{foo .}}`, 'template: output:1: function "foo" not defined'],
    [`{{end}}`, 'template: output:1: unexpected {{end}}'],
    [`{{$x}}`, 'template: output:1: undefined variable "$x"'],
    [`{{.a`, 'template: output:1: unclosed action'],
    [`{{if}}{{end}}`, 'template: output:1: missing value for if'],
    [`{{"abc}}`, 'template: output:1: unterminated quoted string'],
    [`{{.a | "b"}}`, 'template: output:1: non executable command in pipeline stage 2'],
    [`{{break}}`, 'template: output:1: {{break}} outside {{range}}'],
    [`{{if .a}}\n{{else}}\n{{else}}{{end}}`, 'template: output:3: expected end; found {{else}}'],
    [`{{range $a, $b, $c := .}}{{end}}`, 'template: output:1: too many declarations in range'],
    [`{{"a".b}}`, 'template: output:1: unexpected . after term "\\"a\\""'],
    [`{{(.a}}`, 'template: output:1: unclosed left paren'],
    [`{{.a b}}`, 'template: output:1: function "b" not defined'],
    [`{{.a%}}`, "template: output:1: bad character U+0025 '%'"],
  ];
  for (const [template, message] of parseErrors) {
    it(`refuses ${JSON.stringify(template)} as Go does`, () => {
      expect(() => parseGoTemplate(template))
        .to.throw(GoTemplateError)
        .with.property('message', message);
    });
  }

  const execErrors: [string, unknown, string][] = [
    [
      `{{index .items 5}}`,
      list,
      'template: output:1:2: executing "output" at <index .items 5>: error calling index: index out of range: 5',
    ],
    [
      `{{index .items 2}}`,
      list,
      'template: output:1:2: executing "output" at <index .items 2>: error calling index: reflect: slice index out of range',
    ],
    [
      `{{.metadata.name.first}}`,
      pod,
      'template: output:1:11: executing "output" at <.metadata.name.first>: can\'t evaluate field first in type interface {}',
    ],
    [
      `{{range .metadata.name}}{{end}}`,
      pod,
      'template: output:1:17: executing "output" at <.metadata.name>: range can\'t iterate over web-1',
    ],
    [
      `{{eq .spec.replicas "3"}}`,
      pod,
      'template: output:1:2: executing "output" at <eq .spec.replicas "3">: error calling eq: incompatible types for comparison: int64 and string',
    ],
    [
      `{{.status.nothing.x}}`,
      pod,
      'template: output:1:9: executing "output" at <.status.nothing.x>: nil pointer evaluating interface {}.x',
    ],
    [
      `{{len 3}}{{len .spec.replicas}}`,
      pod,
      'template: output:1:2: executing "output" at <len 3>: error calling len: len of type int',
    ],
    [
      `{{len .spec.replicas}}`,
      pod,
      'template: output:1:2: executing "output" at <len .spec.replicas>: error calling len: len of type int64',
    ],
    [
      `{{.data.bad | base64decode}}`,
      secret,
      'template: output:1:14: executing "output" at <base64decode>: error calling base64decode: base64 decode failed: illegal base64 data at input byte 1',
    ],
    [
      `{{base64decode .nope}}`,
      secret,
      'template: output:1:15: executing "output" at <.nope>: invalid value; expected string',
    ],
    [
      `{{len}}`,
      pod,
      'template: output:1:2: executing "output" at <len>: wrong number of args for len: want 1 got 0',
    ],
  ];
  for (const [template, data, message] of execErrors) {
    it(`fails to run ${template} with Go's message`, () => {
      expect(() => run(template, data))
        .to.throw(GoTemplatePrintError)
        .with.property(
          'message',
          `error executing template ${JSON.stringify(template)}: ${message}`,
        );
    });
  }

  it("keeps what was printed before an error, then kubectl's debugging help", () => {
    try {
      run(`{{range .items}}{{.metadata.name}} {{end}}{{index .items 9}}`);
      expect.fail('no error');
    } catch (err) {
      const output = (err as GoTemplatePrintError).output;
      expect(output).to.match(
        /^web-1 db-0 Error executing template: template: output:1:44: executing "output" at <index \.items 9>: error calling index: index out of range: 9\. Printing more information for debugging the template:\n\ttemplate was:\n\t\t\{\{range/,
      );
      expect(output).to.include('\traw data was:\n\t\t{"apiVersion":"v1","kind":"List"');
      expect(output).to.include(
        '\tobject given to template engine was:\n\t\tmap[apiVersion:v1 items:[',
      );
    }
  });

  it('treats a missing key as an error when missing keys are not allowed', () => {
    expect(() => parseGoTemplate('{{.nope}}').print(pod, false))
      .to.throw(GoTemplatePrintError)
      .with.property(
        'message',
        'error executing template "{{.nope}}": template: output:1:2: executing "output" at <.nope>: map has no entry for key "nope"',
      );
  });
});

describe('kubectl get -o go-template', () => {
  async function fixture() {
    const k = await startKubectl();
    for (const name of ['kubernetes-bootcamp-5b9d7c5b4-abcde', 'other']) {
      await k.client.create(pods, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { app: name.split('-')[0] } },
        spec: { containers: [{ name: 'app', image: 'http-echo:1.0' }] },
      });
    }
    await k.client.create(services, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes-bootcamp' },
      spec: {
        type: 'NodePort',
        selector: { app: 'kubernetes' },
        ports: [{ port: 8080, targetPort: 8080, nodePort: 31555 }],
      },
    });
    await k.client.create(secrets, 'default', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      data: { password: 'czNjcjN0' },
    });
    return k;
  }

  it("runs the Basics tutorial's templates", async () => {
    const k = await fixture();
    const names = await k.run(
      `kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'`,
    );
    expect(names).to.deep.equal({
      stdout: 'kubernetes-bootcamp-5b9d7c5b4-abcde\nother\n',
      stderr: '',
      exitCode: 0,
    });
    const port = await k.run(
      `kubectl get services/kubernetes-bootcamp -o go-template='{{(index .spec.ports 0).nodePort}}'`,
    );
    expect(port.stdout).to.equal('31555');
  });

  it('takes -o template, --template alone, and go-template-file', async () => {
    const k = await fixture();
    expect(
      (await k.run(`get secret db -o template={{.data.password|base64decode}}`)).stdout,
    ).to.equal('s3cr3t');
    expect((await k.run(`get pod other --template={{.spec.containers}}`)).stdout).to.equal(
      '[map[image:http-echo:1.0 imagePullPolicy:IfNotPresent name:app resources:map[] terminationMessagePath:/dev/termination-log terminationMessagePolicy:File]]',
    );
    k.files.set('names.tmpl', '{{range .items}}{{.metadata.name}} {{end}}');
    expect((await k.run(`get pods -o go-template-file=names.tmpl`)).stdout).to.equal(
      'kubernetes-bootcamp-5b9d7c5b4-abcde other ',
    );
    expect(await k.run(`get pods -o go-template-file --template=missing.tmpl`)).to.deep.equal({
      stdout: '',
      stderr:
        'error: error reading --template missing.tmpl, open missing.tmpl: no such file or directory\n',
      exitCode: 1,
    });
  });

  it('prints parse and execution errors as kubectl does', async () => {
    const k = await fixture();
    expect(await k.run(`get pods -o go-template='{{.metadata.name}'`)).to.deep.equal({
      stdout: '',
      stderr:
        'error: error parsing template {{.metadata.name}, template: output:1: unexpected "}" in operand\n',
      exitCode: 1,
    });
    expect(await k.run(`get pods -o go-template`)).to.deep.equal({
      stdout: '',
      stderr: 'error: template format specified but no template given\n',
      exitCode: 1,
    });
    const failed = await k.run(`get pods -o go-template='{{index .items 7}}'`);
    expect(failed.exitCode).to.equal(1);
    expect(failed.stdout).to.match(/^Error executing template: template: output:1:2: executing/);
    expect(failed.stderr).to.equal(
      'error: error executing template "{{index .items 7}}": template: output:1:2: executing "output" at <index .items 7>: error calling index: index out of range: 7\n',
    );
    const strict = await k.run(
      `get pod other -o go-template='{{.nope}}' --allow-missing-template-keys=false`,
    );
    expect(strict.stderr).to.equal(
      'error: error executing template "{{.nope}}": template: output:1:2: executing "output" at <.nope>: map has no entry for key "nope"\n',
    );
  });
});
