import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSentimentModel } from '../../pipeline/stages/enrich.ts';
import { featurize } from './features.ts';
import { SentimentModel } from './model.ts';
import { train } from './train.ts';

const model = loadSentimentModel();

describe('sentiment model', () => {
  it('reads clear polarity in several languages', () => {
    const negative = [
      ['Worst airline ever, lost my bag and nobody answers', 'en'],
      ['שירות מחפיר, אני מאוכזב מאוד', 'he'],
      ['Ужасный сервис, больше никогда не закажу', 'ru'],
      ['太难吃了，送餐还超时，再也不点了', 'zh'],
      ['Pésimo servicio, nunca más', 'es'],
    ];
    const positive = [
      ['Thank you so much, the crew was amazing!', 'en'],
      ['כל הכבוד והמון בהצלחה', 'he'],
      ['Спасибо большое, всё отлично!', 'ru'],
      ['味道很好，送餐很快，推荐', 'zh'],
    ];
    for (const [t, l] of negative) assert.equal(model.predict(t, l).label, 'negative', t);
    for (const [t, l] of positive) assert.equal(model.predict(t, l).label, 'positive', t);
  });

  it('scores in [-1, 1] and says neutral 0 when there is nothing to read', () => {
    for (const t of ['', '   ', 'https://t.co/abc', '\u200f\u200b', '\udc00\ud800']) {
      assert.deepEqual(model.predict(t), { label: 'neutral', score: 0 });
    }
    const s = model.predict('a'.repeat(100_000)).score;
    assert.ok(s >= -1 && s <= 1);
  });

  it('marks negation scope, emoticons and intensifiers as their own features', () => {
    const dim = 1 << 16;
    const plain = new Set(featurize('good', 'en', dim));
    const negated = new Set(featurize('not good', 'en', dim));
    assert.ok([...negated].some((f) => !plain.has(f)));
    assert.notDeepEqual(featurize('ok :)', 'en', dim).slice(), featurize('ok :(', 'en', dim).slice());
    assert.ok(featurize('very good', 'en', dim).length > featurize('good', 'en', dim).length + 1);
  });

  it('survives int8 encoding and learns a toy task deterministically', () => {
    const rows = [
      { text: 'great lovely happy', label: 'positive' as const, lang: 'en' },
      { text: 'awful broken angry', label: 'negative' as const, lang: 'en' },
      { text: 'the train leaves at noon', label: 'neutral' as const, lang: 'en' },
    ];
    const a = train(rows, { dim: 1 << 12, epochs: 30 });
    const b = train(rows, { dim: 1 << 12, epochs: 30 });
    assert.deepEqual(a.weights, b.weights);
    const { header, bytes } = a.encode();
    const c = SentimentModel.decode(header, bytes);
    for (const r of rows) assert.equal(c.predict(r.text, 'en').label, r.label);
  });
});
