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

export interface FeatureOptions {
  dim: number;
}

/**
 * Feature indices (with repeats, each worth 1) for one text. `dim` must be a power of two.
 * `lang` adds a language bias feature; unknown languages share one.
 */
export function featurize(text: string | PreparedText, lang: string | undefined, dim: number): Uint32Array {
  const mask = dim - 1;
  const out: number[] = [];
  const push = (h: number) => out.push(h & mask);
  push(hashStr(`lang:${lang ?? '?'}`, SEED_META));
  push(hashStr('bias', SEED_META));
  const raw = maskedOf(text);
  let s = raw.toLowerCase();
  // Emoticons become tokens before the tokenizer splits punctuation apart.
  if (s.includes(':') || s.includes(';') || s.includes('<') || s.includes('=') || s.includes('^')) {
    s = s.replace(EMOTICON, (m) => (POS_EMOTICON.test(m) ? ' emo_pos ' : ' emo_neg '));
  }
  let negLeft = 0;
  let intNext = false;
  let prev = 0;
  let exclaim = 0;
  for (const m of s.matchAll(TOKEN)) {
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
    const [sq, elong] = squeeze(tok);
    tok = sq;
    if (elong) push(hashStr('elong', SEED_META));
    const hw = hashStr(tok, SEED_WORD);
    if (negLeft > 0) {
      push(hashStr(tok, SEED_NEG));
      negLeft--;
    } else push(hw);
    if (intNext) {
      push(hashStr(tok, SEED_INT));
      intNext = false;
    }
    if (prev !== 0) push(mix(prev, hw));
    prev = hw;
    if (tok.length >= 4) {
      // 3-grams with boundary marks catch prefixes (ו, ה, ש, ال) and inflected endings (ru, de, es…).
      const w = `<${tok}>`;
      for (let i = 0; i + 3 <= w.length; i++) push(hashStr(w, SEED_CHAR, i, i + 3));
    }
    if (NEGATIONS.has(tok) || tok.endsWith("n't")) {
      negLeft = 3;
      push(hashStr('neg', SEED_META));
    }
    if (INTENSIFIERS.has(tok)) intNext = true;
  }
  if (exclaim > 1) push(hashStr('exclaim+', SEED_META));
  return Uint32Array.from(out);
}
