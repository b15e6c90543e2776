import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCrisisTerms } from '../pipeline/consumers/detect.ts';
import { compileLexicon, EmergingTerms, foldText, matchLexicon, termsOf } from './emerging-terms.ts';
import type { Finding } from './finding.ts';

const MIN = 60_000;
const lex = compileLexicon(loadCrisisTerms());
const hits = (text: string) => matchLexicon(lex, foldText(text)).map((h) => `${h.category}:${h.term}`);

describe('crisis-word lexicon (src/detect/terms/crisis-terms.yaml)', () => {
  it('finds crisis words in English, Hebrew (with prefix letters), Russian (inflected) and Chinese', () => {
    assert.ok(hits('Kestrel Bank got HACKED, my card is on a forum').includes('data_breach:hacked'));
    assert.ok(hits('They announced a RECALL of the yoghurt').includes('product_defect:recall'));
    // "והפריצה" = "and the breach": prefix letters ו + ה.
    assert.ok(hits('והפריצה לשרתים של בנק קסטרל חמורה').includes('data_breach:פריצה'));
    assert.ok(hits('קריאה לחרם על אורצ׳רד פודס').includes('boycott:חרם'));
    assert.ok(hits('Массовое отравление после йогурта Орчард').includes('product_defect:отрав*'));
    assert.ok(hits('Кестрел Банк допустил утечку данных').includes('data_breach:утечк*'));
    assert.ok(hits('凯斯特银行发生严重数据泄露').includes('data_breach:泄露'));
    assert.ok(hits('全家吃了果园食品的酸奶后食物中毒').includes('product_defect:中毒'));
  });

  it('stays silent on ordinary talk', () => {
    assert.deepEqual(hits('Big thanks to Nimbus Mobile — quick and friendly support 👏'), []);
    assert.deepEqual(hits('אקמה אייר משיקה קו חדש לליסבון'), []);
    assert.deepEqual(hits('Спасибо команде Нимбус, всё пришло раньше срока'), []);
    assert.deepEqual(hits('感谢宁巴斯移动，客服又快又好'), []);
  });

  it('splits terms: words, hashtags, Chinese bigrams; no numbers', () => {
    const t = termsOf(foldText('#AcmeAirLeak passport 2026 数据泄露'));
    assert.ok(
      t.includes('#acmeairleak') && t.includes('passport') && t.includes('数据') && t.includes('泄露'),
    );
    assert.ok(!t.includes('2026'));
  });
});

/** A week-long baseline of ordinary mentions from many authors. */
function warm(d: EmergingTerms): number {
  const texts = [
    'great support today',
    'order arrived early',
    'how do I change my plan',
    'price went up again',
    'new store opens soon',
  ];
  let t = 0;
  for (let i = 0; i < 3_000; i++) {
    t = i * 3 * MIN;
    assert.equal(
      d.observe(t, {
        folded: foldText(texts[i % 5]!),
        author: `a${i % 700}`,
        negative: i % 5 === 3,
        lexicon: [],
      }),
      undefined,
    );
  }
  return t;
}

describe('emerging terms', () => {
  it('reports a never-seen hashtag bursting among negative mentions from six authors', () => {
    const d = new EmergingTerms();
    const t = warm(d) + MIN;
    let found: Finding | undefined;
    for (let i = 0; i < 6 && !found; i++)
      found = d.observe(t + i * MIN, {
        folded: foldText(`#AcmeAirLeak they leaked everything (${i})`),
        author: `victim${i}`,
        negative: true,
        lexicon: [],
      });
    assert.ok(found, 'bursting');
    const terms = (found.evidence.bursting as { term: string }[]).map((b) => b.term);
    assert.ok(terms.includes('#acmeairleak'), JSON.stringify(terms));
  });

  it('does not report one author repeating a word, a common word, or a praise burst', () => {
    const d = new EmergingTerms();
    const t = warm(d) + MIN;
    for (let i = 0; i < 10; i++)
      assert.equal(
        d.observe(t + i * MIN, {
          folded: foldText('#spam #spam spam'),
          author: 'same_person',
          negative: true,
          lexicon: [],
        }),
        undefined,
      );
    for (let i = 0; i < 10; i++)
      assert.equal(
        d.observe(t + (20 + i) * MIN, {
          folded: foldText('great support today'),
          author: `p${i}`,
          negative: true,
          lexicon: [],
        }),
        undefined,
      );
    for (let i = 0; i < 10; i++)
      assert.equal(
        d.observe(t + (40 + i) * MIN, {
          folded: foldText('#teddybear wholesome staff'),
          author: `fan${i}`,
          negative: false,
          lexicon: [],
        }),
        undefined,
      );
  });

  it('reports crisis words above their baseline share with the category (3 authors are not 300)', () => {
    const d = new EmergingTerms();
    const t = warm(d) + MIN;
    const leak = matchLexicon(lex, foldText('Kestrel Bank data leak, my card is exposed'));
    assert.ok(leak.length >= 2);
    // Two authors using crisis words: below the minimum.
    for (let i = 0; i < 2; i++)
      assert.equal(
        d.observe(t + i * MIN, {
          folded: foldText('data leak'),
          author: `x${i}`,
          negative: true,
          lexicon: leak,
        }),
        undefined,
      );
    const f = d.observe(t + 3 * MIN, {
      folded: foldText('data leak'),
      author: 'x3',
      negative: true,
      lexicon: leak,
    });
    assert.ok(f);
    assert.equal(f.problem, 'data_breach');
    assert.equal(f.crisisType, 'external_force');
  });
});
