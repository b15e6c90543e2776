/**
 * The detection watch: every detector over the stored stream, per brand and per competitor topic, turned
 * into Signals with a combined severity, a suggested crisis type and the evidence people need (top
 * stories, top authors, terms, the last hour's chart).
 *
 * - Volume spike: SpikeWatch (5-minute buckets, per brand and per topic).
 * - Per brand and per competitor topic, at every mention: negative surge, emerging terms, coordinated.
 * - Per story (the enrichment stage's clusters), at every member: velocity + forecast, influencer,
 *   cross-platform spread — reported under each brand/competitor scope the member belongs to.
 *
 * A competitor topic (topic kind `competitor`) runs the same detectors; its signals are typed
 * `competitor_spike` with the detector in `evidence.detector`, so the alerts module keeps a competitor's
 * storm apart from our own, and its mentions never count as the brand's own volume.
 *
 * Pure and causal: time is the mentions' own (monotone per workspace); a mention more than `lateMs`
 * behind its workspace's newest is history (a backfill), counted but not scored.
 */
import { createHash } from 'node:crypto';
import type { Severity, Signal, SignalType, TopicKind } from '../domain/entities.ts';
import type { Mention } from '../domain/mention.ts';
import type { KnownAuthor } from '../enrich/reach.ts';
import {
  type DetectorSettings,
  effectiveSensitivity,
  sensitivityFactor,
} from '../modules/alerts/alerts.model.ts';
import { Coordinated, type CoordinatedOptions } from './coordinated.ts';
import { type CrossPlatformOptions, crossPlatformDefaults, crossPlatformOf } from './cross-platform.ts';
import {
  type CrisisLexicon,
  type CrisisLexiconData,
  compileLexicon,
  EmergingTerms,
  type EmergingTermsOptions,
  type EmergingTermsSnapshot,
  foldText,
  matchLexicon,
} from './emerging-terms.ts';
import { type Finding, problemCategories } from './finding.ts';
import { type InfluencerOptions, influencerDefaults, influencerOf } from './influencer.ts';
import { NegativeSurge, type NegativeSurgeOptions, type NegativeSurgeSnapshot } from './negative-surge.ts';
import { assessSeverity } from './severity.ts';
import { SpikeWatch, type SpikeWatchOptions, type SpikeWatchSnapshot } from './spike-watch.ts';
import { DecayingCount, MinuteRing } from './stats.ts';
import { followersOf, StoryBook, type StoryBookOptions, type StoryState } from './story-book.ts';
import { type VelocityOptions, velocityDefaults, velocityOf } from './velocity.ts';

export interface TopicInfo {
  kind: TopicKind;
  brandId: string | null;
  name?: string;
}

export interface DetectWatchOptions {
  spike: Partial<SpikeWatchOptions>;
  negativeSurge: Partial<NegativeSurgeOptions>;
  emergingTerms: Partial<EmergingTermsOptions>;
  coordinated: Partial<CoordinatedOptions>;
  velocity: Partial<VelocityOptions>;
  influencer: Partial<InfluencerOptions>;
  crossPlatform: Partial<CrossPlatformOptions>;
  stories: Partial<StoryBookOptions>;
  /** Kind and brand of a topic id (the live topics); without it every topic counts as the brand's own. */
  topicInfo?: (topicId: string) => TopicInfo | undefined;
  /** A listed journalist/influencer/ambassador (src/enrich/reach.ts). */
  knownAuthor?: (m: Mention) => KnownAuthor | undefined;
  /** The crisis words per language and category (src/detect/terms/crisis-terms.yaml, read by the consumer). */
  crisisTerms?: CrisisLexiconData;
  /** Per-brand detector settings (sensitivity, enabled, extra crisis terms); undefined = defaults. */
  settings?: (workspaceId: string, brandId: string) => DetectorSettings | undefined;
  /** Mentions further than this behind their workspace's newest are not scored. */
  lateMs: number;
  /** A finding resting on the sentiment model alone waits this long for evidence beyond the model … */
  agreeMs: number;
  /** … unless the scope had such evidence within this (a storm already under way). */
  followMs: number;
  /** Findings (and volume spikes) held per scope at most; the oldest go first. */
  maxHeld: number;
  /** Evidence sizes. */
  topStories: number;
  topAuthors: number;
}

