import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLang, eldLanguage, sourceLang, UNKNOWN_LANG } from './lang.ts';

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

describe('ELD scoring copy (lang-ngrams.ts)', () => {
  it('gives eld.detect()’s language and reliability on real posts, mixed scripts and odd input', async () => {
    const { eld } = await import('eld/medium');
    const { existsSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { DEFAULT_DATA } = await import('../cli/commands/model.ts');
    const texts = [
      "don't stop l'avion 'quoted' ''x '1'",
      'ΟΔΟΣ ΣΟΦΟΣ. İstanbul’da',
      'x'.repeat(120),
      'ü'.repeat(300),
      '😀 hi 😀 there 𝐇𝐞𝐥𝐥𝐨',
      'הטיסה בוטלה and nobody answers 客服也不回复',
      'Доставка знову затрималася, підтримка мовчить',
      'यह उत्पाद बहुत खराब है',
      'a',
      '',
    ];
    for (const l of ['en', 'he', 'ru', 'zh', 'ar', 'es', 'fr', 'de', 'it', 'pt', 'hi']) {
      const p = join(DEFAULT_DATA, l, 'test.jsonl');
      if (!existsSync(p)) continue;
      for (const line of readFileSync(p, 'utf8').split('\n').slice(0, 300))
        if (line) texts.push((JSON.parse(line) as { text: string }).text);
    }
    let compared = 0;
    for (const t of texts) {
      const a = eld.detect(t);
      const b = eldLanguage(t);
      assert.equal(b.language, a.language, t);
      if (a.language) assert.equal(b.reliable, a.isReliable(), t);
      compared++;
    }
    assert.ok(compared >= 10);
  });

  it('agrees with eld.detect() on random strings from several scripts', async () => {
    const { eld } = await import('eld/medium');
    const fc = await import('fast-check');
    const alphabet = [..."abcdeéüß' -.,!?1😀אבגдежзит中文字ا ب ت"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 500 }), (chars) => {
        const t = chars.join('');
        const a = eld.detect(t);
        const b = eldLanguage(t);
        return b.language === a.language && (!a.language || b.reliable === a.isReliable());
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
