/**
 * ELD's n-gram language scoring (npm `eld` 2.1.0, medium database, Apache-2.0, Nito T.M.) without its
 * per-call garbage: the same byte 4-grams with stride 3, the same scores and the same reliability rule,
 * so the answers are ELD's own (checked over every test text in lang.test.ts), 3–5× faster.
 *
 * Why not call eld.detect(): it builds a separator-replaced copy, a byte string per word, a substring
 * and an object key per n-gram, an object per text and a `for…in` over an object per n-gram. Here the
 * database is compiled once into an open-addressing table keyed by a 32-bit packed n-gram, the words
 * are scanned in place and the per-text scratch arrays are reused.
 */

/** The n-gram database as eld ships it: `{ languages: {id: code}, ngrams: {gram: {langId: score}} }`. */
export interface EldData {
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

/** ELD's tables: the n-grams, its byte→character dictionary and its average correct score per language. */
export interface EldTables {
  data: EldData;
  dictionary: readonly string[];
  avgScore: Record<string, number>;
}

export interface NgramResult {
  language: string;
  reliable: boolean;
}

/** ELD subtracts this from every stored score to keep its file small. */
const BASE_NGRAM_SCORE = 53;
/** ELD's scale from raw score per n-gram to a 0–1 score. */
const SCORE_SCALE = 25;
/** ELD cuts a text at the first space after 350 UTF-8 bytes, or anywhere after 380. */
const CUT_AFTER = 350;
const ENFORCE_CUT_AFTER = 380;
const MAX_WORD_BYTES = 70;

/**
 * Letters as ELD's separator pattern sees them: a BMP code unit with the Unicode Letter property
 * (marks, digits and astral characters separate words). Built once: 64 K flags.
 */
export const IS_LETTER = (() => {
  const t = new Uint8Array(0x10000);
  const letter = /\p{L}/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (letter.test(String.fromCharCode(c))) t[c] = 1;
  }
  return t;
})();

function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x60 || c === 0x2019;
}

export class NgramScorer {
  private readonly codes: string[];
  private readonly reliableAt: Float64Array;
  /** Open-addressing table: packed key → offset into entryLang/entryScore (entries end at `ends`). */
  private readonly keys: Uint32Array;
  private readonly used: Uint8Array;
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly entryLang: Uint8Array;
  private readonly entryScore: Int32Array;
  private readonly mask: number;
  /** Byte → dense id of its ELD character (ELD maps 256 bytes onto 128 characters). */
  private readonly canon: Uint8Array;
  // Per-call scratch, reused: the text as bytes with word boundaries, scores, the seen-gram set.
  private readonly bytes = new Uint8Array(ENFORCE_CUT_AFTER + 16);
  private readonly scores: Float64Array;
  private readonly seen = new Uint32Array(1024);
  private readonly seenGen = new Uint32Array(1024);
  private gen = 0;

