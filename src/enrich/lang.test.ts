import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLang, sourceLang, UNKNOWN_LANG } from './lang.ts';

describe('language detection', () => {
  it('detects short social posts in the product languages', () => {
    const cases: Array<[string, string]> = [
      ['המוצר הגיע שבור ואף אחד לא עונה', 'he'],
      ['Доставка опять задержалась, поддержка молчит', 'ru'],
      ['Доставка знову затрималася, підтримка мовчить', 'uk'],
      ['外卖送到的时候已经凉了，客服也不回复', 'zh'],
      ['My flight got cancelled and nobody answers', 'en'],
      ['El pedido llegó roto y nadie responde', 'es'],
      ['هذا المنتج سيء جدا', 'ar'],
    ];
    for (const [text, lang] of cases) assert.equal(detectLang(text), lang, text);
  });

  it('keeps short Russian posts Russian and still tells other Cyrillic languages apart', () => {
    assert.equal(detectLang('Селфи дня ))'), 'ru');
    assert.equal(detectLang('Поняла меня, коза?)'), 'ru');
    assert.equal(detectLang('Ово је српски текст који треба препознати'), 'sr');
    assert.equal(
      detectLang('Добър ден, как сте днес приятели мои скъпи и любими хора навсякъде по света'),
      'bg',
    );
  });

  it('ignores URLs, handles and hashtag marks', () => {
    assert.equal(detectLang('@acme_air https://t.co/xyz #fail הטיסה בוטלה ואין מענה בכלל'), 'he');
  });

  it('keeps a source-provided language', () => {
    assert.equal(detectLang('hello there my friends', 'he-IL'), 'he');
    assert.equal(sourceLang('iw'), 'he');
    assert.equal(sourceLang('und'), undefined);
  });

  it('says unknown for texts without enough letters', () => {
    for (const t of [
      '',
      '😀😀🔥',
      'https://example.com/a https://example.com/b',
      '\u200f\u200b',
      '\ud800',
      '12345 !!!',
    ]) {
      assert.equal(detectLang(t), UNKNOWN_LANG, JSON.stringify(t));
    }
  });
});
