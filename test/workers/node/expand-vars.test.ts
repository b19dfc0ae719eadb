import { expect } from '@esm-bundle/chai';
import { expandVars } from '../../../src/workers/node/expand-vars.ts';

describe('expandVars', () => {
  const vars = new Map([
    ['NAME', 'world'],
    ['EMPTY', ''],
  ]);
  const lookup = (name: string) => vars.get(name);
  const cases: [string, string][] = [
    ['hello $(NAME)', 'hello world'],
    ['$(NAME)$(NAME)', 'worldworld'],
    ['[$(EMPTY)]', '[]'],
    ['$(MISSING) stays', '$(MISSING) stays'],
    ['$$(NAME) is escaped', '$(NAME) is escaped'],
    ['cost: $$5', 'cost: $5'],
    ['a lone $ stays', 'a lone $ stays'],
    ['$x is not a reference', '$x is not a reference'],
    ['unterminated $(NAME', 'unterminated $(NAME'],
    ['ends with $', 'ends with $'],
    ['$(NAME', '$(NAME'],
    ['$($(NAME))', '$($(NAME))'],
  ];
  for (const [input, output] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(output)}`, () => {
      expect(expandVars(input, lookup)).to.equal(output);
    });
  }
});
