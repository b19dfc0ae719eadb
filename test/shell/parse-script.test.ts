import { expect } from '@esm-bundle/chai';
import type { Script, Word } from '../../src/shell/syntax/ast.ts';
import {
  IncompleteInput,
  needsMoreInput,
  parseScript,
  ShellSyntaxError,
} from '../../src/shell/syntax/parse-script.ts';

/** The words of the first simple command, each as its parts in a compact notation. */
function words(source: string): string[] {
  const script = parseScript(source);
  const command = script.items[0].first.commands[0];
  if (command.type !== 'simple') throw new Error(`not simple: ${command.type}`);
  return command.words.map(show);
}

function show(word: Word): string {
  return word.parts
    .map((p) => {
      switch (p.type) {
        case 'literal':
          return p.quoted ? `'${p.text}'` : p.text;
        case 'param':
          return `\${${p.length ? '#' : ''}${p.name}${p.op ?? ''}${p.arg ? show(p.arg) : ''}}${p.quoted ? 'q' : ''}`;
        case 'command':
          return `$(${p.source})${p.quoted ? 'q' : ''}`;
        case 'arith':
          return `$((${p.expression.text}))`;
      }
    })
    .join('');
}

function shape(script: Script): string {
  return script.items
    .map(
      (item) =>
        [item.first, ...item.rest.map((r) => r.pipeline)]
          .map(
            (p, i) =>
              `${i > 0 ? item.rest[i - 1].op + ' ' : ''}${p.negated ? '! ' : ''}${p.commands.map((c) => c.type).join(' | ')}`,
          )
          .join(' ') + (item.background ? ' &' : ''),
    )
    .join(' ; ');
}

describe('shell parser', () => {
  describe('quoting', () => {
    const cases: [string, string[]][] = [
      [`echo a  b`, ['echo', 'a', 'b']],
      [`echo 'a  b' "c d"`, ['echo', "'a  b'", "'c d'"]],
      [`echo it\\'s`, ['echo', "it'''s"]],
      [`echo "a \\"b\\" \\$c \\\\ \\x"`, ['echo', `'a "b" $c \\ \\x'`]],
      [`echo ''`, ['echo', "''"]],
      [`echo a""b`, ['echo', "a''b"]],
      [`echo $'a\\tb\\n'`, ['echo', "'a\tb\n'"]],
      [
        `echo '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'`,
        ['echo', `'{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'`],
      ],
      [`echo a\\\nb`, ['echo', 'ab']],
      [`echo # a comment`, ['echo']],
      [`echo a#b`, ['echo', 'a#b']],
    ];
    for (const [source, expected] of cases) {
      it(`reads ${JSON.stringify(source)}`, () => expect(words(source)).to.deep.equal(expected));
    }
  });

  describe('expansions', () => {
    const cases: [string, string[]][] = [
      [`echo $POD_NAME`, ['echo', '${POD_NAME}']],
      [`echo "Name: $POD_NAME!"`, ['echo', "'Name: '${POD_NAME}q'!'"]],
      [`echo \${NODE_PORT}x`, ['echo', '${NODE_PORT}x']],
      [`echo \${x:-default} \${#x} \${x%.yaml}`, ['echo', '${x:-default}', '${#x}', '${x%.yaml}']],
      [`echo $? $$ $1 $@`, ['echo', '${?}', '${$}', '${1}', '${@}']],
      [`echo $ a$`, ['echo', '$', 'a$']],
      [
        `export POD_NAME="$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}')"`,
        [
          'export',
          `POD_NAME=$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}')q`,
        ],
      ],
      [
        `curl http://"$(minikube ip):$NODE_PORT"`,
        ['curl', "http://$(minikube ip)q':'${NODE_PORT}q"],
      ],
      [`echo $(echo $(echo hi))`, ['echo', '$(echo $(echo hi))']],
      ['echo `date`', ['echo', '$(date)']],
      [`echo $((1 + 2 * x))`, ['echo', '$((1 + 2 * x))']],
    ];
    for (const [source, expected] of cases) {
      it(`reads ${JSON.stringify(source)}`, () => expect(words(source)).to.deep.equal(expected));
    }
  });

  describe('lists and pipelines', () => {
    const cases: [string, string][] = [
      ['a | b | c', 'simple | simple | simple'],
      ['a && b || c', 'simple && simple || simple'],
      ['a; b & c', 'simple ; simple & ; simple'],
      ['! a | b', '! simple | simple'],
      ['kubectl proxy &', 'simple &'],
      ['for i in 1 2 3; do echo $i; done', 'for'],
      ['while true; do curl x; sleep 1; done', 'while'],
      ['if [ -f x ]; then cat x; elif true; then :; else echo no; fi', 'if'],
      ['{ echo a; echo b; } > f', 'group'],
      ['(cd /tmp && ls)', 'subshell'],
      ['f() { echo hi; }', 'function'],
      ['((i++))', 'arith'],
      ['case $x in a|b) echo ab;; *) echo other;; esac', 'case'],
      ['a |\n b', 'simple | simple'],
      ['a &&\n\n b', 'simple && simple'],
    ];
    for (const [source, expected] of cases) {
      it(`reads ${JSON.stringify(source)}`, () =>
        expect(shape(parseScript(source))).to.equal(expected));
    }
  });

  it('reads redirections with their descriptors', () => {
    const script = parseScript('cmd < in > out 2>&1 >> log 2>/dev/null &> both');
    const command = script.items[0].first.commands[0];
    expect(
      command.redirects.map((r) =>
        r.type === 'file' ? `${r.fd}${r.op}${r.target.text}` : 'heredoc',
      ),
    ).to.deep.equal(['0<in', '1>out', '2>&1', '1>>log', '2>/dev/null', '1&>both']);
  });

  it('reads here-documents after the line, expanding unless the delimiter is quoted', () => {
    const script = parseScript(
      "kubectl apply -f - <<EOF\nkind: $KIND\n  name: x\nEOF\ncat <<'END'\n$HOME\nEND\ncat <<-EOF\n\tindented\n\tEOF\n",
    );
    const bodies = script.items.map((item) => {
      const r = item.first.commands[0].redirects[0];
      return r.type === 'heredoc' ? [r.expand, show(r.body)] : undefined;
    });
    expect(bodies).to.deep.equal([
      [true, "'kind: '${KIND}q'\n  name: x\n'"],
      [false, "'$HOME\n'"],
      [true, "'indented\n'"],
    ]);
  });

  const incomplete = [
    `echo 'abc`,
    `echo "abc`,
    'echo $(ls',
    'for i in 1 2; do',
    'while true; do echo',
    'if true; then echo',
    '{ echo a',
    'kubectl apply -f - <<EOF\napiVersion: v1',
    'a |',
    'a &&',
    'echo \\',
  ];
  for (const source of incomplete) {
    it(`asks for more after ${JSON.stringify(source)}`, () => {
      expect(() => parseScript(source)).to.throw(IncompleteInput);
      expect(needsMoreInput(source)).to.equal(true);
    });
  }

  const errors: [string, string][] = [
    ['echo a; ; b', "syntax error near unexpected token `;'"],
    ['| a', "syntax error near unexpected token `|'"],
    ['done', "syntax error near unexpected token `done'"],
    ['echo > ', "syntax error near unexpected token `newline'"],
    ['echo )', "syntax error near unexpected token `)'"],
  ];
  for (const [source, message] of errors) {
    it(`refuses ${JSON.stringify(source)} as bash does`, () => {
      expect(() => parseScript(source))
        .to.throw(ShellSyntaxError)
        .with.property('message', message);
    });
  }
});
