import { expect } from '@esm-bundle/chai';
import { manifestDiagnostics } from '../../../src/ui/editor/manifest-diagnostics.ts';

/** Each diagnostic as `line:col message` (1-based), and the marked text. */
function shown(text: string): { line: number; col: number; marked: string; message: string }[] {
  return manifestDiagnostics(text).map((d) => {
    const before = text.slice(0, d.from);
    const line = before.split('\n').length;
    const col = d.from - before.lastIndexOf('\n');
    return { line, col, marked: text.slice(d.from, d.to), message: d.message };
  });
}

const deployment = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
${container}`;

describe('manifestDiagnostics', () => {
  it('accepts a valid Deployment, Pod and Namespace', () => {
    const text = `${deployment('      - name: web\n        image: nginx:1.27\n')}---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Namespace
metadata: {name: team-a}
`;
    expect(shown(text)).to.deep.equal([]);
  });

  it('marks an unknown field at its key, on line 7', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  replicass: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`;
    expect(shown(text)).to.deep.equal([
      { line: 7, col: 3, marked: 'replicass', message: 'unknown field "spec.replicass"' },
    ]);
  });

  it('marks an unknown field inside a list item', () => {
    const text = deployment(
      '      - name: web\n        image: nginx\n        imagePullPolicyy: Always\n',
    );
    expect(shown(text)).to.deep.equal([
      {
        line: 16,
        col: 9,
        marked: 'imagePullPolicyy',
        message: 'unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
      },
    ]);
  });

  it('marks a misspelt field and the required field it leaves missing', () => {
    const text = deployment('      - name: web\n        imag: nginx\n');
    expect(shown(text).map((d) => [d.line, d.marked, d.message])).to.deep.equal([
      [14, 'name: web', 'spec.template.spec.containers[0].image: Required value'],
      [15, 'imag', 'unknown field "spec.template.spec.containers[0].imag"'],
    ]);
  });

  it('marks malformed YAML at its line', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
 spec: {}
`;
    const found = shown(text);
    expect(found.length).to.be.greaterThan(0);
    expect(found[0].line).to.equal(5);
  });

  it('marks an unclosed flow sequence at the line the parser reports', () => {
    const found = shown('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [\n');
    expect(found.length).to.be.greaterThan(0);
    expect(found.every((d) => d.line >= 5)).to.equal(true);
  });

  it('marks a missing image at the container that lacks it', () => {
    const text = deployment('      - name: web\n        ports: [{containerPort: 80}]\n');
    expect(shown(text)).to.deep.equal([
      {
        line: 14,
        col: 9,
        marked: 'name: web',
        message: 'spec.template.spec.containers[0].image: Required value',
      },
    ]);
  });

  it('marks an invalid value at the value', () => {
    const text = `apiVersion: v1
kind: Namespace
metadata:
  name: Team_A
`;
    const found = shown(text);
    expect(found).to.have.length(1);
    expect(found[0]).to.include({ line: 4, col: 9, marked: 'Team_A' });
    expect(found[0].message).to.match(/^metadata\.name: Invalid value: "Team_A": /);
  });

  it('marks a value of the wrong type with the decoder’s message', () => {
    const text = deployment(
      '      - name: web\n        image: nginx\n        ports:\n        - containerPort: "80"\n',
    );
    expect(shown(text)).to.deep.equal([
      {
        line: 17,
        col: 26,
        marked: '"80"',
        message:
          'json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
      },
    ]);
  });

  it('marks a missing or unknown kind', () => {
    expect(shown('apiVersion: v1\nmetadata: {name: x}\n')[0].message).to.equal(
      "Object 'Kind' is missing",
    );
    expect(shown('apiVersion: v1\nkind: Widget\nmetadata: {name: x}\n')).to.deep.equal([
      {
        line: 2,
        col: 7,
        marked: 'Widget',
        message: 'no matches for kind "Widget" in version "v1"',
      },
    ]);
  });

  it('ignores empty documents', () => {
    expect(shown('---\n# nothing\n---\n')).to.deep.equal([]);
  });
});
