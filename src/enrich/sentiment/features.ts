/**
 * Hashed features for the sentiment model: word unigrams and bigrams, character 1–3-grams for scripts
 * written without spaces (Han, kana) and 3-grams inside words elsewhere (Hebrew prefixes, Russian and
 * Arabic inflection), a per-language bias, negation scope marks, emoji/emoticon and intensifier marks.
 * Hashes are FNV-1a over UTF-16 units, computed without building substrings.
 */
import { maskedOf, type PreparedText } from '../text.ts';

const SEED_WORD = 0x811c9dc5;
const SEED_NEG = 0x01000193;
const SEED_CHAR = 0x9e3779b1;
const SEED_META = 0xc2b2ae35;
const SEED_INT = 0x27d4eb2f;
const SEED_LEX = 0x165667b1;

const NEGATIONS = new Set([
  // en
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'cannot',
  'without',
  'dont',
  'didnt',
  'doesnt',
  'isnt',
  'wasnt',
  'arent',
  'werent',
  'cant',
  'couldnt',
  'wont',
  'wouldnt',
  'shouldnt',
  'havent',
  'hasnt',
  "don't",
  "didn't",
  "doesn't",
  "isn't",
  "wasn't",
  "aren't",
  "weren't",
  "can't",
  "couldn't",
  "won't",
  "wouldn't",
  "shouldn't",
  "haven't",
  "hasn't",
  "ain't",
  // es it pt fr de
  'nunca',
  'nada',
  'nadie',
  'ni',
  'jamás',
  'jamas',
  'non',
  'mai',
  'niente',
  'nessuno',
  'não',
  'nao',
  'nem',
  'ne',
  'pas',
  "n'",
  'jamais',
  'rien',
  'personne',
  'nicht',
  'kein',
  'keine',
  'keinen',
  'keiner',
  'nie',
  'niemals',
  'nichts',
  // ru uk
  'не',
  'нет',
  'ни',
  'никогда',
  'ничего',
  'никто',
  'ні',
  'без',
  // he ar hi
  'לא',
  'אין',
  'אל',
  'בלי',
  'אף',
  'لا',
  'ما',
  'لم',
  'لن',
  'ليس',
  'غير',
  'nahi',
  'nahin',
  'nhi',
  'mat',
  'नहीं',
  'ना',
  'मत',
]);

const INTENSIFIERS = new Set([
  'very',
  'so',
  'really',
  'too',
  'extremely',
  'totally',
  'absolutely',
  'super',
  'most',
  'such',
  'completely',
  'muy',
  'tan',
  'molto',
  'troppo',
  'muito',
  'très',
  'tres',
  'trop',
  'vraiment',
  'sehr',
  'total',
  'echt',
  'voll',
  'очень',
  'так',
  'слишком',
  'совсем',
  'абсолютно',
  'самый',
  'מאוד',
  'ממש',
  'כל',
  'הכי',
  'جدا',
  'كثير',
  'bahut',
  'बहुत',
]);

