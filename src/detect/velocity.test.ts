import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoryBook } from './story-book.ts';
import { mention, negative } from './test-mentions.ts';
import { velocityDefaults, velocityOf } from './velocity.ts';

const MIN = 60_000;
const t0 = Date.UTC(2026, 8, 7);

/** A story with members at the given minutes (all negative), and velocity tested at each member. */
function run(minutes: number[]) {
  const book = new StoryBook();
  const found = [];
  for (const m of minutes) {
    const t = t0 + m * MIN;
    const s = book.add(mention({ createdAt: t, text: 'x', storyId: 'st', sentiment: negative }), t, true)!;
    const v = velocityOf(s, t, velocityDefaults);
    if (v) found.push({ at: m, v });
  }
  return found;
}

describe('velocity', () => {
  it('reports a young story whose members per minute grow', () => {
    const found = run([0, 11, 12, 13, 14, 15, 15.5, 16, 16.5, 17, 18, 19]);
    assert.deepEqual(
      found.map((f) => f.at),
      [18],
      'ten members against one in the ten minutes before',
    );
  });

  it('does not report a phrase that has circulated for days, whatever its last ten minutes', () => {
    // One member an hour for two days, then eight in ten minutes after a quiet ten (a chance cluster of
    // a template complaint: the test runs at every member, so such clusters come by).
    const history = Array.from({ length: 48 }, (_, i) => i * 60);
    const cluster = [2900, 2901, 2902.5, 2904, 2905, 2906, 2907.5, 2909];
    assert.deepEqual(run([...history, ...cluster]), []);
    // The same cluster as a new story is reported.
    assert.equal(run(cluster.map((m) => m - 2900)).length, 1);
  });
});