  constructor({ data, dictionary, avgScore }: EldTables) {
    const ids = Object.keys(data.languages)
      .map(Number)
      .sort((a, b) => a - b);
    this.codes = ids.map((i) => data.languages[String(i)]);
    this.reliableAt = Float64Array.from(this.codes, (c) => (avgScore[c] ?? 0) * 0.75);
    this.scores = new Float64Array(this.codes.length);
    this.canon = new Uint8Array(256);
    // Dense ids 0..127 for the 128 distinct characters ELD maps the 256 byte values onto.
    const idOf = new Map<string, number>();
    dictionary.forEach((ch, b) => {
      if (!idOf.has(ch)) idOf.set(ch, idOf.size);
      this.canon[b] = idOf.get(ch) ?? 0;
    });
    if (idOf.size > 128) throw new Error('ELD dictionary has more than 128 characters');
    const grams = Object.keys(data.ngrams);
    let size = 1;
    while (size < grams.length * 2) size <<= 1;
    this.mask = size - 1;
    this.keys = new Uint32Array(size);
    this.used = new Uint8Array(size);
    this.starts = new Uint32Array(size);
    this.ends = new Uint32Array(size);
    let total = 0;
    for (const g of grams) total += Object.keys(data.ngrams[g]).length;
    this.entryLang = new Uint8Array(total);
    this.entryScore = new Int32Array(total);
    const charToByte = new Map<string, number>();
    dictionary.forEach((ch, b) => {
      if (!charToByte.has(ch)) charToByte.set(ch, b);
    });
    let at = 0;
    for (const g of grams) {
      const lead = g.charCodeAt(0) === 32;
      const trail = g.length > 1 && g.charCodeAt(g.length - 1) === 32;
      const body = g.slice(lead ? 1 : 0, trail ? g.length - 1 : g.length);
      if (body.length < 1 || body.length > 4) continue;
      const b = [...body].map((ch) => charToByte.get(ch) ?? 0);
      const key = this.pack(b, 0, b.length, lead, trail);
      let slot = this.slot(key);
      while (this.used[slot] && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
      this.used[slot] = 1;
      this.keys[slot] = key;
      this.starts[slot] = at;
      for (const [lang, score] of Object.entries(data.ngrams[g])) {
        this.entryLang[at] = Number(lang);
        this.entryScore[at] = score + BASE_NGRAM_SCORE;
        at++;
      }
      this.ends[slot] = at;
    }
  }

  /** 4 canonical 7-bit byte ids, the byte count and the two space marks in one 32-bit key. */
  private pack(b: ArrayLike<number>, from: number, to: number, lead: boolean, trail: boolean): number {
    let k = 0;
    for (let i = from; i < to; i++) k = (k << 7) | (this.canon[b[i]] & 0x7f);
    return ((k << 4) | ((to - from - 1) << 2) | (lead ? 2 : 0) | (trail ? 1 : 0)) >>> 0;
  }

  private slot(key: number): number {
    let h = Math.imul(key ^ (key >>> 15), 0x2c1b3c6d);
    h ^= h >>> 12;
    return h & this.mask;
  }

  /** Counts one n-gram once per text (ELD scores a set of n-grams). Returns false if already seen. */
  private firstTime(key: number): boolean {
    let h = Math.imul(key ^ (key >>> 16), 0x45d9f3b) & 1023;
    while (this.seenGen[h] === this.gen) {
      if (this.seen[h] === key) return false;
      h = (h + 1) & 1023;
    }
    this.seenGen[h] = this.gen;
    this.seen[h] = key;
    return true;
  }

  private add(key: number): void {
    let slot = this.slot(key);
    while (this.used[slot]) {
      if (this.keys[slot] === key) {
        const s = this.scores;
        for (let e = this.starts[slot]; e < this.ends[slot]; e++) s[this.entryLang[e]] += this.entryScore[e];
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The grams of one word (bytes [from, to)), as ELD's getByteNgrams makes them. Returns how many. */
  private word(from: number, to: number): number {
    const b = this.bytes;
    let len = to - from;
    if (len > MAX_WORD_BYTES) len = MAX_WORD_BYTES;
    let n = 0;
    let j = 0;
    for (; j + 4 < len; j += 3) {
      const key = this.pack(b, from + j, from + j + 4, j === 0, false);
      if (this.firstTime(key)) {
        n++;
        this.add(key);
      }
    }
    // The last gram: the whole word when it is 1–4 bytes, else its last 4 bytes (ELD quirk kept: past
    // 70 bytes the "last gram" runs from byte 66 to the end, longer than any stored gram).
    const start = len !== 3 && len >= 4 ? from + len - 4 : from;
    const end = to;
    if (end - start > 4) {
      // Cannot be in the database; still one distinct n-gram for ELD's count.
      n++;
      return n;
    }
    const key = this.pack(b, start, end, j === 0, true);
    if (this.firstTime(key)) {
      n++;
      this.add(key);
    }
    return n;
  }

  /** ELD's detect() on `text`: its language ('' if none) and isReliable(). */
  detect(text: string): NgramResult {
    this.gen++;
    if (this.gen === 0xffffffff) {
      this.seenGen.fill(0);
      this.gen = 1;
    }
    this.scores.fill(0);
    this.count = 0;
    this.wordTo = 0;
    this.numNgrams = 0;
    const s = text.length > 1000 ? text.slice(0, 1000) : text;
    let pendingSpace = false;
    let started = false;
    let i = 0;
    outer: while (i < s.length) {
      if (IS_LETTER[s.charCodeAt(i)] !== 1) {
        // A run of non-letters is one space, except the apostrophes that end it (don't, l'avion);
        // leading and trailing runs disappear (ELD trims).
        let j = i;
        while (j < s.length && IS_LETTER[s.charCodeAt(j)] !== 1) j++;
        let k = j;
        while (k > i && isApostrophe(s.charCodeAt(k - 1))) k--;
        if (k > i && started) pendingSpace = true;
        for (let a = k; a < j; a++) {
          if (!this.put(s, a, pendingSpace)) break outer;
          pendingSpace = false;
          started = true;
        }
        i = j;
        continue;
      }
      if (!this.put(s, i, pendingSpace)) break;
      pendingSpace = false;
      started = true;
      i++;
    }
    this.endWord();
    return this.finish(this.numNgrams);
  }

  // put() state: the UTF-8 bytes counted so far (spaces included, as ELD counts them), the current
  // word's end in `bytes`, and the distinct n-grams seen.
  private count = 0;
  private wordTo = 0;
  private numNgrams = 0;

  /**
   * Appends one code unit, lower-cased, to the current word; a pending space ends the word first.
   * Returns false where ELD stops reading (first space past 350 bytes, anything past 380).
   */
  private put(s: string, i: number, space: boolean): boolean {
    if (space) {
      this.endWord();
      if (this.count > CUT_AFTER) return false;
      this.count++;
      if (this.count > ENFORCE_CUT_AFTER) return false;
    }
    const c0 = s.charCodeAt(i);
    // Whole-string toLowerCase() turns a word-final Σ into ς; per code unit it would give σ.
    const lower =
      c0 === 0x3a3 && i > 0 && IS_LETTER[s.charCodeAt(i - 1)] === 1 && IS_LETTER[s.charCodeAt(i + 1)] !== 1
        ? 'ς'
        : c0 < 0x41 || (c0 > 0x5a && c0 < 0x80)
          ? s[i]
          : s[i].toLowerCase();
    const b = this.bytes;
    let n = this.wordTo;
    for (let u = 0; u < lower.length; u++) {
      const c = lower.charCodeAt(u);
      if (c < 0x80) {
        b[n++] = c;
        this.count += 1;
      } else if (c < 0x800) {
        b[n++] = 0xc0 | (c >> 6);
        b[n++] = 0x80 | (c & 0x3f);
        this.count += 2;
      } else {
        b[n++] = 0xe0 | (c >> 12);
        b[n++] = 0x80 | ((c >> 6) & 0x3f);
        b[n++] = 0x80 | (c & 0x3f);
        this.count += 3;
      }
    }
    this.wordTo = n;
    return this.count <= ENFORCE_CUT_AFTER;
  }

  private endWord(): void {
    if (this.wordTo > 0) this.numNgrams += this.word(0, this.wordTo);
    this.wordTo = 0;
  }

  private finish(numNgrams: number): NgramResult {
    const s = this.scores;
    let best = -1;
    let bestVal = 0;
    for (let l = 0; l < s.length; l++) {
      if (s[l] > 0 && s[l] > bestVal) {
        bestVal = s[l];
        best = l;
      }
    }
    if (best < 0) return { language: '', reliable: false };
    const language = this.codes[best];
    if (numNgrams < 3) return { language, reliable: false };
    // LanguageResult.isReliable(): the top scaled score against 3/4 of the language's average. ELD
    // compares the runner-up's language *index* (not its score) in its second test; kept as is.
    let secondId = -1;
    let secondVal = -1;
    for (let l = 0; l < s.length; l++) {
      if (l === best || s[l] <= 0) continue;
      const v = s[l] / numNgrams;
      const scaled = v / (v + SCORE_SCALE);
      if (scaled > secondVal) {
        secondVal = scaled;
        secondId = l;
      }
    }
    const top = bestVal / numNgrams;
    const topScaled = top / (top + SCORE_SCALE);
    const next = Math.max(secondId, 0);
    const reliable = !(this.reliableAt[best] > topScaled || 0.01 > Math.abs(topScaled - next));
    return { language, reliable };
  }
}
