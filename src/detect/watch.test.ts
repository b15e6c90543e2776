/**
 * The watch end to end on hand-built streams: story detectors (velocity with its forecast, influencer,
 * cross-platform), competitor labelling, severity and evidence. Sentiment and categories are given, so
 * these tests check the detectors, not the models (test/detect/demo-crisis-alert.test.ts runs the models).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Signal } from '../domain/entities.ts';
import type { Mention } from '../domain/mention.ts';
import { loadCrisisTerms } from '../pipeline/consumers/detect.ts';
import { complaint, dataBreach, mention, negative, positive } from './test-mentions.ts';
import { DetectWatch, type TopicInfo } from './watch.ts';

const MIN = 60_000;
const t0 = Date.UTC(2026, 8, 7);
const topics: Record<string, TopicInfo> = {
  t_brand: { kind: 'brand', brandId: 'b1', name: 'Kestrel Bank' },
  t_comp: { kind: 'competitor', brandId: 'b1', name: 'Globex' },
};

function watch() {
  return new DetectWatch({
    topicInfo: (id) => topics[id],
    knownAuthor: (m) =>
      m.author?.handle === 'dana_reports' ? { handle: 'dana_reports', role: 'journalist' } : undefined,
    crisisTerms: loadCrisisTerms(),
  });
}

/** A day of calm brand talk, one mention every 2 minutes, on three platforms. */
function calm(w: DetectWatch, from: number, to: number, texts: string[]): Signal[] {
  const out: Signal[] = [];
  for (let t = from, i = 0; t < to; t += 2 * MIN, i++)
    out.push(
      ...w.observe([
        mention({
          createdAt: t,
          text: texts[i % texts.length]!,
          source: ['x', 'facebook', 'vk'][i % 3]!,
          sentiment: i % 4 === 0 ? { label: 'negative', score: -0.5 } : { label: 'neutral', score: 0 },
          categories: i % 4 === 0 ? complaint : [],
          storyId: `calm${i}`,
        }),
      ]),
    );
  return out;
}

const calmTexts = [
  'Kestrel Bank app update looks nice',
  'בנק קסטרל פותח סניף חדש בחיפה',
  'Кестрел Банк запускает зимнюю распродажу',
  '凯斯特银行发布季度财报',
  'Kestrel Bank kept me on hold again',
];

/** A story growing from one post: n members over `minutes`, on `sources`, negative and about a breach. */
function story(
  from: number,
  n: number,
  minutes: number,
  opts: Partial<Mention> & { sources?: string[]; id: string },
): Mention[] {
  return Array.from({ length: n }, (_, i) =>
    mention({
      createdAt: from + Math.floor((i / n) ** 0.5 * minutes * MIN),
      text:
        i % 2
          ? 'RT @maya: Kestrel Bank leaked the card numbers of its customers #KestrelLeak'
          : 'בנק קסטרל הדליפו את מספרי כרטיסי האשראי של הלקוחות',
      source:
        opts.sources?.[Math.min(opts.sources.length - 1, Math.floor((i / n) * opts.sources.length))] ?? 'x',
      sentiment: negative,
      categories: dataBreach,
      storyId: opts.id,
      ...opts,
    }),
  );
}