const EMOTICON = /(?:[:;=x8][-'^o]?[)\]dp3*]|<3|\^_?\^|[:;=][-'^o]?[([/\\|]|[)(]:|:'\(|d:)/gi;
const POS_EMOTICON = /^(?:[:;=x8][-'^o]?[)\]dp3*]|<3|\^_?\^)$/i;
const TOKEN = /[\p{L}\p{M}\p{N}_']+|\p{Extended_Pictographic}|[!?]+|[.,;]/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

function hashStr(s: string, seed: number, from = 0, to = s.length): number {
  let h = seed >>> 0;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Collapses letter runs (sooooo → soo) so elongations share a feature, and reports whether any was found. */
function squeeze(tok: string): [string, boolean] {
  let out = '';
  let run = 0;
  let found = false;
  for (let i = 0; i < tok.length; i++) {
    const c = tok[i];
    if (i > 0 && c === tok[i - 1]) {
      run++;
      if (run >= 2) {
        found = true;
        continue;
      }
    } else run = 0;
    out += c;
  }
  return [out, found];
}

/** Feature switches, stored in the model header so a model is always read with its own features. */
export interface FeatureConfig {
  /** Also hash each word unigram/bigram with the language, so languages share and specialise (Daumé). */
  langCopies?: boolean;
  /** Largest character n-gram inside words (3 = the v1 features). */
  charMax?: number;
  /** Character n-grams also for words under 4 letters. */
  shortWordGrams?: boolean;
  /**
   * Prior-polarity features from a word lexicon (see Lexicon): each lexicon word adds a shared
   * `lex+`/`lex-` mark (flipped inside negation scope) and its valence bucket, and the text gets the
   * sign of its summed valence. Every feature is pushed this many times (0 = off), since the
   * 1/sqrt(n) scaling would otherwise drown a handful of marks in a tweet's n-grams.
   */
  lexicon?: number;
  /**
   * Also look a word up by its first `lexPrefix` letters when the whole word is not listed (0 = off):
   * the translated lists hold one form per word, tweets inflect it (aburrido → aburridos). The table
   * must be built with the same length.
   */
  lexPrefix?: number;
  /** Push the text-level sign of the summed valence (default true when lexicon > 0). */
  lexSum?: boolean;
}

export const V1_FEATURES: FeatureConfig = { langCopies: false, charMax: 3, shortWordGrams: false };

// One output buffer, reused: featurize() results are consumed before the next call (training copies).
let buf = new Uint32Array(4096);

/**
 * Feature indices (with repeats, each worth 1) for one text. `dim` must be a power of two.
 * `lang` adds a language bias feature; unknown languages share one. The returned array is a view of a
 * shared buffer, valid until the next call.
 */
export function featurize(
  text: string | PreparedText,
  lang: string | undefined,
  dim: number,
  config: FeatureConfig = V1_FEATURES,
  lexicon?: Lexicon,
): Uint32Array {
  const mask = dim - 1;
  let n = 0;
  const push = (h: number) => {
    if (n === buf.length) {
      const bigger = new Uint32Array(buf.length * 2);
      bigger.set(buf);
      buf = bigger;
    }
    buf[n++] = h & mask;
  };
  const langSeed = hashStr(lang ?? '?', SEED_META);
  const langCopies = config.langCopies === true;
  const charMax = config.charMax ?? 3;
  const minGramWord = config.shortWordGrams ? 2 : 4;
  const lexRep = lexicon ? (config.lexicon ?? 0) : 0;
  const lexLang = lexRep > 0 ? hashStr(lang ?? '?', SEED_LEX) : 0;
  const lexPrefix = config.lexPrefix ?? 0;
  let lexSum = 0;
  let lexHits = 0;
  push(hashStr(`lang:${lang ?? '?'}`, SEED_META));
  push(hashStr('bias', SEED_META));
  let s = typeof text === 'string' ? maskedOf(text).toLowerCase() : text.lower;
  // Emoticons become tokens before the tokenizer splits punctuation apart.
  if (s.includes(':') || s.includes(';') || s.includes('<') || s.includes('=') || s.includes('^')) {
    s = s.replace(EMOTICON, (m) => (POS_EMOTICON.test(m) ? ' emo_pos ' : ' emo_neg '));
  }
  let negLeft = 0;
  let intNext = false;
  let prev = 0;
  let exclaim = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(s); m !== null; m = TOKEN.exec(s)) {
    let tok = m[0];
    const c0 = tok.charCodeAt(0);
    if (tok === '.' || tok === ',' || tok === ';') {
      negLeft = 0;
      prev = 0;
      continue;
    }
    if (c0 === 33 || c0 === 63) {
      // ! and ?
      negLeft = 0;
      if (c0 === 33) exclaim++;
      push(hashStr(tok.length > 2 ? tok.slice(0, 2) : tok, SEED_META));
      prev = 0;
      continue;
    }
    if (tok.length > 40) tok = tok.slice(0, 40);
    if (CJK.test(tok)) {
      // Character 1–3-grams; negation and degree words are inside the grams (不好, 太差).
      for (let i = 0; i < tok.length; i++) {
        push(hashStr(tok, SEED_CHAR, i, i + 1));
        if (i + 2 <= tok.length) push(hashStr(tok, SEED_CHAR, i, i + 2));
        if (i + 3 <= tok.length) push(hashStr(tok, SEED_CHAR, i, i + 3));
      }
      prev = 0;
      continue;
    }
    if (hasRun(tok)) {
      const [sq, elong] = squeeze(tok);
      tok = sq;
      if (elong) push(hashStr('elong', SEED_META));
    }
    const hw = hashStr(tok, SEED_WORD);
    const negated = negLeft > 0;
    if (negated) {
      push(hashStr(tok, SEED_NEG));
      negLeft--;
    } else push(hw);
    if (langCopies) push(mix(langSeed, negated ? hw ^ SEED_NEG : hw));
    if (lexRep > 0 && lexicon) {
      let v = lexicon.get(mix(lexLang, hw));
      if (v === 0) v = lexicon.get(mix(LEX_EN, hw));
      if (v === 0 && lexPrefix > 0 && tok.length > lexPrefix) {
        const hp = hashStr(tok, SEED_LEX, 0, lexPrefix);
        v = lexicon.get(mix(lexLang, hp));
        if (v === 0) v = lexicon.get(mix(LEX_EN, hp));
      }
      if (v !== 0) {
        if (negated) v = -v;
        lexSum += v;
        lexHits++;
        const sign = hashStr(v > 0 ? 'lex+' : 'lex-', SEED_LEX);
        const val = mix(SEED_LEX, v + 16);
        for (let r = 0; r < lexRep; r++) {
          push(sign);
          push(val);
        }
      }
    }
    if (intNext) {
      push(hashStr(tok, SEED_INT));
      intNext = false;
    }
    if (prev !== 0) {
      const bi = mix(prev, hw);
      push(bi);
      if (langCopies) push(mix(langSeed ^ SEED_INT, bi));
    }
    prev = hw;
    if (tok.length >= minGramWord) {
      // n-grams with boundary marks catch prefixes (ו, ה, ש, ال) and inflected endings (ru, de, es…);
      // the marks are hashed in, no "<tok>" string is built.
      const L = tok.length + 2;
      for (let g = 3; g <= charMax; g++) {
        for (let i = 0; i + g <= L; i++)
          push(hashBounded(tok, i - 1, i - 1 + g, g === 3 ? SEED_CHAR : SEED_CHAR + g));
      }
    }
    if (NEGATIONS.has(tok) || tok.endsWith("n't")) {
      negLeft = 3;
      push(hashStr('neg', SEED_META));
    }
    if (INTENSIFIERS.has(tok)) intNext = true;
  }
  if (exclaim > 1) push(hashStr('exclaim+', SEED_META));
  if (lexRep > 0 && config.lexSum !== false) {
    const f = hashStr(
      lexHits === 0 ? 'lexnone' : lexSum > 0 ? 'lexsum+' : lexSum < 0 ? 'lexsum-' : 'lexsum0',
      SEED_LEX,
    );
    for (let r = 0; r < lexRep; r++) push(f);
  }
  return buf.subarray(0, n);
}

const LEX_EN = hashStr('en', SEED_LEX);

/**
 * A word-polarity lexicon as an open-addressing hash table: key = mix(hash(lang), hash(word)), value
 * = valence (-5..5). Stored in the model file, so the run time needs no lexicon package; 32-bit keys
 * make a false hit about 1 in 100,000 tokens.
 */
export class Lexicon {
  readonly keys: Uint32Array;
  readonly values: Int8Array;
  private readonly mask: number;

  constructor(keys: Uint32Array, values: Int8Array) {
    if ((keys.length & (keys.length - 1)) !== 0 || keys.length !== values.length)
      throw new Error('bad lexicon shape');
    this.keys = keys;
    this.values = values;
    this.mask = keys.length - 1;
  }

  /** Valence of a key, 0 when absent. */
  get(key: number): number {
    const k = key || 1;
    let i = k & this.mask;
    for (;;) {
      const s = this.keys[i];
      if (s === k) return this.values[i];
      if (s === 0) return 0;
      i = (i + 1) & this.mask;
    }
  }

  /**
   * Builds the table from word lists per language code (one-word entries only; phrases are left out
   * because features are per token). The first list to name a word in a language wins.
   */
  static build(lists: Array<{ lang: string; words: Record<string, number> }>, prefix = 0): Lexicon {
    const entries = new Map<number, number>();
    // Prefix keys: the mean valence of the listed words sharing the prefix, left out when they
    // disagree in sign.
    const prefixes = new Map<number, number[]>();
    for (const { lang, words } of lists) {
      const ls = hashStr(lang, SEED_LEX);
      for (const [w, v] of Object.entries(words)) {
        const tok = w.toLowerCase();
        if (!Number.isFinite(v) || v === 0 || !/^[\p{L}\p{M}\p{N}_']+$/u.test(tok)) continue;
        const key = mix(ls, hashStr(tok, SEED_WORD)) || 1;
        if (!entries.has(key)) entries.set(key, Math.max(-5, Math.min(5, Math.round(v))));
        if (prefix > 0 && tok.length > prefix) {
          const pk = mix(ls, hashStr(tok, SEED_LEX, 0, prefix)) || 1;
          const list = prefixes.get(pk) ?? [];
          list.push(v);
          prefixes.set(pk, list);
        }
      }
    }
    for (const [pk, vs] of prefixes) {
      if (entries.has(pk) || !(vs.every((v) => v > 0) || vs.every((v) => v < 0))) continue;
      const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
      entries.set(pk, Math.max(-5, Math.min(5, Math.round(mean))) || Math.sign(mean));
    }
    let size = 1024;
    while (size < entries.size * 2) size *= 2;
    const keys = new Uint32Array(size);
    const values = new Int8Array(size);
    // Insert in key order so the table bytes do not depend on the lists' order of keys.
    for (const key of [...entries.keys()].sort((a, b) => a - b)) {
      let i = key & (size - 1);
      while (keys[i] !== 0) i = (i + 1) & (size - 1);
      keys[i] = key;
      values[i] = entries.get(key) ?? 0;
    }
    return new Lexicon(keys, values);
  }
}

/** True when a character repeats 3+ times in a row (sooo), so squeeze() has work to do. */
function hasRun(tok: string): boolean {
  for (let i = 2; i < tok.length; i++)
    if (tok.charCodeAt(i) === tok.charCodeAt(i - 1) && tok.charCodeAt(i) === tok.charCodeAt(i - 2))
      return true;
  return false;
}

/** FNV-1a of `<tok>`[from+1, to+1) without building it: index -1 is '<', tok.length is '>'. */
function hashBounded(tok: string, from: number, to: number, seed: number): number {
  let h = seed >>> 0;
  for (let i = from; i < to; i++) {
    h ^= i < 0 ? 60 : i >= tok.length ? 62 : tok.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
