import { expect } from '@esm-bundle/chai';

describe('test harness', () => {
  it('runs in Chromium with WebAssembly JSPI', () => {
    expect(typeof (WebAssembly as unknown as { Suspending?: unknown }).Suspending).to.equal(
      'function',
    );
  });
});
