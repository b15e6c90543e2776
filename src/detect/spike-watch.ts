/**
 * Watches each brand's and each topic's stream of stored mentions in 5-minute buckets with a VolumeSpikeDetector and
 * turns a spike into a Signal with its evidence (top mentions by reach, sources, negative share).
 * Pure: time is the mentions' own, so a replay at any speed sees what a live stream would.
 * Buckets close when a later mention of the same workspace arrives (any scope: a quiet crisis-terms topic's
 * bucket is scored when the brand's next mention shows the bucket is over, not at its own next mention);
 * the signal is dated when it is known (that mention's time), not at the bucket's end. A late mention
 * counts in the open bucket.
 */
import { createHash } from 'node:crypto';
import type { Severity, Signal } from '../domain/entities.ts';
import type { Mention } from '../domain/mention.ts';
import { byCause, crisisTypeOfCategory, graveCategories } from './finding.ts';
import { VolumeSpikeDetector, type VolumeSpikeOptions, volumeSpikeDefaults } from './volume-spike.ts';

export interface SpikeWatchOptions {
  /** Score from which a spike becomes a signal (the detector's scores are in [0, 1)). */
  threshold: number;
  detector: Partial<VolumeSpikeOptions>;
  /** Evidence kept per bucket. */
  topMentions: number;
}

export const spikeWatchDefaults: SpikeWatchOptions = { threshold: 0.75, detector: {}, topMentions: 5 };

interface Evidence {
  source: string;
  id: string;
  text: string;
  author: string | null;
  reach: number;
}

interface ScopeState {
  workspaceId: string;
  brandId: string | null;
  topicId: string | null;
  detector: VolumeSpikeDetector;
  /** The closed buckets' counts, a ring of `historyBuckets` (kept so a restart can rebuild the detector). */
  history: Uint32Array;
  historyLen: number;
  bucket: number;
  count: number;
  negative: number;
  sources: Map<string, number>;
  categories: Map<string, number>;
  top: Evidence[];
}

/** One scope's state across a restart: its open bucket and the counts of its closed ones, oldest first. */
export interface SpikeScopeSnapshot {
  brandId: string | null;
  topicId: string | null;
  bucket: number;
  count: number;
  negative: number;
  history: number[];
}

export interface SpikeWatchSnapshot {
  watchedSince: number;
  bucket: number;
  scopes: SpikeScopeSnapshot[];
}

export class SpikeWatch {
  private readonly o: SpikeWatchOptions;
  private readonly bucketMs: number;
  private readonly scopes = new Map<string, ScopeState>();
  /** The first bucket seen per workspace: a scope born later has been watched, silently, since then. */
  private readonly watchedSince = new Map<string, number>();
  /** Per workspace: its newest bucket and its scopes (closed together when the workspace moves on). */
  private readonly workspaces = new Map<string, { bucket: number; scopes: ScopeState[] }>();
  /** Restored scopes not rebuilt yet: a workspace's are rebuilt at its first mention after the restart. */
  private readonly pending = new Map<string, SpikeScopeSnapshot[]>();
  private readonly historyBuckets: number;

  constructor(options: Partial<SpikeWatchOptions> = {}) {
    this.o = { ...spikeWatchDefaults, ...options };
    this.bucketMs = this.o.detector.bucketMs ?? volumeSpikeDefaults.bucketMs;
    // The detector's season (7 days) and a day: enough to rebuild its expectation and a week of records.
    const days = (this.o.detector.seasonDays ?? volumeSpikeDefaults.seasonDays) + 1;
    this.historyBuckets = Math.round((days * 86_400_000) / this.bucketMs);
  }

  /** The workspace's volume state (kept across restarts): per scope, the open bucket and the history. */
  snapshot(workspaceId: string): SpikeWatchSnapshot | undefined {
    const ws = this.workspaces.get(workspaceId);
    const since = this.watchedSince.get(workspaceId);
    if (!ws || since === undefined) return undefined;
    const scopes: SpikeScopeSnapshot[] = ws.scopes.map((st) => {
      const history: number[] = [];
      const start = st.historyLen - Math.min(st.historyLen, this.historyBuckets);
      for (let i = start; i < st.historyLen; i++) history.push(st.history[i % this.historyBuckets]!);
      return {
        brandId: st.brandId,
        topicId: st.topicId,
        bucket: st.bucket,
        count: st.count,
        negative: st.negative,
        history,
      };
    });
    // Scopes restored but not rebuilt yet are kept as they were.
    scopes.push(...(this.pending.get(workspaceId) ?? []));
    return { watchedSince: since, bucket: ws.bucket, scopes };
  }

