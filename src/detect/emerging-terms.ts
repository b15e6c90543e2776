/**
 * Emerging terms in a brand's mentions, two ways:
 *
 * 1. Crisis words (a reviewable per-language lexicon, src/detect/terms/crisis-terms.yaml, plus each
 *    brand's own terms): the share of the last `windowMinutes`' mentions that use any of them, against
 *    the share the brand's past mentions had — beta-binomial upper tail, like the negative surge. A word
 *    that is always there ("crash" for an app) has a high baseline and stays silent.
 *    An early variant of the same test looks at the last `earlyWindowMinutes` only: a crisis that starts
 *    sharply (one post, a few angry reposts and reactions within minutes) is a handful of crisis-word
 *    mentions among few others, so a short window sees it long before the half-hour share moves. It is
 *    count-aware like the main test (distinct authors, beta-binomial against the brand's own past share)
 *    and asks that the mentions agree: most of them negative or reporting a problem. Two voices are
 *    enough when the audience agrees too: when one of them reaches more people than the brand's authors
 *    usually do (the chance that the largest audience of k random authors is this large, from the
 *    brand's own decayed follower distribution), its surprise is added to the words' surprise — a story
 *    told by a large account spreads, the SEISMIC premise.
 * 2. Any term bursting against its own baseline (a count-aware burst test in the spirit of Kleinberg's
 *    two-state model, without its dynamic programme, so it runs per mention): each term's mentions in
 *    the window, k of n, against its past rate p0 = (decayed past count + ½) / (decayed past mentions + 1)
 *    — binomial upper tail. A never-seen hashtag used by 6 different authors within half an hour in a
 *    brand that has 2,000 past mentions is p ≈ 10⁻¹⁵; a common word repeated is nothing. Only terms whose
 *    mentions lean negative are reported (a new product name trending in praise is not a crisis), and
 *    only once the brand has a baseline.
 *
 * Terms: words of 3+ letters folded (case, NFKC, Hebrew finals, ё), hashtags, Chinese/Japanese character
 * bigrams; numbers, links and @handles are skipped. Memory per scope is bounded (`maxTerms`).
 */
import { fold, hebrewStrippings, isHebrewLetter } from '../query/normalise.ts';
import { byCause, crisisTypeOfCategory, type Finding, scoreOf } from './finding.ts';
import { betaBinomialUpperTail, binomialUpperTail, DecayingCount, MinuteRing, surprise } from './stats.ts';

export type CrisisLexiconData = Record<string, Record<string, string[]>>;

export interface LexTerm {
  term: string;
  category: string;
}

