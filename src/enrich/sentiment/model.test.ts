import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../../config/paths.ts';
import { loadSentimentModel } from '../../pipeline/stages/enrich.ts';
import { featurize, Lexicon } from './features.ts';
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

  it('looks words up in the lexicon (whole word, then prefix), flips them under negation', () => {
    const lex = Lexicon.build(
      [
        { lang: 'en', words: { good: 3, awful: -3, 'not bad': 2 } },
        { lang: 'es', words: { aburrido: -2 } },
      ],
      6,
    );
    const dim = 1 << 16;
    const cfg = { lexicon: 1, lexPrefix: 6 };
    const f = (t: string, l: string) => new Set(featurize(t, l, dim, cfg, lex));
    const none = f('the train leaves', 'en');
    const good = f('good', 'en');
    const notGood = f('not good', 'en');
    const awful = f('awful', 'en');
    // good and awful carry different marks; "not good" carries awful's sign mark and no good mark.
    const goodMarks = [...good].filter((x) => !none.has(x) && !f('fine', 'en').has(x));
    assert.ok(goodMarks.length > 0);
    assert.ok([...awful].some((x) => !good.has(x) && !none.has(x) && notGood.has(x)));
    // Spanish inflection found by the 6-letter prefix, English words found in any language.
    assert.notDeepEqual(f('aburridos', 'es'), f('aburridos', 'de'));
    assert.ok([...f('good', 'es')].some((x) => good.has(x) && !f('gxod', 'es').has(x)));
    // Phrases are not one token: left out of the table.
    assert.equal(lex.get(0x12345678), 0);
  });

  it('round-trips a model with its lexicon through the v2 file format', () => {
    const lex = Lexicon.build([{ lang: 'en', words: { great: 3, broken: -3 } }]);
    const rows = [
      { text: 'great', label: 'positive' as const, lang: 'en' },
      { text: 'broken', label: 'negative' as const, lang: 'en' },
      { text: 'the train leaves at noon', label: 'neutral' as const, lang: 'en' },
    ];
    const m = train(rows, { dim: 1 << 12, epochs: 20, lexicon: lex, features: { lexicon: 1 } });
    const { header, bytes } = m.encode();
    assert.equal(header.format, 'firebreak-sentiment-int8-v2');
    const back = SentimentModel.decode(header, bytes);
    assert.deepEqual(back.lexicon?.keys, lex.keys);
    assert.deepEqual(back.lexicon?.values, lex.values);
    for (const r of rows) assert.equal(back.predict(r.text, 'en').label, r.label);
    assert.throws(() => SentimentModel.decode(header, bytes.subarray(1)));
  });

  it('the committed model carries its lexicon and stays a few MB', () => {
    assert.ok(model.lexicon, 'lexicon table in models/sentiment.bin');
    assert.ok((model.features.lexicon ?? 0) > 0);
    assert.equal(model.predict('I am not happy at all', 'en').label, 'negative');
  });

  it('`firebreak model eval --data FILE --json` prints only {lang: {macroF1, accuracy, n}}', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-sent-'));
    const file = join(dir, 'mini.jsonl');
    const rows = [
      { text: 'Thank you so much, the crew was amazing!', label: 'positive', lang: 'en' },
      { text: 'Worst airline ever, lost my bag and nobody answers', label: 'negative', lang: 'en' },
      { text: 'Ужасный сервис, больше никогда не закажу', label: 'negative', lang: 'ru' },
    ];
    writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const out = execFileSync(
      process.execPath,
      [join(packageRoot, 'bin', 'firebreak.js'), 'model', 'eval', '--data', file, '--json'],
      { encoding: 'utf8', env: { ...process.env, FIREBREAK_FROM_SOURCE: '1' } },
    );
    const parsed = JSON.parse(out) as Record<string, { macroF1: number; accuracy: number; n: number }>;
    assert.deepEqual(Object.keys(parsed).sort(), ['en', 'ru']);
    assert.deepEqual(Object.keys(parsed.en), ['macroF1', 'accuracy', 'n']);
    assert.equal(parsed.en.n, 2);
    assert.equal(parsed.ru.n, 1);
    assert.equal(out.trim().split('\n').length, 1);
  });
});