export const detectWatchDefaults: DetectWatchOptions = {
  spike: {},
  negativeSurge: {},
  emergingTerms: {},
  coordinated: {},
  velocity: {},
  influencer: {},
  crossPlatform: {},
  stories: {},
  lateMs: 60 * 60_000,
  agreeMs: 30 * 60_000,
  followMs: 3 * 3_600_000,
  maxHeld: 20,
  topStories: 3,
  topAuthors: 5,
};

interface ScopeAuthor {
  handle: string;
  source: string;
  reach: number;
  negative: boolean;
  at: number;
}

interface Scope {
  key: string;
  workspaceId: string;
  brandId: string | null;
  /** Set for a competitor topic's scope. */
  competitor?: { topicId: string; name?: string };
  all: MinuteRing;
  neg: MinuteRing;
  /** Mentions per ms, decayed over a day, from minutes that left the hour window. */
  usual: DecayingCount;
  firstAt: number;
  surge: NegativeSurge;
  terms: EmergingTerms;
  coordinated: Coordinated;
  stories: Map<string, { n: number; at: number }>;
  authors: ScopeAuthor[];
  sources: Map<string, number>;
  /**
   * When the scope last reported a signal with evidence beyond the sentiment model (a storm is under
   * way), and the findings and volume spikes resting on the model alone that wait for such evidence.
   */
  lastSignalAt: number;
  held: { at: number; finding: Finding }[];
  heldSpikes: Signal[];
}

/**
 * Evidence beyond the sentiment model: a reported problem, crisis words, coordination, or a listed
 * author (a journalist, influencer or ambassador of the brand's own list) in the story — who speaks, not
 * how the model reads them.
 */
export function corroborated(f: Finding): boolean {
  if (f.problem !== undefined || f.crisisType !== undefined || f.hints?.coordinated === true) return true;
  return f.type === 'influencer' && typeof (f.evidence.author as { role?: unknown })?.role === 'string';
}

const USUAL_HALF_LIFE = 86_400_000;

/**
 * What a restart must not forget, per workspace: the learned baselines (volume history per brand and
 * topic, usual rate, negative share, crisis-word share, term rates, audiences) and the last hour's
 * counts. Stories, coordinated groups and held findings are minutes-to-hours state and start afresh.
 */
export interface WatchSnapshot {
  version: typeof watchSnapshotVersion;
  /** The workspace's stream time when saved. */
  at: number;
  spike?: SpikeWatchSnapshot;
  scopes: {
    brandId: string | null;
    competitor?: { topicId: string; name?: string };
    firstAt: number;
    all: { head: number; counts: number[] };
    neg: { head: number; counts: number[] };
    usual: [number, number] | null;
    surge: NegativeSurgeSnapshot;
    terms: EmergingTermsSnapshot;
    lastSignalAt: number | null;
  }[];
}

export const watchSnapshotVersion = 1;

/**
 * Negative for the detectors: the sentiment model sure enough (score ≤ −0.35), or a mention that reports a
 * problem or a complaint and leans negative. A weakly "negative" label alone is too often a model slip
 * on news or praise to build alerts on.
 */
export function isNegative(m: Mention): boolean {
  const s = m.sentiment;
  if (!s || s.score >= 0) return false;
  if (s.label === 'negative' && s.score <= -0.35) return true;
  return (m.categories ?? []).some((c) => c.id === 'complaint' || problemCategories.has(c.id));
}
const LN2 = Math.log(2);

export class DetectWatch {
  private readonly o: DetectWatchOptions;
  private readonly spikes: SpikeWatch;
  private readonly book: StoryBook;
  private readonly scopes = new Map<string, Scope>();
  private readonly now = new Map<string, number>();
  private readonly lexicon: CrisisLexicon;
  private readonly lexicons = new Map<string, { key: string; lex: CrisisLexicon }>();
  private readonly velocity: VelocityOptions;
  private readonly influencer: InfluencerOptions;
  private readonly crossPlatform: CrossPlatformOptions;

