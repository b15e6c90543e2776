/**
 * Query matcher throughput: documents/s through one TopicMatcher holding 1,000 and 10,000 active topics,
 * on a deterministic multilingual stream (English, Hebrew, Russian, Chinese; hashtags, mentions, emoji,
 * URLs; about one post in five names a watched brand). The baseline is the floor of the same run:
 * tokenising the same stream alone (what any matcher must do), so the ratio says what matching costs
 * on top of reading the text. One core (this loop is single-threaded).
 */

import { seededRandom } from '../src/domain/random.ts';
import { DocView, type MatchDoc, type TopicDefinition, TopicMatcher } from '../src/query/index.ts';
import type { Bench, BenchResult } from './types.ts';

const latin = [
  'ac',
  'me',
  'zor',
  'vex',
  'lin',
  'tra',
  'qua',
  'nor',
  'bel',
  'kin',
  'sol',
  'mar',
  'tek',
  'ron',
  'dia',
  'fel',
];
const hebrew = [
  'אק',
  'מה',
  'זו',
  'רו',
  'לי',
  'נט',
  'קו',
  'בל',
  'סו',
  'מר',
  'טק',
  'רו',
  'די',
  'פל',
  'גל',
  'צי',
];
const cyrillic = [
  'ак',
  'ме',
  'зор',
  'векс',
  'лин',
  'тра',
  'ква',
  'нор',
  'бел',
  'кин',
  'сол',
  'мар',
  'тек',
  'рон',
  'диа',
  'фел',
];
const han = ['亚', '克', '美', '佐', '维', '林', '特', '夸', '诺', '贝', '金', '索', '马', '泰', '龙', '迪'];

interface BrandName {
  en: string;
  he: string;
  ru: string;
  zh: string;
}

/** Brand number i spelled in four scripts, from syllables: distinct for i < 16^3. */
function brand(i: number): BrandName {
  const d = [i % 16, Math.floor(i / 16) % 16, Math.floor(i / 256) % 16];
  const pick = (table: string[]) => d.map((k) => table[k]).join('');
  return { en: pick(latin), he: pick(hebrew), ru: pick(cyrillic), zh: pick(han) };
}

const filler = {
  en: 'the flight was late again and nobody at the desk could tell us anything about our bags today great service'.split(
    ' ',
  ),
  he: 'הטיסה שוב התעכבה ואף אחד בדלפק לא ידע להגיד לנו משהו על המזוודות היום שירות מעולה'.split(' '),
  ru: 'рейс снова задержали и никто на стойке не смог ничего сказать про наш багаж сегодня отличный сервис'.split(
    ' ',
  ),
  zh: [...'航班又延误了柜台没有人能告诉我们行李的任何消息今天的服务真好'],
};
const crisis = {
  en: ['refund', 'delay', 'cancelled', 'lost', 'strike', 'outage', 'breach'],
  he: ['החזר', 'עיכוב', 'ביטול', 'אבד', 'שביתה', 'תקלה', 'דליפה'],
  ru: ['возврат', 'задержка', 'отмена', 'потеряли', 'забастовка', 'сбой', 'утечка'],
  zh: ['退款', '延误', '取消', '丢失', '罢工', '故障', '泄露'],
};
const extras = ['😡', '✈️', '🙏', '#fail', '#travel', '@support', 'https://news.example/a/1', '!!', '?'];
const langs = ['en', 'he', 'ru', 'zh'] as const;
type Lang = (typeof langs)[number];
const hePrefixes = ['', '', 'ב', 'ל', 'ו', 'ה', 'ש', 'ול', 'שב'];
const ruEndings = ['', 'ы', 'ой', 'у', 'е'];

function mentionOf(b: BrandName, lang: Lang, next: () => number): string {
  switch (lang) {
    case 'en':
      return next() < 0.3
        ? `#${b.en[0]?.toUpperCase()}${b.en.slice(1)}Fail`
        : b.en[0]?.toUpperCase() + b.en.slice(1);
    case 'he':
      return hePrefixes[Math.floor(next() * hePrefixes.length)] + b.he;
    case 'ru':
      return b.ru[0]?.toUpperCase() + b.ru.slice(1) + ruEndings[Math.floor(next() * ruEndings.length)];
    case 'zh':
      return `${b.zh}航空`;
  }
}

const workspaces = 50;

