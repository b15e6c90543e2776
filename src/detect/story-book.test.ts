import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoryBook } from './story-book.ts';
import { mention } from './test-mentions.ts';

const T0 = Date.UTC(2026, 11, 1, 9);

describe('story book', () => {
  it('keeps a story that goes on growing while one-off stories churn past the cap', () => {
    const book = new StoryBook({ maxStories: 50 });
    const viral = (i: number) =>
      mention({ text: 'Акме Эйр потеряла мой багаж', storyId: 'st_viral', createdAt: T0 + i * 1_000 });
    for (let i = 0; i < 2_000; i++) {
      book.add(viral(i), T0 + i * 1_000, true);
      book.add(
        mention({ text: `one-off post ${i}`, storyId: `st_${i}`, createdAt: T0 + i * 1_000 }),
        T0 + i * 1_000,
        false,
      );
      assert.ok(book.size <= 50);
    }
    assert.equal(book.get('w1', 'st_viral')?.size, 2_000);
    assert.equal(book.get('w1', 'st_0'), undefined, 'an old one-off story was forgotten');
    assert.ok(book.get('w1', 'st_1999'), 'the newest is kept');
  });
});
