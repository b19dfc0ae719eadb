import { expect } from '@esm-bundle/chai';
import {
  parseTutorial,
  stepChecks,
  stepCommands,
  TutorialParseError,
  type TutorialProblem,
} from '../../../src/ui/tutorial/parse-tutorial.ts';

const fence = '```';

const sample = `---
title: Kubernetes basics
summary: "Deploy, explore: and update an app."
---
Intro **prose**.

## Create a Deployment
Prose explaining what and why.

${fence}sh
kubectl create deployment web --image=nginx

# a comment is not typed
export POD="$(kubectl get pods -o name)"
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
EOF
${fence}

A shown-only block, with a heading-like line inside:

${fence}yaml
## not a step
kind: Pod
${fence}

${fence}check
# a Deployment named web
# has 1 available replica
kubectl get deployment web -o jsonpath='{.status.availableReplicas}'
=> 1
kubectl get pods
=~ web-[a-z0-9]+\\s+1/1
# its pods exist
kubectl get pods -l app=web -o name | grep -q pod/
${fence}

### A smaller heading stays prose

## Watch it
${fence}sh interrupt
kubectl get pods -w
${fence}
`;

function problemsOf(text: string): TutorialProblem[] {
  try {
    parseTutorial(text);
  } catch (err) {
    if (err instanceof TutorialParseError) return err.problems;
    throw err;
  }
  throw new Error('parsed without a problem');
}