export interface CrisisLexicon {
  exact: Map<string, LexTerm>;
  /** Stem → terms, keyed by the stem's first two characters. */
  prefixes: Map<string, { stem: string; t: LexTerm }[]>;
  /** Phrases and CJK terms, matched as substrings of the folded text (with single spaces). */
  substrings: { text: string; t: LexTerm }[];
  size: number;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD = /#?[\p{L}\p{M}\p{N}_'’-]+/gu;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
const SKIP = /^(?:_url_|_user_|\d+|#?\d+)$/;

export function compileLexicon(...sources: CrisisLexiconData[]): CrisisLexicon {
  const lex: CrisisLexicon = { exact: new Map(), prefixes: new Map(), substrings: [], size: 0 };
  for (const data of sources)
    for (const byCategory of Object.values(data ?? {}))
      for (const [category, terms] of Object.entries(byCategory ?? {}))
        for (const raw of terms ?? []) {
          if (typeof raw !== 'string' || !raw.trim()) continue;
          const term = raw.trim();
          const folded = fold(term.normalize('NFKC'));
          const t = { term, category };
          lex.size++;
          if (folded.includes(' ') || CJK.test(folded))
            lex.substrings.push({ text: folded.replace(/\*$/, ''), t });
          else if (folded.endsWith('*')) {
            const stem = folded.slice(0, -1);
            const key = stem.slice(0, 2);
            const list = lex.prefixes.get(key) ?? [];
            list.push({ stem, t });
            lex.prefixes.set(key, list);
          } else lex.exact.set(folded, t);
        }
  return lex;
}

/** Folded words (and Hebrew readings without prefix letters) of a text, for the lexicon. */
function words(folded: string): string[] {
  const out: string[] = [];
  for (const m of folded.matchAll(WORD)) {
    let w = m[0].replace(/^['’-]+|['’-]+$/g, '');
    if (!w) continue;
    out.push(w);
    if (w.startsWith('#')) {
      w = w.slice(1);
      out.push(w);
    }
    if (isHebrewLetter(w.charCodeAt(0))) out.push(...hebrewStrippings(w));
  }
  return out;
}

export function foldText(text: string): string {
  return fold(text.normalize('NFKC')).replace(/\s+/g, ' ');
}

/** The lexicon terms a text uses (each once). */
export function matchLexicon(lex: CrisisLexicon, folded: string): LexTerm[] {
  if (lex.size === 0) return [];
  const hits = new Map<string, LexTerm>();
  for (const w of words(folded)) {
    const e = lex.exact.get(w);
    if (e) hits.set(e.term, e);
    const list = lex.prefixes.get(w.slice(0, 2));
    if (list) for (const p of list) if (w.startsWith(p.stem)) hits.set(p.t.term, p.t);
  }
  for (const s of lex.substrings) if (folded.includes(s.text)) hits.set(s.t.term, s.t);
  return [...hits.values()];
}

/** The distinct terms of a text for burst counting: words of 3+ letters, hashtags, CJK bigrams. */
export function termsOf(folded: string, max = 40): string[] {
  const out = new Set<string>();
  for (const m of folded.matchAll(WORD)) {
    const w = m[0].replace(/^['’-]+|['’-]+$/g, '');
    if (w.length < 3 || SKIP.test(w) || CJK.test(w)) continue;
    out.add(w);
    if (out.size >= max) return [...out];
  }
  for (const m of folded.matchAll(CJK_RUN)) {
    const run = m[0];
    for (let i = 0; i + 2 <= run.length; i++) {
      out.add(run.slice(i, i + 2));
      if (out.size >= max) return [...out];
    }
  }
  return [...out];
}

export interface EmergingTermsOptions {
  windowMinutes: number;
  baselineHalfLifeMs: number;
  /** Crisis-word mentions (distinct authors) in the window before the lexicon test runs. */
  minLexiconMentions: number;
  /** −log10 p of the lexicon test to report. */
  minLexiconSurprise: number;
  maxConcentration: number;
  /** Mentions of one term (distinct authors) in the window before its burst test runs. */
  minBurst: number;
  /** −log10 p of a term's burst test to report. */
  minBurstSurprise: number;
  /** A term's past share of mentions above which it is common, not emerging ("and", the brand name). */
  maxBaselineShare: number;
  /** The window's share of a term must be this many times its past share. */
  minLift: number;
  /** After a report of bursting terms alone, the next waits this long (new terms accumulate meanwhile). */
  burstRefractoryMs: number;
  /** Share of a bursting term's mentions that must be negative (or carry a crisis word). */
  minBurstNegativeShare: number;
  /** Past (decayed) mentions the scope needs before any-term bursts are trusted. */
  minBaselineMentions: number;
  /** A term already reported is reported again only after this. */
  termRefractoryMs: number;
  /** After a lexicon report, the next needs twice the surprise or this much time. */
  refractoryMs: number;
  /** The early crisis-word test: its window, distinct authors, −log10 p, and the share of its mentions
   * that must be negative or report a problem. Reported once per `refractoryMs` (a storm's first hint). */
  earlyWindowMinutes: number;
  minEarlyAuthors: number;
  minEarlySurprise: number;
  minEarlyAlarmShare: number;
  /** With one author fewer than `minEarlyAuthors`: the words' and the audience's surprise together, and
   * the least audience surprise that counts. */
  minCombinedSurprise: number;
  minAudienceSurprise: number;
  maxTerms: number;
}

export const emergingTermsDefaults: EmergingTermsOptions = {
  windowMinutes: 30,
  baselineHalfLifeMs: 3 * 86_400_000,
  minLexiconMentions: 3,
  minLexiconSurprise: 4,
  maxConcentration: 100,
  minBurst: 5,
  minBurstSurprise: 8,
  minBurstNegativeShare: 0.4,
  maxBaselineShare: 0.02,
  minLift: 5,
  burstRefractoryMs: 15 * 60_000,
  minBaselineMentions: 200,
  termRefractoryMs: 6 * 3_600_000,
  refractoryMs: 60 * 60_000,
  earlyWindowMinutes: 10,
  minEarlyAuthors: 3,
  minEarlySurprise: 3,
  minEarlyAlarmShare: 0.5,
  minCombinedSurprise: 5.5,
  minAudienceSurprise: 1.5,
  maxTerms: 20_000,
};

interface Burst {
  term: string;
  count: number;
  authors: number;
  expected: number;
  surprise: number;
  negativeShare: number;
}

const AUDIENCE_BINS = 40;

function audienceBin(followers: number): number {
  const f = Number.isFinite(followers) && followers > 0 ? followers : 0;
  return Math.min(AUDIENCE_BINS - 1, Math.floor(Math.log2(f + 1)));
}

const hebrewFinal: Record<string, string> = { כ: 'ך', מ: 'ם', נ: 'ן', פ: 'ף', צ: 'ץ' };

/** A folded Hebrew term with its final letter written as such again, for people to read. */
function display(term: string): string {
  const last = term.at(-1) ?? '';
  return isHebrewLetter(term.charCodeAt(0)) && hebrewFinal[last]
    ? term.slice(0, -1) + hebrewFinal[last]
    : term;
}

interface TermState {
  base: number;
  baseAt: number;
  /** Window members from index `head` on: time, author hash, negative-or-crisis flag. */
  at: number[];
  who: number[];
  neg: boolean[];
  head: number;
  /** Members per author and flagged members in the window, kept as members come and go: a storm's
   *  terms hold thousands of members, and recounting them at every mention made the watch quadratic. */
  authors: Map<number, number>;
  negatives: number;
  reportedAt: number;
}

function newTermState(base: number, baseAt: number, reportedAt: number): TermState {
  return { base, baseAt, at: [], who: [], neg: [], head: 0, authors: new Map(), negatives: 0, reportedAt };
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Window counts per key (authors): one more member, one fewer; a key at zero is dropped. */
function countUp(counts: Map<number, number>, key: number): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function countDown(counts: Map<number, number>, key: number): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}

function distinct(xs: number[]): number {
  return xs.length < 2 ? xs.length : new Set(xs).size;
}

export interface TermsInput {
  folded: string;
  author: string;
  negative: boolean;
  /** The mention reports a problem (an enrichment problem category). */
  problem?: boolean;
  /** The author's followers (the audience the mention reaches). */
  followers?: number;
  lexicon: LexTerm[];
}

export interface EmergingTermsSnapshot {
  baseDocs: [number, number] | null;
  baseHits: [number, number] | null;
  docs: { head: number; counts: number[] };
  hits: { head: number; counts: number[] };
  hitLog: { at: number; who: number; terms: LexTerm[]; alarming: boolean; followers: number }[];
  /** Term, decayed past count at `at` (its window members folded in), last report. */
  terms: [string, number, number][];
  at: number;
  last?: { at: number; surprise: number };
  lastEarlyAt: number | null;
  lastBurstAt: number | null;
  audience: number[];
  audienceAt: number | null;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

export class EmergingTerms {
  private readonly o: EmergingTermsOptions;
  private readonly baseDocs: DecayingCount;
  private readonly baseHits: DecayingCount;
  private readonly docs: MinuteRing;
  private readonly hits: MinuteRing;
  /** Crisis-word mentions of the window: time, author, terms. */
  private readonly hitLog: {
    at: number;
    who: number;
    terms: LexTerm[];
    alarming: boolean;
    followers: number;
  }[] = [];
  /** Crisis-word mentions per author in `hitLog`, kept as it changes (a storm's log holds thousands). */
  private readonly hitAuthors = new Map<number, number>();
  /** The brand's authors' audiences: decayed counts per log2(followers + 1) bin. */
  private readonly audience = new Float64Array(AUDIENCE_BINS);
  private audienceAt = Number.NEGATIVE_INFINITY;
  private readonly terms = new Map<string, TermState>();
  private last: { at: number; surprise: number } | undefined;
  private lastEarlyAt = Number.NEGATIVE_INFINITY;
  private lastBurstAt = Number.NEGATIVE_INFINITY;

  constructor(options: Partial<EmergingTermsOptions> = {}) {
    this.o = { ...emergingTermsDefaults, ...options };
    this.baseDocs = new DecayingCount(this.o.baselineHalfLifeMs);
    this.baseHits = new DecayingCount(this.o.baselineHalfLifeMs);
    this.docs = new MinuteRing(this.o.windowMinutes, (minute, c) => this.baseDocs.add(minute * 60_000, c));
    this.hits = new MinuteRing(this.o.windowMinutes, (minute, c) => this.baseHits.add(minute * 60_000, c));
  }

  get termCount(): number {
    return this.terms.size;
  }

  /**
   * The baselines (detector state kept across restarts): the brand's crisis-word share, the audience
   * distribution, and the `maxTerms` terms with the largest past counts. A term's members still in the
   * window are folded into its past count (after a restart its window starts empty).
   */
  snapshot(t: number, maxTerms = 2_000): EmergingTermsSnapshot {
    const hl = this.o.baselineHalfLifeMs;
    const terms: [string, number, number][] = [];
    for (const [term, s] of this.terms) {
      let base = s.base * 2 ** (-(t - s.baseAt) / hl);
      for (let i = s.head; i < s.at.length; i++) base += 2 ** (-(t - s.at[i]!) / hl);
      if (base >= 0.05) terms.push([term, Math.round(base * 1e4) / 1e4, finiteOrNull(s.reportedAt) ?? 0]);
    }
    terms.sort((a, b) => b[1] - a[1]);
    terms.length = Math.min(terms.length, maxTerms);
    return {
      baseDocs: this.baseDocs.snapshot(),
      baseHits: this.baseHits.snapshot(),
      docs: this.docs.snapshot(),
      hits: this.hits.snapshot(),
      hitLog: this.hitLog.slice(-200),
      terms,
      at: t,
      ...(this.last ? { last: this.last } : {}),
      lastEarlyAt: finiteOrNull(this.lastEarlyAt),
      lastBurstAt: finiteOrNull(this.lastBurstAt),
      audience: [...this.audience],
      audienceAt: finiteOrNull(this.audienceAt),
    };
  }

  restore(s: EmergingTermsSnapshot | undefined): void {
    if (!s) return;
    this.baseDocs.restore(s.baseDocs);
    this.baseHits.restore(s.baseHits);
    this.docs.restore(s.docs);
    this.hits.restore(s.hits);
    this.hitLog.length = 0;
    this.hitAuthors.clear();
    for (const h of s.hitLog ?? []) this.logHit(h);
    this.terms.clear();
    for (const [term, base, reportedAt] of s.terms ?? [])
      this.terms.set(term, newTermState(base, s.at, reportedAt || Number.NEGATIVE_INFINITY));
    this.last = s.last;
    this.lastEarlyAt = s.lastEarlyAt ?? Number.NEGATIVE_INFINITY;
    this.lastBurstAt = s.lastBurstAt ?? Number.NEGATIVE_INFINITY;
    for (let i = 0; i < AUDIENCE_BINS; i++) this.audience[i] = s.audience?.[i] ?? 0;
    this.audienceAt = s.audienceAt ?? Number.NEGATIVE_INFINITY;
  }

  observe(t: number, input: TermsInput, factor = 1): Finding | undefined {
    const o = this.o;
    const windowMs = o.windowMinutes * 60_000;
    this.docs.add(t);
    this.hits.advance(t);
    const who = hash(input.author);
    while (this.hitLog.length && this.hitLog[0]!.at <= t - windowMs) {
      countDown(this.hitAuthors, this.hitLog.shift()!.who);
    }
    if (input.lexicon.length) {
      this.hits.add(t);
      this.logHit({
        at: t,
        who,
        terms: input.lexicon,
        alarming: input.negative || input.problem === true,
        followers: input.followers ?? 0,
      });
    }
    this.countAudience(t, input.followers ?? 0);
    const flagged = input.negative || input.lexicon.length > 0;
    let bursting = this.updateTerms(t, termsOf(input.folded), who, flagged, factor);
    const main = input.lexicon.length ? this.lexiconTest(t, factor) : undefined;
    const early = input.lexicon.length && !main ? this.earlyTest(t, factor) : undefined;
    const lexicon = main ?? early;
    if (!lexicon && t - this.lastBurstAt < o.burstRefractoryMs) bursting = [];
    if (!lexicon && bursting.length === 0) return undefined;
    for (const b of bursting) this.terms.get(b.term)!.reportedAt = t;
    if (bursting.length) this.lastBurstAt = t;
    const n = this.docs.sum();
    const categories = new Map<string, number>();
    const used = new Map<string, number>();
    for (const h of this.hitLog)
      for (const x of h.terms) {
        categories.set(x.category, (categories.get(x.category) ?? 0) + 1);
        used.set(x.term, (used.get(x.term) ?? 0) + 1);
      }
    const problem = [...categories].sort(byCause)[0]?.[0];
    const best = Math.max(lexicon?.surprise ?? 0, ...bursting.map((b) => b.surprise));
    return {
      type: 'emerging_terms',
      score: scoreOf(best),
      windowStart: t - (early && !main ? o.earlyWindowMinutes * 60_000 : windowMs),
      windowEnd: t,
      key: String(Math.floor(t / 60_000)),
      problem: lexicon ? problem : undefined,
      crisisType: lexicon && problem ? crisisTypeOfCategory[problem] : undefined,
      hints: bursting.length && !lexicon ? { negativeShare: bursting[0]!.negativeShare } : {},
      evidence: {
        mentions: n,
        ...(lexicon
          ? {
              crisisTerms: [...used]
                .sort((a, b) => b[1] - a[1])
                .slice(0, 10)
                .map(([term, count]) => ({ term, count })),
              crisisMentions: lexicon.k,
              baselineShare: Number(lexicon.p0.toPrecision(2)),
              crisisSurprise: Math.round(lexicon.surprise * 10) / 10,
              categories: Object.fromEntries(categories),
              ...(early && !main
                ? {
                    early: {
                      windowMinutes: o.earlyWindowMinutes,
                      crisisMentions: early.k,
                      authors: early.authors,
                      mentions: early.n,
                      alarmingShare: Math.round(early.alarming * 100) / 100,
                      ...(early.audience
                        ? {
                            largestAudience: early.audience.followers,
                            audienceSurprise: Math.round(early.audience.surprise * 10) / 10,
                          }
                        : {}),
                    },
                  }
                : {}),
            }
          : {}),
        bursting: bursting.slice(0, 10).map((b) => ({
          term: display(b.term),
          negativeShare: Math.round(b.negativeShare * 100) / 100,
          count: b.count,
          authors: b.authors,
          expected: Number(b.expected.toPrecision(2)),
          surprise: Math.round(b.surprise * 10) / 10,
        })),
      },
    };
  }

  private logHit(h: EmergingTermsSnapshot['hitLog'][number]): void {
    this.hitLog.push(h);
    countUp(this.hitAuthors, h.who);
  }

  private lexiconTest(t: number, factor: number): { k: number; p0: number; surprise: number } | undefined {
    const o = this.o;
    const authors = this.hitAuthors.size;
    if (authors < o.minLexiconMentions * factor) return undefined;
    const n = this.docs.sum();
    const k = this.hits.sum();
    const past = this.baseDocs.value(t);
    const p0 = (this.baseHits.value(t) + 0.5) / (past + 10);
    const c = Math.min(o.maxConcentration, past + 10);
    const s = surprise(betaBinomialUpperTail(k, n, p0 * c, (1 - p0) * c));
    if (s < o.minLexiconSurprise * factor) return undefined;
    if (this.last && t - this.last.at < o.refractoryMs && s < this.last.surprise * 2) return undefined;
    this.last = { at: t, surprise: s };
    return { k, p0, surprise: s };
  }

  /**
   * The first minutes of a storm: crisis-word mentions (distinct authors) of the last few minutes against
   * the brand's past crisis-word share, beta-binomial as in the main test, when most of them are negative
   * or report a problem.
   */
  private earlyTest(
    t: number,
    factor: number,
  ):
    | {
        k: number;
        n: number;
        p0: number;
        surprise: number;
        authors: number;
        alarming: number;
        audience?: { followers: number; surprise: number };
      }
    | undefined {
    const o = this.o;
    if (t - this.lastEarlyAt < o.refractoryMs || this.hits.sum(o.earlyWindowMinutes) < 2) return undefined;
    const from = t - o.earlyWindowMinutes * 60_000;
    const recent = this.hitLog.filter((h) => h.at > from);
    const authors = distinct(recent.map((h) => h.who));
    const combined = authors < o.minEarlyAuthors * factor;
    if (authors < 2 || (combined && authors < (o.minEarlyAuthors - 1) * factor)) return undefined;
    let alarming = 0;
    for (const h of recent) if (h.alarming) alarming++;
    if (alarming < recent.length * o.minEarlyAlarmShare) return undefined;
    const n = this.docs.sum(o.earlyWindowMinutes);
    // One author repeating themselves is one voice.
    const k = Math.min(this.hits.sum(o.earlyWindowMinutes), authors);
    const past = this.baseDocs.value(t);
    const p0 = (this.baseHits.value(t) + 0.5) / (past + 10);
    const c = Math.min(o.maxConcentration, past + 10);
    const words = surprise(betaBinomialUpperTail(k, Math.max(n, k), p0 * c, (1 - p0) * c));
    if (words < o.minEarlySurprise * factor) return undefined;
    let audience: { followers: number; surprise: number } | undefined;
    if (combined) {
      const followers = Math.max(...recent.map((h) => h.followers));
      const a = this.audienceSurprise(t, followers, authors);
      if (a < o.minAudienceSurprise || words + a < o.minCombinedSurprise * factor) return undefined;
      audience = { followers, surprise: a };
    }
    this.lastEarlyAt = t;
    return {
      k,
      n,
      p0,
      surprise: words + (audience?.surprise ?? 0),
      authors,
      alarming: alarming / recent.length,
      ...(audience ? { audience } : {}),
    };
  }

  /** Adds an author's audience to the brand's decayed distribution (decayed hourly, not per mention). */
  private countAudience(t: number, followers: number): void {
    if (t - this.audienceAt >= 3_600_000) {
      if (Number.isFinite(this.audienceAt)) {
        const f = 2 ** (-(t - this.audienceAt) / this.o.baselineHalfLifeMs);
        for (let i = 0; i < AUDIENCE_BINS; i++) this.audience[i] = this.audience[i]! * f;
      }
      this.audienceAt = t;
    }
    const bin = audienceBin(followers);
    this.audience[bin] = this.audience[bin]! + 1;
  }

  /**
   * −log10 P(the largest audience of `k` of the brand's authors reaches `followers`'s bin): with q the
   * brand's share of authors in that bin or above (half a mention of prior), 1 − (1 − q)^k.
   */
  private audienceSurprise(_t: number, followers: number, k: number): number {
    let tail = 0;
    let total = 0;
    const bin = audienceBin(followers);
    for (let i = 0; i < AUDIENCE_BINS; i++) {
      total += this.audience[i]!;
      if (i >= bin) tail += this.audience[i]!;
    }
    const q = Math.min(1, (tail + 0.5) / (total + 1));
    return surprise(-Math.expm1(k * Math.log1p(-Math.min(q, 1 - 1e-12))));
  }

  private updateTerms(t: number, terms: string[], who: number, flagged: boolean, factor: number): Burst[] {
    const o = this.o;
    const windowMs = o.windowMinutes * 60_000;
    const pastDocs = this.baseDocs.value(t);
    const warm = pastDocs >= o.minBaselineMentions;
    const n = this.docs.sum();
    const out: Burst[] = [];
    for (const term of terms) {
      let s = this.terms.get(term);
      if (!s) {
        if (this.terms.size >= o.maxTerms) this.sweep(t);
        s = newTermState(0, t, Number.NEGATIVE_INFINITY);
        this.terms.set(term, s);
      }
      // Window members that have aged out join the term's decayed baseline.
      const from = s.head;
      while (s.head < s.at.length && s.at[s.head]! <= t - windowMs) {
        countDown(s.authors, s.who[s.head]!);
        if (s.neg[s.head]) s.negatives--;
        s.head++;
      }
      if (s.head > from) {
        let aged = 0;
        for (let i = from; i < s.head; i++) aged += 2 ** (-(t - s.at[i]!) / o.baselineHalfLifeMs);
        s.base = s.base * 2 ** (-(t - s.baseAt) / o.baselineHalfLifeMs) + aged;
        s.baseAt = t;
        // Compact once the dead prefix is the larger part: amortised O(1) per member.
        if (s.head > 32 && s.head * 2 > s.at.length) {
          s.at.splice(0, s.head);
          s.who.splice(0, s.head);
          s.neg.splice(0, s.head);
          s.head = 0;
        }
      }
      s.at.push(t);
      s.who.push(who);
      s.neg.push(flagged);
      countUp(s.authors, who);
      if (flagged) s.negatives++;
      const members = s.at.length - s.head;
      if (!warm || members < o.minBurst * factor || t - s.reportedAt < o.termRefractoryMs) continue;
      const authors = s.authors.size;
      if (authors < o.minBurst * factor) continue;
      const negatives = s.negatives;
      if (negatives < members * o.minBurstNegativeShare) continue;
      const base = s.base * 2 ** (-(t - s.baseAt) / o.baselineHalfLifeMs);
      const p0 = (base + 0.5) / (pastDocs + 1);
      if (p0 > o.maxBaselineShare || authors < o.minLift * p0 * Math.max(n, authors)) continue;
      const sup = surprise(binomialUpperTail(authors, Math.max(n, authors), p0));
      if (sup < o.minBurstSurprise * factor) continue;
      out.push({
        term,
        count: members,
        authors,
        expected: p0 * n,
        surprise: sup,
        negativeShare: negatives / members,
      });
    }
    return out.sort((a, b) => b.surprise - a.surprise);
  }

  /** Forgets terms with nothing in the window and (almost) no past, to stay under the cap. */
  private sweep(t: number): void {
    const o = this.o;
    for (const [term, s] of this.terms) {
      const base = s.base * 2 ** (-(t - s.baseAt) / o.baselineHalfLifeMs);
      const live = s.at.length > s.head && s.at.at(-1)! > t - o.windowMinutes * 60_000;
      if (!live && base < 1) this.terms.delete(term);
    }
    // Still full (a flood of distinct words): drop the oldest half.
    if (this.terms.size >= o.maxTerms) {
      let i = 0;
      for (const term of this.terms.keys()) if (i++ < o.maxTerms / 2) this.terms.delete(term);
    }
  }
}