describe('detection watch', () => {
  it('stays quiet on a calm day, then reports a fast negative story with a forecast, its spread and severity', () => {
    const w = watch();
    const day = 24 * 60 * MIN;
    assert.deepEqual(
      calm(w, t0, t0 + day, calmTexts).filter(
        (s) => s.type !== 'volume_spike' || (s.evidence.severity as number) > 1,
      ),
      [],
    );
    const onset = t0 + day + 5 * MIN;
    const members = story(onset, 60, 20, { id: 'st_leak', sources: ['x', 'x', 'reddit', 'facebook'] });
    const signals: Signal[] = [];
    for (const m of members) signals.push(...w.observe([m]));
    const types = new Set(signals.map((s) => s.type));
    for (const t of ['velocity', 'cross_platform', 'emerging_terms'] as const)
      assert.ok(types.has(t), `${t} in ${[...types]}`);
    const velocity = signals.find((s) => s.type === 'velocity')!;
    const f = velocity.evidence.forecast as { in1h: number; in6h: number; in24h: number; now: number };
    assert.ok(f.in1h >= f.now && f.in24h >= f.in6h && f.in6h >= f.in1h, JSON.stringify(f));
    assert.ok(
      velocity.createdAt - onset <= 10 * MIN,
      `velocity after ${(velocity.createdAt - onset) / MIN} min`,
    );
    const cross = signals.filter((s) => s.type === 'cross_platform').map((s) => s.evidence.sourceTypes);
    assert.deepEqual(cross, [2, 3], 'the second and the third source type, once each');
    const worst = Math.max(...signals.map((s) => s.evidence.severity as number));
    assert.equal(worst, 4, 'a fast, negative, multi-platform data breach is critical');
    assert.ok(
      signals.every((s) => s.evidence.crisisType === undefined || s.evidence.crisisType === 'external_force'),
    );
    const ctx = velocity.evidence.context as {
      chart: { mentions: number[] };
      topStories: { storyId: string }[];
    };
    assert.equal(ctx.chart.mentions.length, 60);
    assert.equal(ctx.topStories[0]!.storyId, 'st_leak');
    // Three members are not a story to report.
    const w2 = watch();
    calm(w2, t0, t0 + day, calmTexts);
    const few = story(onset, 3, 5, { id: 'st_small' }).flatMap((m) => w2.observe([m]));
    assert.deepEqual(
      few.filter((s) => s.type === 'velocity' || s.type === 'cross_platform'),
      [],
    );
  });

  it('reports a listed journalist or a big account joining a negative story, and not a praise story', () => {
    const w = watch();
    calm(w, t0, t0 + 6 * 60 * MIN, calmTexts);
    const at = t0 + 6 * 60 * MIN;
    for (const m of story(at, 5, 10, { id: 'st_neg' })) w.observe([m]);
    const joined = w.observe([
      mention({
        createdAt: at + 11 * MIN,
        text: 'Kestrel Bank customers report leaked card numbers. I asked the bank for comment.',
        author: { handle: 'dana_reports', followers: 4_000 },
        sentiment: negative,
        categories: dataBreach,
        storyId: 'st_neg',
      }),
    ]);
    const infl = joined.find((s) => s.type === 'influencer');
    assert.ok(infl, 'journalist joined');
    assert.equal((infl.evidence.author as { role: string }).role, 'journalist');
    // A 200k-follower account in a praise story is no alarm.
    for (let i = 0; i < 5; i++)
      w.observe([
        mention({
          createdAt: at + (20 + i) * MIN,
          text: 'Kestrel Bank staff returned a lost teddy bear ❤️',
          sentiment: positive,
          storyId: 'st_praise',
        }),
      ]);
    const star = w.observe([
      mention({
        createdAt: at + 26 * MIN,
        text: 'So wholesome, Kestrel Bank ❤️',
        author: { handle: 'celebrity', followers: 200_000, verified: true },
        sentiment: positive,
        storyId: 'st_praise',
      }),
    ]);
    assert.equal(star.filter((s) => s.type === 'influencer').length, 0);
  });

  it('labels a competitor topic storm competitor_spike and keeps it out of the brand own stream', () => {
    const w = watch();
    const day = 24 * 60 * MIN;
    calm(w, t0, t0 + day, calmTexts);
    const onset = t0 + day + 5 * MIN;
    const comp = story(onset, 60, 20, {
      id: 'st_globex',
      sources: ['x', 'reddit', 'facebook'],
      topicIds: ['t_comp'],
      brandIds: ['b1'],
      text: 'Globex Airways leaked the passport numbers of its passengers #GlobexLeak',
    });
    const signals = comp.flatMap((m) => w.observe([m]));
    assert.ok(signals.length > 0);
    for (const s of signals) {
      assert.equal(s.type, 'competitor_spike', `${s.type} (${s.evidence.detector})`);
      assert.equal(s.brandId, 'b1');
      assert.equal(s.topicId, 't_comp');
      assert.equal((s.evidence.competitor as { name: string }).name, 'Globex');
    }
    assert.ok(new Set(signals.map((s) => s.evidence.detector)).has('velocity'));
  });

  it('holds findings that rest on the sentiment model alone, however many agree, until evidence beyond it', () => {
    const w = watch();
    calm(w, t0, t0 + 24 * 60 * MIN, calmTexts);
    const at = t0 + 24 * 60 * MIN + MIN;
    // Praise the model misreads as negative: a new hashtag from six people, no crisis word, no problem.
    const burst = (tag: string, from: number, who: string) =>
      Array.from({ length: 6 }, (_, i) =>
        mention({
          createdAt: from + i * 2 * MIN,
          text: `Kestrel Bank staff returned a lost teddy bear ${tag}`,
          author: { handle: `${who}${i}`, followers: 300 },
          sentiment: negative,
          storyId: `${who}${i}`,
        }),
      ).flatMap((m) => w.observe([m]));
    assert.deepEqual(burst('#TeddyBear', at, 'fan'), [], 'one uncorroborated finding: held');
    assert.deepEqual(burst('#KindStaff', at + 16 * MIN, 'other'), [], 'a second one does not make it true');
    // A crisis word from three people: evidence of its own, and the held findings join its storm.
    const released = Array.from({ length: 4 }, (_, i) =>
      mention({
        createdAt: at + (28 + i) * MIN,
        text: 'Kestrel Bank leaked my card numbers #KestrelLeak',
        author: { handle: `victim${i}`, followers: 300 },
        sentiment: negative,
        categories: dataBreach,
        storyId: `leak${i}`,
      }),
    ).flatMap((m) => w.observe([m]));
    const terms = released.filter((s) => s.type === 'emerging_terms');
    const words = terms.find((s) => s.evidence.crisisTerms !== undefined);
    assert.ok(words, 'the crisis words');
    const held = terms.filter((s) =>
      (s.evidence.bursting as { term: string }[]).some(
        (b) => b.term === '#teddybear' || b.term === '#kindstaff',
      ),
    );
    assert.equal(held.length, 2, 'both held bursts are reported');
    assert.ok(
      held.every((s) => s.createdAt === words.createdAt),
      'dated when released',
    );
  });

  it('raises nothing for a praise story the model reads as negative, spreading fast on three platforms', () => {
    const w = watch();
    const day = 24 * 60 * MIN;
    calm(w, t0, t0 + day, calmTexts);
    const onset = t0 + day + 5 * MIN;
    // One post, its reposts and reactions: velocity, spread, term bursts and a negative share, all of
    // them the model's misreading of one story (the calm weeks of the replayed scenarios).
    const members = Array.from({ length: 80 }, (_, i) =>
      mention({
        createdAt: onset + Math.floor((i / 80) ** 0.5 * 30 * MIN),
        text:
          i % 2
            ? 'RT @maya: Faith in humanity restored. Kestrel Bank staff drove 2 hours to return a lost teddy bear'
            : 'Faith in humanity restored. Kestrel Bank staff drove 2 hours to return a lost teddy bear',
        source: ['x', 'x', 'reddit', 'facebook'][Math.floor((i / 80) * 4)]!,
        author: { handle: `fan${i}`, followers: 300 },
        sentiment: negative,
        storyId: 'st_praise',
      }),
    );
    const signals = members.flatMap((m) => w.observe([m]));
    assert.deepEqual(
      signals.map((s) => `${s.type} S${s.evidence.severity}`),
      [],
    );
    // The same story with a listed journalist asking the brand for comment: who speaks is evidence.
    const asked = w.observe([
      mention({
        createdAt: onset + 31 * MIN,
        text: 'Kestrel Bank staff drove 2 hours to return a lost teddy bear. I asked the bank for comment.',
        author: { handle: 'dana_reports', followers: 4_000 },
        sentiment: negative,
        storyId: 'st_praise',
      }),
    ]);
    assert.ok(
      asked.some((s) => s.type === 'influencer'),
      asked.map((s) => s.type).join(),
    );
  });

  it('flags a bot campaign as coordinated, a disinformation attack', () => {
    const w = watch();
    calm(w, t0, t0 + 6 * 60 * MIN, calmTexts);
    const at = t0 + 6 * 60 * MIN;
    const signals = Array.from({ length: 20 }, (_, i) =>
      mention({
        createdAt: at + i * 30_000,
        text: 'URGENT: Кестрел Банк банкротится, забирайте деньги #KestrelScam #KestrelCollapse',
        author: { handle: `bot${i}`, followers: 3 },
        storyId: 'st_bots',
        sentiment: negative,
      }),
    ).flatMap((m) => w.observe([m]));
    const c = signals.find((s) => s.type === 'coordinated');
    assert.ok(c);
    assert.equal(c.evidence.crisisType, 'disinformation_attack');
    assert.ok((c.evidence.severity as number) >= 2);
  });

  it('keeps its learned baselines through a snapshot: a restored watch sees what the original sees', () => {
    const day = 24 * 60 * MIN;
    const original = watch();
    calm(original, t0, t0 + 2 * day, calmTexts);
    // Saved as JSON (as the state store does) and restored into a new watch, before its first mention.
    const snap = JSON.parse(JSON.stringify(original.snapshot('w1')));
    const restored = watch();
    assert.equal(restored.restore('w1', snap), true);
    assert.equal(restored.restore('w1', snap), false, 'once, before the first mention');
    const fresh = watch();
    // A burst of ordinary talk, ten times the usual volume: news only against a known baseline.
    const burst = (w: DetectWatch) =>
      [
        ...Array.from({ length: 50 }, (_, i) =>
          mention({
            createdAt: t0 + 2 * day + 5 * MIN + i * 6_000,
            text: 'Kestrel Bank announces a new savings account',
            storyId: `news${i % 7}`,
          }),
        ),
        // The next bucket's first mention closes the burst's bucket.
        mention({ createdAt: t0 + 2 * day + 11 * MIN, text: calmTexts[0]!, storyId: 'calm_next' }),
      ].flatMap((m) => w.observe([m, mention({ ...m, externalId: `${m.externalId}b` })]).map((s) => s.type));
    const seen = burst(original);
    assert.ok(seen.includes('volume_spike'), `the original watch: ${seen}`);
    assert.deepEqual(burst(restored), seen, 'the restored watch reports the same');
    assert.deepEqual(burst(fresh), [], 'a watch that forgot has no baseline to compare with');
    // Nothing is lost in the round trip: the restored watch saves the same state it was given.
    const again = watch();
    again.restore('w1', snap);
    assert.deepEqual(JSON.parse(JSON.stringify(again.snapshot('w1'))), snap);
  });
});