  /** Back to a snapshot (before the workspace's first mention): its scopes are rebuilt lazily. */
  restore(workspaceId: string, s: SpikeWatchSnapshot | undefined): void {
    if (!s || this.workspaces.has(workspaceId)) return;
    this.watchedSince.set(workspaceId, s.watchedSince);
    this.workspaces.set(workspaceId, { bucket: s.bucket, scopes: [] });
    this.pending.set(workspaceId, s.scopes);
  }

  /** Rebuilds a workspace's restored scopes: their detectors are fed the saved bucket history. */
  private rebuild(workspaceId: string): void {
    const saved = this.pending.get(workspaceId);
    if (!saved) return;
    this.pending.delete(workspaceId);
    for (const sc of saved) {
      const key = `${workspaceId}\u0000${sc.brandId}\u0000${sc.topicId}`;
      if (this.scopes.has(key)) continue;
      const state = this.newState(workspaceId, sc.brandId, sc.topicId, sc.bucket);
      const first = sc.bucket - sc.history.length;
      for (let i = 0; i < sc.history.length; i++)
        this.feed(state, (first + i) * this.bucketMs, sc.history[i]!);
      state.count = sc.count;
      state.negative = sc.negative;
      this.scopes.set(key, state);
      this.workspaces.get(workspaceId)?.scopes.push(state);
    }
  }

  private newState(
    workspaceId: string,
    brandId: string | null,
    topicId: string | null,
    bucket: number,
  ): ScopeState {
    return {
      workspaceId,
      brandId,
      topicId,
      detector: new VolumeSpikeDetector(this.o.detector),
      history: new Uint32Array(this.historyBuckets),
      historyLen: 0,
      bucket,
      count: 0,
      negative: 0,
      sources: new Map(),
      categories: new Map(),
      top: [],
    };
  }

  /** One closed bucket into the detector and the history. */
  private feed(state: ScopeState, t: number, count: number) {
    state.history[state.historyLen++ % this.historyBuckets] = Math.min(count, 0xffffffff);
    return state.detector.update(t, count);
  }

  observe(batch: Mention[]): Signal[] {
    const signals: Signal[] = [];
    const sorted = batch.length > 1 ? [...batch].sort((a, b) => a.createdAt - b.createdAt) : batch;
    for (const m of sorted) {
      this.closeWorkspace(m.workspaceId, m.createdAt, signals);
      // Each brand, and each topic (a crisis-terms topic has a near-zero baseline: its first burst shows).
      const scopes = [
        ...(m.brandIds ?? []).map((id) => ({ brandId: id, topicId: null })),
        ...(m.topicIds ?? []).map((id) => ({ brandId: m.brandIds?.[0] ?? null, topicId: id })),
      ];
      for (const { brandId, topicId } of scopes) {
        const state = this.scope(m.workspaceId, brandId, topicId, m.createdAt);
        const bucket = Math.floor(m.createdAt / this.bucketMs);
        if (bucket > state.bucket) this.advance(state, bucket, signals, m.createdAt);
        state.count++;
        if (m.sentiment?.label === 'negative') state.negative++;
        state.sources.set(m.source, (state.sources.get(m.source) ?? 0) + 1);
        for (const c of m.categories ?? []) state.categories.set(c.id, (state.categories.get(c.id) ?? 0) + 1);
        this.keepEvidence(state, m);
      }
    }
    return signals;
  }

  /** A mention in a later bucket closes the open bucket of every scope of its workspace. */
  private closeWorkspace(workspaceId: string, t: number, signals: Signal[]): void {
    if (this.pending.size) this.rebuild(workspaceId);
    const bucket = Math.floor(t / this.bucketMs);
    const ws = this.workspaces.get(workspaceId);
    if (!ws) {
      this.workspaces.set(workspaceId, { bucket, scopes: [] });
      return;
    }
    if (bucket <= ws.bucket) return;
    ws.bucket = bucket;
    for (const state of ws.scopes) if (bucket > state.bucket) this.advance(state, bucket, signals, t);
  }

