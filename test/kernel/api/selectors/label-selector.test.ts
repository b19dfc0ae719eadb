import { expect } from '@esm-bundle/chai';
import { StatusError } from '../../../../src/kernel/api/errors.ts';
import {
  everything,
  formatLabelSelector,
  formatLabels,
  isEverything,
  labelSelectorAsSelector,
  labelSelectorString,
  matchesLabels,
  nothing,
  parseLabelSelector,
  selectorFromSet,
} from '../../../../src/kernel/api/selectors/label-selector.ts';
import type { LabelSelector } from '../../../../src/kernel/types/meta.ts';

/** Calls `fn`, expecting a StatusError; returns it. */
function statusErrorOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(StatusError);
    return e as StatusError;
  }
  throw new Error('expected a StatusError');
}

const keyRegexHelp =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRegexHelp =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('label selectors', () => {
  describe('matching the api-semantics section 7 pods', () => {
    const pods: Record<string, Record<string, string> | undefined> = {
      prodFe: { env: 'prod', tier: 'fe' },
      qa: { env: 'qa' },
      bare: undefined,
    };
    const cases: [string, string[]][] = [
      ['env=prod', ['prodFe']],
      ['env!=prod', ['qa', 'bare']],
      ['env in (prod,qa)', ['prodFe', 'qa']],
      ['env notin (prod)', ['qa', 'bare']],
      ['env', ['prodFe', 'qa']],
      ['!env', ['bare']],
      ['env=prod,tier=fe', ['prodFe']],
      ['env==qa', ['qa']],
      ['', ['prodFe', 'qa', 'bare']],
      ['  env  in(  prod ,qa  )  ,  !tier ', ['qa']],
      ['tier notin (fe),env', ['qa']],
    ];
    for (const [text, expected] of cases) {
      it(`-l '${text}' selects ${expected.join(', ')}`, () => {
        const selector = parseLabelSelector(text);
        const selected = Object.keys(pods).filter((name) => matchesLabels(selector, pods[name]));
        expect(selected).to.deep.equal(expected);
      });
    }
  });

  describe('parsing', () => {
    const cases: [string, string][] = [
      ['tier in (b,a),app=nginx', 'app=nginx,tier in (a,b)'],
      ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
      ['a==b', 'a==b'],
      ['a=', 'a='],
      ['a!=,!b', 'a!=,!b'],
      ['v in (in,notin),w=in', 'v in (in,notin),w=in'],
      ['n>5,m<20', 'm<20,n>5'],
      ['example.com/app in (x, x ,y)', 'example.com/app in (x,y)'],
      ['\tenv\n=\r\nprod', 'env=prod'],
    ];
    for (const [text, printed] of cases) {
      it(`reads '${JSON.stringify(text)}' and prints it back as '${printed}'`, () => {
        expect(labelSelectorString(parseLabelSelector(text))).to.equal(printed);
      });
    }

    it('treats empty and blank text as everything', () => {
      expect(isEverything(parseLabelSelector(''))).to.equal(true);
      expect(isEverything(parseLabelSelector('   '))).to.equal(true);
    });

    it('compares gt and lt as integers and never matches a missing or non-integer label', () => {
      const selector = parseLabelSelector('n>5');
      expect(matchesLabels(selector, { n: '6' })).to.equal(true);
      expect(matchesLabels(selector, { n: '5' })).to.equal(false);
      expect(matchesLabels(selector, { n: 'x' })).to.equal(false);
      expect(matchesLabels(selector, {})).to.equal(false);
      expect(matchesLabels(parseLabelSelector('n<10'), { n: '9' })).to.equal(true);
    });
  });

  describe('parse errors are 400 BadRequest with the apiserver message', () => {
    const cases: [string, string][] = [
      ['env=prod,', "found '', expected: identifier after ','"],
      [',', "found ',', expected: !, identifier, or 'end of string'"],
      ['(', "found '(', expected: !, identifier, or 'end of string'"],
      ['env=a b', "found 'b', expected: ',' or 'end of string'"],
      ['env in (a)b', "found 'b', expected: ',' or 'end of string'"],
      ['!env=prod', "found '=', expected: ',' or 'end of string'"],
      ['!', "unable to parse requirement: found '', expected: identifier"],
      ['env in prod', "unable to parse requirement: found 'prod' expected: '('"],
      ['env in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
      ['env in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
      ['env in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
      [
        'env ~ prod',
        "unable to parse requirement: found '~', expected: in, notin, =, ==, !=, gt, lt",
      ],
      ['env=(', "unable to parse requirement: found '(', expected: identifier"],
      [
        'a/b/c=d',
        `unable to parse requirement: <nil>: Invalid value: "a/b/c": a valid label key ${keyRegexHelp} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ],
      [
        '-bad',
        `unable to parse requirement: <nil>: Invalid value: "-bad": name part ${keyRegexHelp}`,
      ],
      [
        '/x',
        'unable to parse requirement: <nil>: Invalid value: "/x": prefix part must be non-empty',
      ],
      [
        'env=a@b',
        `unable to parse requirement: values[0][env]: Invalid value: "a@b": ${valueRegexHelp}`,
      ],
      [
        `env=${'v'.repeat(64)}`,
        `unable to parse requirement: values[0][env]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 bytes`,
      ],
      [
        'n>x',
        `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`,
      ],
    ];
    for (const [text, message] of cases) {
      it(`rejects '${text}'`, () => {
        const err = statusErrorOf(() => parseLabelSelector(text));
        expect(err.code).to.equal(400);
        expect(err.reason).to.equal('BadRequest');
        expect(err.status.message).to.equal(message);
      });
    }
  });

  describe('metav1 LabelSelector conversion', () => {
    it('matches nothing for an absent or null selector and everything for {}', () => {
      expect(matchesLabels(labelSelectorAsSelector(undefined), {})).to.equal(false);
      expect(matchesLabels(labelSelectorAsSelector(null), { a: 'b' })).to.equal(false);
      expect(matchesLabels(labelSelectorAsSelector({}), {})).to.equal(true);
      expect(matchesLabels(labelSelectorAsSelector({ matchLabels: {} }), { a: 'b' })).to.equal(
        true,
      );
      expect(isEverything(labelSelectorAsSelector({}))).to.equal(true);
      expect(isEverything(labelSelectorAsSelector(null))).to.equal(false);
    });

    const selector: LabelSelector = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['fe', 'be'] },
        { key: 'env', operator: 'NotIn', values: ['qa'] },
        { key: 'track', operator: 'Exists' },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    };
    const cases: [Record<string, string>, boolean][] = [
      [{ app: 'web', tier: 'fe', track: 'stable' }, true],
      [{ app: 'web', tier: 'be', env: 'prod', track: 'x' }, true],
      [{ app: 'web', tier: 'fe', env: 'qa', track: 'x' }, false],
      [{ app: 'web', tier: 'db', track: 'x' }, false],
      [{ app: 'web', tier: 'fe' }, false],
      [{ app: 'web', tier: 'fe', track: 'x', canary: 'true' }, false],
      [{ app: 'api', tier: 'fe', track: 'x' }, false],
    ];
    for (const [labels, expected] of cases) {
      it(`${expected ? 'matches' : 'rejects'} ${JSON.stringify(labels)}`, () => {
        expect(matchesLabels(labelSelectorAsSelector(selector), labels)).to.equal(expected);
      });
    }

    it('prints requirements sorted by key, as kubectl shows them', () => {
      expect(labelSelectorString(labelSelectorAsSelector(selector))).to.equal(
        'app=web,!canary,env notin (qa),tier in (be,fe),track',
      );
    });

    const errors: [LabelSelector, string][] = [
      [
        { matchExpressions: [{ key: 'a', operator: 'Foo' as 'In' }] },
        '"Foo" is not a valid label selector operator',
      ],
      [
        { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
        "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
      ],
      [
        { matchExpressions: [{ key: 'a', operator: 'NotIn' }] },
        "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
      ],
      [
        { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
        'values: Invalid value: ["x"]: values set must be empty for exists and does not exist',
      ],
      [
        { matchLabels: { 'bad key': 'v' } },
        `key: Invalid value: "bad key": name part ${keyRegexHelp}`,
      ],
      [
        { matchLabels: { k: 'bad value' } },
        `values[0][k]: Invalid value: "bad value": ${valueRegexHelp}`,
      ],
    ];
    for (const [bad, message] of errors) {
      it(`refuses ${JSON.stringify(bad)}`, () => {
        const err = statusErrorOf(() => labelSelectorAsSelector(bad));
        expect(err.reason).to.equal('BadRequest');
        expect(err.status.message).to.equal(message);
      });
    }
  });

  describe('printing for kubectl', () => {
    const cases: [LabelSelector | null | undefined, string][] = [
      [{ matchLabels: { app: 'nginx' } }, 'app=nginx'],
      [
        {
          matchLabels: { app: 'nginx' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }],
        },
        'app=nginx,tier in (a,b)',
      ],
      [{}, '<none>'],
      [null, '<none>'],
      [undefined, '<none>'],
      [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, '<error>'],
    ];
    for (const [selector, printed] of cases) {
      it(`formats ${JSON.stringify(selector)} as ${printed}`, () => {
        expect(formatLabelSelector(selector)).to.equal(printed);
      });
    }

    it('formats label maps as kubectl LABELS', () => {
      expect(formatLabels({ tier: 'fe', app: 'web' })).to.equal('app=web,tier=fe');
      expect(formatLabels({})).to.equal('<none>');
      expect(formatLabels(undefined)).to.equal('<none>');
    });
  });

  describe('equality selectors from a map (Service selectors)', () => {
    it('requires every pair and treats an empty map as everything', () => {
      const selector = selectorFromSet({ app: 'web', tier: 'fe' });
      expect(labelSelectorString(selector)).to.equal('app=web,tier=fe');
      expect(matchesLabels(selector, { app: 'web', tier: 'fe', x: 'y' })).to.equal(true);
      expect(matchesLabels(selector, { app: 'web' })).to.equal(false);
      expect(isEverything(selectorFromSet({}))).to.equal(true);
    });

    it('keeps Everything and Nothing apart', () => {
      expect(matchesLabels(everything(), undefined)).to.equal(true);
      expect(matchesLabels(nothing(), {})).to.equal(false);
      expect(labelSelectorString(nothing())).to.equal('');
    });
  });
});
