import { expect } from '@esm-bundle/chai';
import { runWasi } from './run-wasi.ts';

// The pi image (wasm-apps/pi), built by `npm run build:images`.
async function piModule(): Promise<WebAssembly.Module> {
  const response = await fetch('/dist/images/pi.wasm');
  expect(response.ok, 'dist/images/pi.wasm (run npm run build:images)').to.equal(true);
  return WebAssembly.compile(await response.arrayBuffer());
}

/** Pi's first 60 decimals, for checking. */
const decimals = '141592653589793238462643383279502884197169399375105820974944';

describe('pi image', () => {
  let module: WebAssembly.Module;
  before(async () => {
    module = await piModule();
  });

  const cases: [digits: string, stdout: string][] = [
    ['1', '3'],
    ['2', '3.1'],
    // The last digit is rounded, as Math::BigFloat's bpi(N) rounds it.
    ['10', '3.141592654'],
    ['12', '3.14159265359'],
    ['50', `3.${decimals.slice(0, 48)}1`],
    ['60', `3.${decimals.slice(0, 59)}`],
  ];
  for (const [digits, stdout] of cases) {
    it(`pi ${digits} prints ${stdout.length > 20 ? `${stdout.slice(0, 20)}...` : stdout}`, () => {
      const result = runWasi(module, { args: [digits] });
      expect(result.exitCode).to.equal(0);
      expect(result.stdout).to.deep.equal([stdout]);
      expect(result.stderr).to.deep.equal([]);
    });
  }

  it('prints the 2000 digits of the docs pi Job by default, on one line', () => {
    const result = runWasi(module);
    expect(result.exitCode).to.equal(0);
    expect(result.stdout).to.have.length(1);
    const [line] = result.stdout;
    expect(line).to.have.length(2001);
    expect(line.startsWith(`3.${decimals}`)).to.equal(true);
    // Digits 1991 to 2000 of pi are 4780275900, followed by 99465: rounded up.
    expect(line.endsWith('4780275901')).to.equal(true);
    expect(runWasi(module, { args: ['2000'] }).stdout).to.deep.equal([line]);
  });

  it('refuses a count that is not a positive number', () => {
    for (const arg of ['0', '-3', 'many']) {
      const result = runWasi(module, { args: [arg] });
      expect(result.exitCode).to.equal(2);
      expect(result.stdout).to.deep.equal([]);
      expect(result.stderr).to.deep.equal([`pi: digits must be a positive number, got "${arg}"`]);
    }
  });
});
