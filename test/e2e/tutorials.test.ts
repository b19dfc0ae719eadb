import { expect } from '@esm-bundle/chai';
import { followTutorial, loadTutorial } from './follow-tutorial.ts';

/** An entry of public/tutorials/index.json, the list learners pick from. */
interface IndexEntry {
  id: string;
  title: string;
  summary: string;
}

// Read before the suite is declared, so that each tutorial gets its own test.
const index = (await (await fetch('/public/tutorials/index.json')).json()) as IndexEntry[];

/**
 * Every tutorial in public/tutorials/index.json, followed step by step as a learner would
 * (follow-tutorial.ts): its commands typed into a real terminal of a fresh playground, and each
 * step's checks passing against the real cluster before the next step starts.
 */
describe('the shipped tutorials, followed step by step', () => {
  it('are listed with an id, a title and a summary, each once', () => {
    expect(index).to.be.an('array').with.length.above(0);
    for (const entry of index) {
      expect(entry.id, JSON.stringify(entry)).to.match(/^[a-z0-9][a-z0-9-]*$/);
      expect(entry.title, entry.id).to.be.a('string').with.length.above(0);
      expect(entry.summary, entry.id).to.be.a('string').with.length.above(0);
    }
    expect(new Set(index.map((e) => e.id)).size).to.equal(index.length);
  });

  for (const entry of index) {
    it(`${entry.id}: ${entry.title}`, async function () {
      const tutorial = await loadTutorial(entry.id);
      expect(tutorial.title, `index.json's title for ${entry.id} and its front matter`).to.equal(
        entry.title,
      );
      // Each step may take its commands' time plus the checks' deadline; most take seconds.
      this.timeout(60_000 + tutorial.steps.length * 240_000);
      const timings = await followTutorial(entry.id);
      console.warn(
        `tutorial ${entry.id}: ${timings.reduce((s, t) => s + t.ms, 0)} ms — ${timings
          .map((t, i) => `${i + 1}. ${t.title} ${t.ms} ms/${t.rounds}`)
          .join(' · ')}`,
      );
    });
  }
});
