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

describe('early crisis-word test (the first minutes of a storm)', () => {
  /** A busy brand: two mentions a minute for three days, authors of every size (50 to 3,000 followers). */
  function busy(d: EmergingTerms): number {
    const texts = ['great support today', 'order arrived early', 'how do I change my plan', 'new store'];
    let t = 0;
    for (let i = 0; i < 3 * 1440 * 2; i++) {
      t = i * 30_000;
      d.observe(t, {
        folded: foldText(texts[i % 4]!),
        author: `a${i % 900}`,
        negative: i % 5 === 0,
        followers: 50 + ((i * 37) % 2_950),
        lexicon: [],
      });
    }
    return t;
  }
  const leak = matchLexicon(lex, foldText('Kestrel Bank leaked our card numbers, data breach'));
  const voice = (author: string, followers: number, alarming = true) => ({
    folded: foldText('Kestrel Bank leaked our card numbers, data breach'),
    author,
    negative: alarming,
    followers,
    lexicon: leak,
  });
  const ordinary = (i: number) => ({
    folded: foldText('order arrived early'),
    author: `o${i}`,
    negative: false,
    followers: 300,
    lexicon: [],
  });
  /** Crisis voices at 0, 1.5, 3 … minutes among the usual two mentions a minute. */
  function storm(d: EmergingTerms, t: number, voices: ReturnType<typeof voice>[]): Finding[] {
    const out: Finding[] = [];
    for (let i = 0; i < voices.length; i++) {
      const at = t + i * 90_000;
      for (const x of [ordinary(2 * i), ordinary(2 * i + 1)]) {
        const f = d.observe(at - 20_000, x);
        if (f) out.push(f);
      }
      const f = d.observe(at, voices[i]!);
      if (f) out.push(f);
    }
    return out;
  }

  it('reports three alarmed voices within minutes, before the half-hour share test could', () => {
    const d = new EmergingTerms();
    const t = busy(d) + MIN;
    const found = storm(d, t, [voice('v1', 200), voice('v2', 90), voice('v3', 400)]);
    assert.equal(found.length, 1);
    const early = found[0]!.evidence.early as { crisisMentions: number; mentions: number };
    assert.ok(early, 'the early test found it');
    assert.equal(early.crisisMentions, 3);
    assert.equal(found[0]!.crisisType, 'external_force');
    // The same stream without the early test: the half-hour share test is still silent at three voices.
    const late = new EmergingTerms({ minEarlyAuthors: 1_000, minCombinedSurprise: 1_000 });
    busy(late);
    assert.deepEqual(storm(late, t, [voice('v1', 200), voice('v2', 90), voice('v3', 400)]), []);
  });

  it('takes two voices only when one reaches far more people than the brand authors usually do', () => {
    const small = new EmergingTerms();
    const t = busy(small) + MIN;
    assert.deepEqual(storm(small, t, [voice('v1', 2_000), voice('v2', 300)]), [], 'two ordinary voices');
    const big = new EmergingTerms();
    busy(big);
    const found = storm(big, t, [voice('v1', 60_000), voice('v2', 300)]);
    assert.equal(found.length, 1);
    const early = found[0]!.evidence.early as { largestAudience: number; audienceSurprise: number };
    assert.equal(early.largestAudience, 60_000);
    assert.ok(early.audienceSurprise >= 1.5, JSON.stringify(early));
  });

  it('stays silent when the crisis-word mentions are not negative and report no problem', () => {
    const d = new EmergingTerms();
    const t = busy(d) + MIN;
    const calmVoices = [voice('v1', 200, false), voice('v2', 90, false), voice('v3', 60_000, false)];
    assert.deepEqual(storm(d, t, calmVoices), []);
  });
});

describe('the cause, not the reaction', () => {
  it('a boycott over a racist ad is self-inflicted; a boycott alone names no type', () => {
    const run = (text: string) => {
      const d = new EmergingTerms();
      const t = warm(d) + MIN;
      const hits = matchLexicon(lex, foldText(text));
      let f: Finding | undefined;
      for (let i = 0; i < 6 && !f; i++)
        f = d.observe(t + i * MIN, {
          folded: foldText(text),
          author: `p${i}`,
          negative: true,
          lexicon: hits,
        });
      return f;
    };
    // "Boycott" says how angry people are; the word that says why decides the type.
    const ad = run('Boycott Orchard Foods, boycott them: their new ad is racist');
    assert.equal(ad?.problem, 'misconduct');
    assert.equal(ad?.crisisType, 'self_inflicted');
    const angry = run('Boycott Orchard, boycott them all');
    assert.equal(angry?.problem, 'boycott');
    assert.equal(angry?.crisisType, 'unknown');
  });
});