describe('parseTutorial', () => {
  it('reads the front matter, the intro and one step per level-2 heading', () => {
    const t = parseTutorial(sample);
    expect(t.title).to.equal('Kubernetes basics');
    expect(t.summary).to.equal('Deploy, explore: and update an app.');
    expect(t.intro).to.equal('Intro **prose**.');
    expect(t.steps.map((s) => s.title)).to.deep.equal(['Create a Deployment', 'Watch it']);
    expect(t.steps[0].line).to.equal(7);
  });

  it('keeps prose, shown-only code blocks and smaller headings as Markdown, in order', () => {
    const [first] = parseTutorial(sample).steps;
    expect(first.parts.map((p) => p.kind)).to.deep.equal([
      'prose',
      'sh',
      'prose',
      'check',
      'prose',
    ]);
    const shown = first.parts[2];
    expect(shown.kind === 'prose' && shown.markdown).to.include('## not a step');
    const last = first.parts[4];
    expect(last.kind === 'prose' && last.markdown).to.equal('### A smaller heading stays prose');
  });

  it('splits sh blocks into command lines: a here-document spans lines, comments and blanks are left out', () => {
    const [block] = stepCommands(parseTutorial(sample).steps[0]);
    expect(block.interrupt).to.equal(false);
    expect(block.commands).to.deep.equal([
      'kubectl create deployment web --image=nginx',
      'export POD="$(kubectl get pods -o name)"',
      'kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nEOF',
    ]);
    expect(block.source).to.include('# a comment is not typed');
  });

  it('marks sh interrupt blocks', () => {
    const [block] = stepCommands(parseTutorial(sample).steps[1]);
    expect(block).to.include({ interrupt: true });
    expect(block.commands).to.deep.equal(['kubectl get pods -w']);
  });

  it('groups check commands under their description, with their expectations', () => {
    const items = stepChecks(parseTutorial(sample).steps[0]);
    expect(items.map((i) => i.description)).to.deep.equal([
      'a Deployment named web has 1 available replica',
      'its pods exist',
    ]);
    expect(items[0].commands).to.deep.equal([
      {
        command: "kubectl get deployment web -o jsonpath='{.status.availableReplicas}'",
        expect: { kind: 'equals', text: '1' },
        line: 31,
      },
      {
        command: 'kubectl get pods',
        expect: { kind: 'matches', pattern: 'web-[a-z0-9]+\\s+1/1' },
        line: 33,
      },
    ]);
    expect(items[1].commands[0].expect).to.deep.equal({ kind: 'exit-zero' });
    expect(stepChecks(parseTutorial(sample).steps[1])).to.deep.equal([]);
  });

  it('keeps a regular expression as written after "=~ " (trailing spaces count)', () => {
    const t = parseTutorial(
      `---\ntitle: T\n---\n## S\n${fence}check\nkubectl get rs\n=~ ^(0 3|3 0) $\n${fence}\n`,
    );
    expect(stepChecks(t.steps[0])[0].commands[0].expect).to.deep.equal({
      kind: 'matches',
      pattern: '^(0 3|3 0) $',
    });
  });

  it('shows each undescribed check command as its own item', () => {
    const t = parseTutorial(
      `---\ntitle: T\n---\n## S\n${fence}check\ntrue\nfalse\n=> x\n${fence}\n`,
    );
    expect(stepChecks(t.steps[0]).map((i) => [i.description, i.commands.length])).to.deep.equal([
      ['true', 1],
      ['false', 1],
    ]);
  });

  it('accepts longer fences and tildes, and Windows line ends', () => {
    const t = parseTutorial(
      "---\r\ntitle: T\r\n---\r\n## S\r\n````sh\r\necho '```'\r\n````\r\n~~~check\r\ntrue\r\n~~~\r\n",
    );
    expect(stepCommands(t.steps[0])[0].commands).to.deep.equal(["echo '```'"]);
    expect(stepChecks(t.steps[0])).to.have.length(1);
  });

  const broken: [string, string, { line: number; message: RegExp }[]][] = [
    ['no front matter', '## S\n', [{ line: 1, message: /front matter/ }]],
    ['no title', '---\nsummary: s\n---\n## S\n', [{ line: 2, message: /no title/ }]],
    ['no step', '---\ntitle: T\n---\nJust prose.\n', [{ line: 5, message: /at least one step/ }]],
    [
      'an unclosed fence',
      `---\ntitle: T\n---\n## S\n${fence}sh\nls\n`,
      [{ line: 5, message: /never closed/ }],
    ],
    [
      'an unfinished here-document',
      `---\ntitle: T\n---\n## S\n${fence}sh\ncat <<EOF\nx\n${fence}\n`,
      [
        { line: 6, message: /not complete/ },
        { line: 5, message: /no command/ },
      ],
    ],
    [
      'a shell syntax error',
      `---\ntitle: T\n---\n## S\n${fence}sh\nls )\n${fence}\n`,
      [{ line: 6, message: /^bash: / }],
    ],
    [
      'two commands in an interrupt block, and an unknown option',
      `---\ntitle: T\n---\n## S\n${fence}sh interrupt later\na\nb\n${fence}\n`,
      [
        { line: 5, message: /unknown sh block option "later"/ },
        { line: 5, message: /exactly one command/ },
      ],
    ],
    [
      'stray and doubled expectations, a bad regex, a dangling description',
      `---\ntitle: T\n---\n## S\n${fence}check\n=> 1\ntrue\n=> 1\n=~ 2\nfalse\n=~ (\n# nothing under me\n${fence}\n`,
      [
        { line: 6, message: /no command above it/ },
        { line: 9, message: /one expectation/ },
        { line: 11, message: /regular expression/ },
        { line: 5, message: /no command under it/ },
      ],
    ],
    [
      'a tab in a command',
      `---\ntitle: T\n---\n## S\n${fence}sh\ncat <<EOF\n\tx: 1\nEOF\n${fence}\n`,
      [{ line: 6, message: /tab character/ }],
    ],
    [
      'a check block in the introduction',
      `---\ntitle: T\n---\n${fence}check\ntrue\n${fence}\n## S\n`,
      [{ line: 4, message: /belongs in a step/ }],
    ],
  ];
  for (const [name, text, wanted] of broken) {
    it(`reports ${name} with its line`, () => {
      const problems = problemsOf(text);
      expect(problems.map((p) => p.line)).to.deep.equal(wanted.map((w) => w.line));
      problems.forEach((p, i) => expect(p.message).to.match(wanted[i].message));
    });
  }

  it('reports every problem in one error whose message names the lines', () => {
    try {
      parseTutorial(
        `---\ntitle: T\n---\n## S\n${fence}check\n=> 1\n${fence}\n${fence}sh\n${fence}\n`,
      );
      expect.fail('parsed');
    } catch (err) {
      expect(err).to.be.instanceOf(TutorialParseError);
      expect((err as Error).message).to.match(/^line 6: .*\nline 5: .*\nline 8: /);
    }
  });
});