  constructor(options: Partial<DetectWatchOptions> = {}) {
    this.o = { ...detectWatchDefaults, ...options };
    this.spikes = new SpikeWatch(this.o.spike);
    this.book = new StoryBook(this.o.stories);
    this.lexicon = compileLexicon(this.o.crisisTerms ?? {});
    this.velocity = { ...velocityDefaults, ...this.o.velocity };
    this.influencer = { ...influencerDefaults, ...this.o.influencer };
    this.crossPlatform = { ...crossPlatformDefaults, ...this.o.crossPlatform };
  }

  get storyCount(): number {
    return this.book.size;
  }

  /** The workspaces the watch has state for. */
  workspaceIds(): string[] {
    return [...this.now.keys()];
  }

  /** The workspace's learned state, to be restored after a restart (see WatchSnapshot). */
  snapshot(workspaceId: string): WatchSnapshot | undefined {
    const at = this.now.get(workspaceId);
    if (at === undefined) return undefined;
    const scopes: WatchSnapshot['scopes'] = [];
    for (const sc of this.scopes.values()) {
      if (sc.workspaceId !== workspaceId) continue;
      scopes.push({
        brandId: sc.brandId,
        ...(sc.competitor ? { competitor: sc.competitor } : {}),
        firstAt: sc.firstAt,
        all: sc.all.snapshot(),
        neg: sc.neg.snapshot(),
        usual: sc.usual.snapshot(),
        surge: sc.surge.snapshot(),
        terms: sc.terms.snapshot(at),
        lastSignalAt: Number.isFinite(sc.lastSignalAt) ? sc.lastSignalAt : null,
      });
    }
    return { version: watchSnapshotVersion, at, spike: this.spikes.snapshot(workspaceId), scopes };
  }

  /**
   * Back to a snapshot, before the workspace's first mention of this run; a snapshot of another version,
   * or a workspace the watch has already seen, is ignored (the watch then learns afresh).
   */
  restore(workspaceId: string, snap: WatchSnapshot | undefined): boolean {
    if (!snap || snap.version !== watchSnapshotVersion || this.now.has(workspaceId)) return false;
    this.now.set(workspaceId, snap.at);
    this.spikes.restore(workspaceId, snap.spike);
    for (const x of snap.scopes) {
      const sc = this.scope(workspaceId, x.brandId, x.competitor, x.firstAt);
      sc.firstAt = x.firstAt;
      sc.all.restore(x.all);
      sc.neg.restore(x.neg);
      sc.usual.restore(x.usual);
      sc.surge.restore(x.surge);
      sc.terms.restore(x.terms);
      sc.lastSignalAt = x.lastSignalAt ?? Number.NEGATIVE_INFINITY;
    }
    return true;
  }

