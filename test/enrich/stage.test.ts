import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mention } from '../../src/domain/mention.ts';
import { createEnrichStage } from '../../src/pipeline/stages/enrich.ts';
import { systemClock } from '../../src/ports/clock.ts';

const ctx = { clock: systemClock, origin: 'stream' } as unknown as Parameters<
  ReturnType<typeof createEnrichStage>['process']
>[1];

describe('enrich stage', () => {
  it('enriches a multilingual batch and never throws on bad records', () => {
    const errors: string[] = [];
    const stage = createEnrichStage({ onError: (step) => errors.push(step) });
    const texts: unknown[] = [
      'Acme Air leaked my passport data. Unacceptable, I am filing a complaint!',
      'המוצר הגיע שבור ואף אחד לא עונה בשירות הלקוחות',
      'Доставка опять задержалась, поддержка молчит',
      '外卖送到的时候已经凉了，客服也不回复',
      '',
      'x'.repeat(100_000),
      '😀😀🔥',
      'https://a.example/x https://b.example/y',
      '\u200f\u200e\u200b\u2066',
      '\ud800abc\udc00',
      'Hello שלום Привет 你好 #mixed',
      null,
      42,
    ];
    const batch = texts.map(
      (text, i) =>
        ({
          workspaceId: 'w',
          source: 'x',
          externalId: `m${i}`,
          text,
          createdAt: 1_700_000_000_000 + i,
        }) as Mention,
    );
    const out = stage.process(batch, ctx) as Mention[];
    assert.equal(out.length, texts.length);
    for (const m of out) {
      assert.equal(typeof m.lang, 'string');
      assert.ok(m.sentiment && m.sentiment.score >= -1 && m.sentiment.score <= 1);
      assert.ok(Array.isArray(m.categories));
      assert.equal(typeof m.storyId, 'string');
      assert.ok((m.reach ?? 0) >= 1);
    }
    assert.equal(out[0].lang, 'en');
    assert.equal(out[0].sentiment?.label, 'negative');
    assert.ok(out[0].categories?.some((c) => c.id === 'data_breach'));
    assert.equal(out[1].lang, 'he');
    assert.ok(out[1].categories?.some((c) => c.id === 'product_defect'));
    for (const i of [4, 7, 8, 11, 12]) {
      assert.equal(out[i].lang, 'unknown', String(i));
      assert.deepEqual(out[i].sentiment, { label: 'neutral', score: 0 });
    }
    // Emoji carry sentiment but no language.
    assert.equal(out[6].lang, 'unknown');
    assert.deepEqual(errors, []);
  });

  it('keeps a source-provided language', () => {
    const stage = createEnrichStage();
    const [m] = stage.process(
      [{ workspaceId: 'w', source: 'x', externalId: '1', text: 'ok', lang: 'ru', createdAt: 0 }],
      ctx,
    ) as Mention[];
    assert.equal(m.lang, 'ru');
  });
});