/** Posts of workspace w name the brands of workspace w (brand i belongs to workspace i mod 50). */
export function makeStream(
  count: number,
  brands: number,
  seed: number,
): (MatchDoc & { workspaceId: string })[] {
  const next = seededRandom(seed);
  const docs: (MatchDoc & { workspaceId: string })[] = [];
  const perWorkspace = Math.max(1, Math.floor(brands / workspaces));
  for (let i = 0; i < count; i++) {
    const ws = i % workspaces;
    const lang = langs[Math.floor(next() * langs.length)] as Lang;
    const words: string[] = [];
    const length = 12 + Math.floor(next() * 25);
    for (let w = 0; w < length; w++) {
      const r = next();
      if (r < 0.012)
        words.push(mentionOf(brand(ws + workspaces * Math.floor(next() * perWorkspace)), lang, next));
      else if (r < 0.05) words.push(crisis[lang][Math.floor(next() * 7)] as string);
      else if (r < 0.08) words.push(extras[Math.floor(next() * extras.length)] as string);
      else words.push(filler[lang][Math.floor(next() * filler[lang].length)] as string);
    }
    docs.push({
      workspaceId: `w${ws}`,
      text: words.join(lang === 'zh' ? '' : ' '),
      lang,
      source: next() < 0.5 ? 'x' : 'reddit',
      author: { handle: `user${i % 5000}`, followers: Math.floor(next() * 50_000), verified: next() < 0.05 },
    });
  }
  return docs;
}

/** Each brand has a brand topic (aliases in four scripts) and a crisis topic that references it. */
export function makeTopics(count: number, seed: number): TopicDefinition[] {
  const next = seededRandom(seed);
  const topics: TopicDefinition[] = [];
  for (let i = 0; topics.length < count; i++) {
    const b = brand(i);
    const workspaceId = `w${i % workspaces}`;
    const name = `brand ${i}`;
    topics.push({
      id: `t${topics.length}`,
      workspaceId,
      brandId: `b${i}`,
      name,
      query: `(${b.en} OR "${b.en} air" OR #${b.en}fail OR ${b.he} OR ${b.ru}~ OR ${b.zh}) -job -вакансии -משרות`,
      active: true,
    });
    if (topics.length >= count) break;
    const lang = langs[Math.floor(next() * 4)] as Lang;
    const k = Math.floor(next() * 7);
    const kind = next();
    const query =
      kind < 0.4
        ? `topic:"${name}" AND (${crisis.en[k]} OR ${crisis.he[k]} OR ${crisis.ru[k]}* OR ${crisis.zh[k]})`
        : kind < 0.7
          ? `${b.en} NEAR/5 (${crisis.en[k]} OR ${crisis.en[(k + 1) % 7]}) OR "${b.ru} ${crisis.ru[k]}"~4`
          : kind < 0.85
            ? `topic:"${name}" followers:>10000 lang:${lang}`
            : `${b.zh} NEAR/4 ${crisis.zh[k]} OR ${b.he} ${crisis.he[k]}`;
    topics.push({
      id: `t${topics.length}`,
      workspaceId,
      brandId: `b${i}`,
      name: `crisis ${i}`,
      query,
      active: true,
    });
  }
  return topics;
}

/** Docs/s of one pass over the stream. */
function passRate(docs: unknown[], fn: (i: number) => void): number {
  const started = performance.now();
  for (let i = 0; i < docs.length; i++) fn(i);
  return (docs.length / (performance.now() - started)) * 1000;
}

/**
 * Alternates single passes of the floor and of the matcher, so both see the same machine load, and keeps
 * each one's best pass: on shared cores the best pass is the one least disturbed by other work.
 */
function bestRates(
  docs: unknown[],
  floor: (i: number) => void,
  match: (i: number) => void,
  budgetMs: number,
) {
  passRate(docs, floor);
  passRate(docs, match);
  let bestFloor = 0;
  let bestMatch = 0;
  const started = performance.now();
  for (let round = 0; round < 6 || performance.now() - started < budgetMs; round++) {
    bestFloor = Math.max(bestFloor, passRate(docs, floor));
    bestMatch = Math.max(bestMatch, passRate(docs, match));
    if (round > 200) break;
  }
  return { floor: bestFloor, match: bestMatch };
}

export const bench: Bench = async () => {
  const results: BenchResult[] = [];
  for (const [topicCount, target] of [
    [1_000, 100_000],
    [10_000, 50_000],
  ] as const) {
    const brands = topicCount / 2;
    const docs = makeStream(20_000, brands, 42);
    const matcher = new TopicMatcher(makeTopics(topicCount, 7));
    let matched = 0;
    for (const d of docs) if (matcher.match(d).topicIds.length) matched++;
    const { floor, match: speed } = bestRates(
      docs,
      (i) => new DocView(docs[i] as MatchDoc),
      (i) => matcher.match(docs[i] as MatchDoc & { workspaceId: string }),
      8_000,
    );
    results.push({
      name: `match @${topicCount.toLocaleString('en-US')} topics (${((matched / docs.length) * 100).toFixed(1)}% of posts match)`,
      value: speed,
      unit: 'docs/s',
      baseline: { name: 'tokenise only', value: floor },
      ratio: speed / floor,
      target: `>= ${target.toLocaleString('en-US')} docs/s`,
      met: speed >= target,
    });
  }
  return results;
};