  private scope(workspaceId: string, brandId: string | null, topicId: string | null, t: number): ScopeState {
    const key = `${workspaceId}\u0000${brandId}\u0000${topicId}`;
    let state = this.scopes.get(key);
    const bucket = Math.floor(t / this.bucketMs);
    if (!this.watchedSince.has(workspaceId)) this.watchedSince.set(workspaceId, bucket);
    if (!state) {
      state = this.newState(workspaceId, brandId, topicId, bucket);
      this.scopes.set(key, state);
      this.workspaces.get(workspaceId)?.scopes.push(state);
      // Zeros since the workspace was first watched (at most a week): a new crisis term has a baseline of 0.
      const since = Math.max(
        this.watchedSince.get(workspaceId)!,
        bucket - 7 * Math.round(86_400_000 / this.bucketMs),
      );
      for (let b = since; b < bucket; b++) this.feed(state, b * this.bucketMs, 0);
    }
    return state;
  }

  /** Closes the open bucket (and the empty ones after it) and scores it. */
  private advance(state: ScopeState, bucket: number, signals: Signal[], knownAt: number): void {
    const closedStart = state.bucket * this.bucketMs;
    const result = this.feed(state, closedStart, state.count);
    if (result.score >= this.o.threshold)
      signals.push(this.signal(state, closedStart, result.score, result.expected, knownAt));
    // Quiet buckets count as zeros; after more than a day of silence, counting every one is pointless.
    const gap = Math.min(bucket - state.bucket - 1, Math.round(86_400_000 / this.bucketMs));
    for (let i = 1; i <= gap; i++) this.feed(state, closedStart + i * this.bucketMs, 0);
    state.bucket = bucket;
    state.count = 0;
    state.negative = 0;
    state.sources = new Map();
    state.categories = new Map();
    state.top = [];
  }

  private keepEvidence(state: ScopeState, m: Mention): void {
    const reach = m.reach ?? m.author?.followers ?? 0;
    if (state.top.length >= this.o.topMentions && reach <= state.top.at(-1)!.reach) return;
    state.top.push({
      source: m.source,
      id: m.externalId,
      text: m.text.slice(0, 280),
      author: m.author?.handle ?? null,
      reach,
    });
    state.top.sort((a, b) => b.reach - a.reach);
    state.top.length = Math.min(state.top.length, this.o.topMentions);
  }

  private signal(state: ScopeState, start: number, score: number, expected: number, knownAt: number): Signal {
    const negativeShare = state.count ? state.negative / state.count : 0;
    const ratio = (state.count + 1) / (expected + 1);
    // The problem the bucket reports (complaint/question/praise say nothing of the kind): a grave one
    // (people's data, safety) as soon as enough mentions report it, else the most reported.
    const enough = Math.max(2, state.count * 0.2);
    const problem = [...state.categories]
      .filter(([id, n]) => id in crisisTypeOfCategory && n >= enough)
      .sort(byCause)[0];
    const dominant = problem?.[0];
    let level = negativeShare >= 0.5 && ratio >= 10 ? 4 : negativeShare >= 0.5 || ratio >= 10 ? 3 : 2;
    if (dominant && graveCategories.has(dominant)) level = Math.min(4, level + 1);
    const severity = level as Severity;
    const end = start + this.bucketMs;
    return {
      id: `sig_${createHash('sha1').update(`${state.workspaceId}|${state.brandId}|${state.topicId}|volume|${start}`).digest('hex').slice(0, 24)}`,
      workspaceId: state.workspaceId,
      brandId: state.brandId,
      topicId: state.topicId,
      type: 'volume_spike',
      windowStart: start,
      windowEnd: end,
      score,
      evidence: {
        severity,
        observed: state.count,
        expected: Math.round(expected * 10) / 10,
        negativeShare: Math.round(negativeShare * 100) / 100,
        sources: Object.fromEntries(state.sources),
        categories: Object.fromEntries(state.categories),
        ...(dominant ? { problem: dominant, crisisType: crisisTypeOfCategory[dominant] } : {}),
        topMentions: state.top,
      },
      createdAt: Math.max(end, knownAt),
    };
  }
}
