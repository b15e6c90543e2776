import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlight } from './highlight.ts';
import { fold, hebrewStrippings, stem } from './normalise.ts';
import { compileQuery } from './query.ts';
import { hashtagParts, tokenise } from './tokenise.ts';

const primary = (text: string) =>
  tokenise(text)
    .tokens.filter((t) => !t.alt)
    .map((t) => t.form);

describe('tokeniser', () => {
  it('keeps offsets into the original text even where folding changes the length', () => {
    const text = 'The oﬃce of ＡＣＭＥ said İstanbul';
    for (const t of tokenise(text).tokens) {
      const original = text.slice(t.start, t.stop);
      assert.equal(fold(original), t.form, original);
    }
    const spans = highlight(compileQuery('office OR acme').ast, { text });
    assert.deepEqual(
      spans.map((s) => text.slice(s.start, s.end)),
      ['oﬃce', 'ＡＣＭＥ'],
    );
  });

  it('splits Chinese and Japanese into characters and keeps Latin runs inside them whole', () => {
    assert.deepEqual(primary('我坐了ACME航空'), ['我', '坐', '了', 'acme', '航', '空']);
    assert.deepEqual(primary('アクメ航空'), ['ア', 'ク', 'メ', '航', '空']);
  });

  it('treats an emoji with skin tone, variation selector or joiner as its base pictographs', () => {
    assert.deepEqual(primary('acme 👍🏽 ✈️ 👨‍✈️'), ['acme', '👍', '✈', '👨', '✈']);
  });

  it('gives a hashtag its body and CamelCase or underscore parts at consecutive positions', () => {
    assert.deepEqual(hashtagParts('AcmeFail'), ['Acme', 'Fail']);
    assert.deepEqual(hashtagParts('ACMEAir_refund_now'), ['ACME', 'Air', 'refund', 'now']);
    const tokens = tokenise('#AcmeFail today').tokens;
    assert.deepEqual(
      tokens.map((t) => `${t.form}@${t.pos}-${t.end}${t.alt ? '*' : ''}`),
      ['#acmefail@0-1', 'acmefail@0-1*', 'acme@0-0*', 'fail@1-1*', 'today@2-2'],
    );
  });

  it('reads Hebrew prefix letters off a word, leaving at least two letters', () => {
    assert.deepEqual(hebrewStrippings('ושבאקמה'), ['שבאקמה', 'באקמה', 'אקמה']);
    assert.deepEqual(hebrewStrippings('גאקמה'), []);
    assert.deepEqual(hebrewStrippings('בית'), ['ית']);
    assert.deepEqual(hebrewStrippings('של'), []);
  });

  it('folds Hebrew niqqud, final letters and geresh, and Russian ё', () => {
    assert.equal(fold('שָׁלוֹם'), 'שלומ');
    assert.equal(fold('צה״ל'), 'צהל');
    assert.equal(fold('ЁЛКА'), 'елка');
  });

  it('stems Russian case endings of a brand name to one stem, and leaves other scripts alone', () => {
    assert.deepEqual(['акме', 'акмы', 'акмой', 'акмою', 'акму', 'акмах'].map(stem), Array(6).fill('акм'));
    assert.equal(stem('acme'), 'acme');
    assert.equal(stem('акмеизм'), 'акмеизм');
  });
});