  observe(batch: Mention[]): Signal[] {
    const signals: Signal[] = [];
    const sorted = [...batch].sort((a, b) => a.createdAt - b.createdAt);
    // The volume watch sees each mention with only its own brands (a competitor's mention is not ours).
    const own = sorted.map((m) => this.ownView(m));
    for (const { view: m, competitors } of own) {
      // The bucket watch mention by mention, so that what it reports is known before the next mention.
      for (const s of this.spikes.observe([m])) {
        const sig = this.fromSpike(s);
        const scope = this.scopes.get(
          sig.type === 'competitor_spike'
            ? `${sig.workspaceId}\u0000c\u0000${sig.topicId}`
            : `${sig.workspaceId}\u0000b\u0000${sig.brandId}`,
        );
        if (!scope) {
          signals.push(sig);
          continue;
        }
        // A spike that claims trouble (severity 2 and up) when its mentions report no problem claims it
        // on the sentiment model's reading alone: it waits, like such a finding, for evidence beyond the
        // model (or a storm under way). A spike of news or praise says only "louder" (1) and passes.
        const problem = typeof sig.evidence.problem === 'string';
        const trouble = (sig.evidence.severity as number) >= 2;
        if (!problem && trouble && sig.createdAt - scope.lastSignalAt > this.o.followMs) {
          scope.heldSpikes.push(sig);
          if (scope.heldSpikes.length > this.o.maxHeld) scope.heldSpikes.shift();
          continue;
        }
        signals.push(sig);
        if (problem) scope.lastSignalAt = Math.max(scope.lastSignalAt, sig.createdAt);
      }
      if (typeof m.createdAt !== 'number' || !Number.isFinite(m.createdAt)) continue;
      const wsNow = Math.max(this.now.get(m.workspaceId) ?? m.createdAt, m.createdAt);
      this.now.set(m.workspaceId, wsNow);
      const late = m.createdAt < wsNow - this.o.lateMs;
      const t = wsNow;
      const scopes: Scope[] = [];
      for (const b of m.brandIds ?? []) scopes.push(this.scope(m.workspaceId, b, undefined, t));
      for (const c of competitors) scopes.push(this.scope(m.workspaceId, c.brandId, c, t));
      if (scopes.length === 0) continue;
      const negative = isNegative(m);
      const reportsProblem = (m.categories ?? []).some((c) => problemCategories.has(c.id));
      const known = this.o.knownAuthor?.(m);
      const story = this.book.add(m, t, negative, known?.role);
      const text = typeof m.text === 'string' ? m.text : '';
      // Handles and links are not terms (a retweeted handle would "burst" with every retweet).
      const folded = foldText(
        (typeof m.title === 'string' && m.title ? `${m.title}\n${text}` : text)
          .replace(/https?:\/\/\S+/g, ' ')
          .replace(/(^|\s)RT\s+@[\p{L}\p{N}_.]+:?/gu, ' ')
          .replace(/@[\p{L}\p{N}_.]+/gu, ' '),
      );
      for (const scope of scopes) {
        this.remember(scope, m, t, negative, story);
        if (late) continue;
        const settings = scope.brandId ? this.o.settings?.(m.workspaceId, scope.brandId) : undefined;
        const factor = (type: SignalType) => this.factor(settings, type, scope);
        const found: Finding[] = [];
        const fs = factor('negative_surge');
        const surge = scope.surge.observe(t, negative, fs ?? 1);
        if (surge && fs !== undefined) found.push(surge);
        const ft = factor('emerging_terms');
        const lexicon = matchLexicon(this.lexiconFor(settings, scope), folded);
        const terms = scope.terms.observe(
          t,
          {
            folded,
            author: `${m.source}:${m.author?.handle ?? m.externalId}`,
            negative,
            problem: reportsProblem,
            followers: followersOf(m),
            lexicon,
          },
          ft ?? 1,
        );
        if (terms && ft !== undefined) found.push(terms);
        const fc = factor('coordinated');
        const coordinated = scope.coordinated.observe(t, m, fc ?? 1);
        if (coordinated && fc !== undefined) {
          // How much of what the brand hears is the group: an army that is the storm, or a few bots
          // riding an organic one (the alerts module types the storm by it).
          const posts = coordinated.evidence.posts as number;
          coordinated.evidence.shareOfMentions =
            Math.round(Math.min(1, posts / Math.max(1, scope.all.sum(15))) * 100) / 100;
          found.push(coordinated);
        }
        if (story) {
          const fv = factor('velocity');
          const v = fv !== undefined ? velocityOf(story, t, this.velocity, fv) : undefined;
          if (v) found.push(v);
          const fi = factor('influencer');
          const i =
            fi !== undefined ? influencerOf(story, m, t, known?.role, this.influencer, fi) : undefined;
          if (i) found.push(i);
          const fx = factor('cross_platform');
          const x =
            fx !== undefined
              ? crossPlatformOf(story, t, scope.all.sum(60), this.crossPlatform, fx)
              : undefined;
          if (x) found.push(x);
        }
        const { findings, spikes } = this.corroborate(scope, found, t);
        for (const f of findings) signals.push(this.signal(scope, f, t));
        signals.push(...spikes);
      }
    }
    // In stream-time order: the bucket watch ran over the whole batch first, and the alerts module
    // must see a storm's signals in the order they were known.
    return signals.sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * A finding whose only evidence of trouble is the sentiment model (no reported problem, no crisis word,
   * no coordination, no listed author) is held until evidence beyond the model comes within `agreeMs`,
   * or the scope already has such a storm going (within `followMs`); so is a volume spike whose mentions
   * report no problem. Several such findings do not make each other true: a praise post the model reads
   * as negative sets off the term burst, the velocity, the spread and the negative share of one and the
   * same story (the calm weeks of the replayed scenarios: 6 false alerts in 6 dev brand-weeks, all of
   * them this), so their agreement is one misreading counted several times. Held findings are reported
   * when released, dated then; a storm that never shows more than the model's reading raises nothing.
   */
  private corroborate(scope: Scope, found: Finding[], t: number): { findings: Finding[]; spikes: Signal[] } {
    scope.held = scope.held.filter((h) => t - h.at <= this.o.agreeMs);
    if (found.length === 0) return { findings: found, spikes: [] };
    const live = t - scope.lastSignalAt <= this.o.followMs;
    const evident = found.some(corroborated);
    if (!live && !evident) {
      for (const f of found) scope.held.push({ at: t, finding: f });
      if (scope.held.length > this.o.maxHeld) scope.held.splice(0, scope.held.length - this.o.maxHeld);
      return { findings: [], spikes: [] };
    }
    // Findings held a moment ago join a storm that is now evident.
    const findings = [...found, ...scope.held.map((h) => h.finding)];
    const spikes = scope.heldSpikes
      .filter((s) => t - s.createdAt <= this.o.agreeMs)
      .map((s) => ({ ...s, createdAt: t }));
    scope.held = [];
    scope.heldSpikes = [];
    if (evident) scope.lastSignalAt = t;
    return { findings, spikes };
  }

  /** The mention as the brand's own stream sees it, and the competitor topics it matched. */
  private ownView(m: Mention): {
    view: Mention;
    competitors: { topicId: string; brandId: string | null; name?: string }[];
  } {
    const info = this.o.topicInfo;
    if (!info || !m.topicIds?.length) return { view: m, competitors: [] };
    const brands = new Set<string>();
    const competitors: { topicId: string; brandId: string | null; name?: string }[] = [];
    let knownAny = false;
    for (const id of m.topicIds) {
      const t = info(id);
      if (!t) continue;
      knownAny = true;
      if (t.kind === 'competitor') competitors.push({ topicId: id, brandId: t.brandId, name: t.name });
      else if (t.brandId) brands.add(t.brandId);
    }
    if (!knownAny) return { view: m, competitors };
    const brandIds = [...brands];
    const same =
      brandIds.length === (m.brandIds?.length ?? 0) && brandIds.every((b) => m.brandIds?.includes(b));
    return { view: same ? m : { ...m, brandIds }, competitors };
  }

  private factor(settings: DetectorSettings | undefined, type: SignalType, scope: Scope): number | undefined {
    if (!settings) return 1;
    if (scope.competitor && effectiveSensitivity(settings, 'competitor_spike') === 'off') return undefined;
    const s = effectiveSensitivity(settings, type);
    if (s === 'off') return undefined;
    const min = settings.detectors[type]?.minMentions;
    if (min !== undefined && scope.all.sum(15) < min) return undefined;
    return sensitivityFactor[s];
  }

  private lexiconFor(settings: DetectorSettings | undefined, scope: Scope): CrisisLexicon {
    const base = this.lexicon;
    const extra = settings?.crisisTerms;
    if (!extra || Object.keys(extra).length === 0 || !scope.brandId) return base;
    const key = JSON.stringify(extra);
    const cached = this.lexicons.get(scope.brandId);
    if (cached?.key === key) return cached.lex;
    // Brand terms have no category of their own: they are the brand's crisis words, filed as "brand_terms".
    const lex = compileLexicon(
      this.o.crisisTerms ?? {},
      Object.fromEntries(Object.entries(extra).map(([lang, terms]) => [lang, { brand_terms: terms }])),
    );
    this.lexicons.set(scope.brandId, { key, lex });
    return lex;
  }

  private scope(
    workspaceId: string,
    brandId: string | null,
    competitor: { topicId: string; name?: string } | undefined,
    t: number,
  ): Scope {
    const key = competitor
      ? `${workspaceId}\u0000c\u0000${competitor.topicId}`
      : `${workspaceId}\u0000b\u0000${brandId}`;
    let s = this.scopes.get(key);
    if (!s) {
      const usual = new DecayingCount(USUAL_HALF_LIFE);
      s = {
        key,
        workspaceId,
        brandId,
        ...(competitor ? { competitor: { topicId: competitor.topicId, name: competitor.name } } : {}),
        all: new MinuteRing(60, (minute, c) => usual.add(minute * 60_000, c)),
        neg: new MinuteRing(60),
        usual,
        firstAt: t,
        surge: new NegativeSurge(this.o.negativeSurge),
        terms: new EmergingTerms(this.o.emergingTerms),
        coordinated: new Coordinated(this.o.coordinated),
        stories: new Map(),
        authors: [],
        sources: new Map(),
        lastSignalAt: Number.NEGATIVE_INFINITY,
        held: [],
        heldSpikes: [],
      };
      this.scopes.set(key, s);
    }
    return s;
  }

  /** Keeps the scope's context: the hour chart, its top stories, authors and sources. */
  private remember(s: Scope, m: Mention, t: number, negative: boolean, story: StoryState | undefined): void {
    s.all.add(t);
    s.neg.advance(t);
    if (negative) s.neg.add(t);
    const hour = t - 3_600_000;
    s.sources.set(m.source, t);
    if (s.sources.size > 32) for (const [k, at] of s.sources) if (at < hour) s.sources.delete(k);
    if (story) {
      const e = s.stories.get(story.storyId);
      s.stories.set(story.storyId, { n: (e && e.at >= hour ? e.n : 0) + 1, at: t });
      if (s.stories.size > 200)
        for (const [k, v] of s.stories) if (v.at < hour || s.stories.size > 150) s.stories.delete(k);
    }
    const reach = m.reach ?? m.author?.followers ?? 0;
    const handle = m.author?.handle;
    if (handle) {
      s.authors = s.authors.filter((a) => a.at >= hour && a.handle !== handle);
      if (s.authors.length < this.o.topAuthors || reach > s.authors.at(-1)!.reach) {
        s.authors.push({ handle, source: m.source, reach, negative, at: t });
        s.authors.sort((a, b) => b.reach - a.reach);
        s.authors.length = Math.min(s.authors.length, this.o.topAuthors);
      }
    }
  }

  /** Usual mentions per 15 minutes (decayed daily rate; until a day has passed, the rate so far). */
  private usual15(s: Scope, t: number): number {
    const perMs = (s.usual.value(t) * LN2) / USUAL_HALF_LIFE;
    const age = Math.max(3_600_000, t - s.firstAt - 3_600_000);
    const warm = perMs / Math.max(1e-9, 1 - 2 ** (-age / USUAL_HALF_LIFE));
    return warm * 15 * 60_000;
  }

  private context(s: Scope, t: number) {
    const recent = s.all.sum(15);
    const usual = this.usual15(s, t);
    let spread = 0;
    const stories = [...s.stories]
      .filter(([, v]) => v.at >= t - 3_600_000)
      .sort((a, b) => b[1].n - a[1].n)
      .slice(0, this.o.topStories)
      .map(([id, v]) => {
        const st = this.book.get(s.workspaceId, id);
        if (!st) return { storyId: id, lastHour: v.n };
        // Spread counts for a negative story of the last hours only (a brand is on every platform anyway).
        if (StoryBook.negativeShare(st) >= 0.3 && t - st.firstAt <= this.crossPlatform.maxAgeMs)
          spread = Math.max(spread, StoryBook.recentSources(st, t, this.crossPlatform.windowMs).size);
        return { ...StoryBook.summary(st), lastHour: v.n };
      });
    return {
      volumeRatio: (recent + 1) / (usual + 1),
      recent,
      usual: Math.round(usual * 10) / 10,
      negativeShare: recent ? s.neg.sum(15) / recent : 0,
      baselineNegativeShare: s.surge.baselineShare(t),
      stories,
      spread,
      sources: [...s.sources].filter(([, at]) => at >= t - 3_600_000).map(([k]) => k),
      chart: {
        minutes: 60,
        end: (Math.floor(t / 60_000) + 1) * 60_000,
        mentions: s.all.series(),
        negative: s.neg.series(),
      },
    };
  }

  private signal(s: Scope, f: Finding, t: number): Signal {
    const ctx = this.context(s, t);
    const negativeShare = f.hints?.negativeShare ?? ctx.negativeShare;
    const { severity, reasons } = assessSeverity({
      type: f.type,
      volumeRatio: ctx.volumeRatio,
      negativeShare,
      baselineNegativeShare: ctx.baselineNegativeShare,
      reach:
        f.hints?.reach === true ||
        s.authors.some((a) => a.negative && a.reach >= this.influencer.minFollowers),
      spread: Math.max(f.hints?.spread ?? 0, ctx.spread),
      problem: f.problem,
      coordinated: f.hints?.coordinated === true,
    });
    return this.build(s, f.type, f.key, f.score, f.windowStart, f.windowEnd, t, {
      severity,
      severityReasons: reasons,
      ...(f.crisisType ? { crisisType: f.crisisType } : {}),
      ...(f.problem ? { problem: f.problem } : {}),
      ...f.evidence,
      context: {
        mentions15m: ctx.recent,
        usual15m: ctx.usual,
        negativeShare15m: Math.round(ctx.negativeShare * 100) / 100,
        baselineNegativeShare: Math.round(ctx.baselineNegativeShare * 100) / 100,
        topStories: ctx.stories,
        topAuthors: s.authors.map(({ at: _at, ...a }) => a),
        sources: ctx.sources,
        chart: ctx.chart,
      },
    });
  }

  private build(
    s: Scope,
    type: SignalType,
    key: string,
    score: number,
    windowStart: number,
    windowEnd: number,
    t: number,
    evidence: Record<string, unknown>,
  ): Signal {
    const final: SignalType = s.competitor ? 'competitor_spike' : type;
    const id = createHash('sha1')
      .update(
        `${s.workspaceId}|${s.brandId}|${s.competitor?.topicId ?? ''}|${type}|${key}|${Math.floor(windowEnd / 60_000)}`,
      )
      .digest('hex')
      .slice(0, 24);
    return {
      id: `sig_${id}`,
      workspaceId: s.workspaceId,
      brandId: s.brandId,
      topicId: s.competitor?.topicId ?? null,
      type: final,
      windowStart,
      windowEnd,
      score,
      evidence: s.competitor
        ? {
            detector: type,
            competitor: { topicId: s.competitor.topicId, name: s.competitor.name ?? null },
            ...evidence,
          }
        : evidence,
      createdAt: t,
    };
  }

  /** A volume spike from the bucket watch, with the combined severity and, for competitors, its label. */
  private fromSpike(sig: Signal): Signal {
    const info = sig.topicId ? this.o.topicInfo?.(sig.topicId) : undefined;
    const brandScope = sig.brandId
      ? this.scopes.get(`${sig.workspaceId}\u0000b\u0000${sig.brandId}`)
      : undefined;
    const e = sig.evidence as {
      severity?: Severity;
      negativeShare?: number;
      problem?: string;
      observed?: number;
      expected?: number;
    };
    const baseline = brandScope?.surge.baselineShare(sig.windowEnd) ?? 0.25;
    const { severity, reasons } = assessSeverity({
      type: 'volume_spike',
      volumeRatio: ((e.observed ?? 0) + 1) / ((e.expected ?? 0) + 1),
      negativeShare: e.negativeShare ?? 0,
      baselineNegativeShare: baseline,
      reach: false,
      spread: 0,
      problem: e.problem,
      coordinated: false,
    });
    // The bucket watch's own level already weighs its bucket; the combined one can only lower a storm of
    // praise (to 1) or raise it.
    const level = (severity === 1 ? 1 : Math.max(severity, e.severity ?? 2)) as Severity;
    const evidence = { ...sig.evidence, severity: level, severityReasons: reasons };
    if (info?.kind === 'competitor')
      return {
        ...sig,
        type: 'competitor_spike',
        brandId: info.brandId,
        evidence: {
          detector: 'volume_spike',
          competitor: { topicId: sig.topicId, name: info.name ?? null },
          ...evidence,
        },
      };
    return { ...sig, evidence };
  }
}
