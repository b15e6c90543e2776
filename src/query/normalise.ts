/**
 * Character classes and folding shared by the tokeniser (documents) and the parser (query terms), so
 * that both sides of a comparison are normalised by exactly the same code.
 */

export enum CharClass {
  Unknown = 0,
  Other = 1,
  Word = 2,
  Cjk = 3,
  Mark = 4,
  Emoji = 5,
  /** Zero-width joiners, variation selectors, skin tones: invisible parts of an emoji. */
  Skip = 6,
}

const bmp = new Uint8Array(0x10000);
const astral = new Map<number, CharClass>();
const pictographic = /\p{Extended_Pictographic}/u;
const mark = /\p{M}/u;
const letterOrDigit = /[\p{L}\p{N}]/u;

function computeClass(cp: number): CharClass {
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)
      ? CharClass.Word
      : CharClass.Other;
  }
  if (
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f)
  ) {
    return CharClass.Cjk;
  }
  if (cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0x20e3) return CharClass.Skip;
  if ((cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0000 && cp <= 0xe007f)) return CharClass.Skip;
  // Hebrew geresh and gershayim belong inside words: צה״ל, ג׳ירפה.
  if (cp === 0x05f3 || cp === 0x05f4) return CharClass.Word;
  const ch = String.fromCodePoint(cp);
  if (pictographic.test(ch) || (cp >= 0x1f1e6 && cp <= 0x1f1ff)) return CharClass.Emoji;
  if (mark.test(ch)) return CharClass.Mark;
  if (letterOrDigit.test(ch)) return CharClass.Word;
  return CharClass.Other;
}

export function classOf(cp: number): CharClass {
  if (cp < 0x10000) {
    let c = bmp[cp] as CharClass;
    if (c === CharClass.Unknown) {
      c = computeClass(cp);
      bmp[cp] = c;
    }
    return c;
  }
  let c = astral.get(cp);
  if (c === undefined) {
    c = computeClass(cp);
    if (astral.size < 100_000) astral.set(cp, c);
  }
  return c;
}

const hebrewFinals: Record<string, string> = { ך: 'כ', ם: 'מ', ן: 'נ', ף: 'פ', ץ: 'צ' };

/** Niqqud, cantillation and the geresh marks disappear; final letters become their ordinary forms. */
const hebrewMarks = /[\u0591-\u05c7\u05f3\u05f4]/g;
const needsMapping = /[\u0591-\u05c7\u05f3\u05f4ךםןףץё]/;

/** NFKC, lower case, Hebrew without niqqud and with ordinary letter forms, Russian ё as е. */
export function foldUnicode(s: string): string {
  let t = s.normalize('NFKC').toLowerCase();
  if (needsMapping.test(t)) {
    t = t
      .replace(hebrewMarks, '')
      .replace(/[ךםןףץ]/g, (c) => hebrewFinals[c] ?? c)
      .replaceAll('ё', 'е');
  }
  return t;
}

export function fold(s: string): string {
  let simple = true;
  let mapped = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    // Cyrillic and plain Hebrew letters are already NFKC: skip the costly normalisation for them.
    if (c >= 0x0400 && c <= 0x04ff) {
      if (c === 0x0451 || c === 0x0401) mapped = true;
    } else if (c >= 0x05d0 && c <= 0x05ea) {
      if (c === 0x05da || c === 0x05dd || c === 0x05df || c === 0x05e3 || c === 0x05e5) mapped = true;
    } else {
      simple = false;
      break;
    }
  }
  if (!simple) return foldUnicode(s);
  const lower = s.toLowerCase();
  return mapped ? lower.replace(/[ךםןףץ]/g, (c) => hebrewFinals[c] ?? c).replaceAll('ё', 'е') : lower;
}

/** The exact-case comparison form: NFKC without case folding. */
export function exactForm(s: string): string {
  return s.normalize('NFKC');
}

export function isHebrewLetter(code: number): boolean {
  return code >= 0x05d0 && code <= 0x05ea;
}

export function isCyrillic(code: number): boolean {
  return code >= 0x0400 && code <= 0x04ff;
}

/** ו ה ב ל מ ש כ: the one-letter words Hebrew writes attached to the next word. */
const hebrewPrefixLetters = new Set(['ו', 'ה', 'ב', 'ל', 'מ', 'ש', 'כ']);
export const hebrewPrefixMax = 4;
/** A stripped remainder shorter than this is more likely the word itself than prefix + word. */
const hebrewMinRemainder = 2;

/** Marks a form reached by removing Hebrew prefixes, so exact-form terms can refuse it. */
export const strippedMark = '\u0001';

/** "ושבאקמה" → ["שבאקמה", "באקמה", "אקמה"]: every reading with 1..4 prefix letters removed. */
export function hebrewStrippings(folded: string): string[] {
  const out: string[] = [];
  for (let k = 1; k <= hebrewPrefixMax && folded.length - k >= hebrewMinRemainder; k++) {
    if (!hebrewPrefixLetters.has(folded[k - 1] as string)) break;
    out.push(folded.slice(k));
  }
  return out;
}

// Longest first, so "ами" is tried before "и".
const russianEndings = [
  'иями',
  'ями',
  'ами',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ой',
  'ей',
  'ою',
  'ею',
  'ом',
  'ем',
  'ам',
  'ям',
  'ах',
  'ях',
  'ов',
  'ев',
  'ую',
  'юю',
  'ая',
  'яя',
  'ое',
  'ее',
  'ые',
  'ие',
  'ый',
  'ий',
  'ых',
  'их',
  'ым',
  'им',
  'а',
  'я',
  'о',
  'е',
  'ы',
  'и',
  'у',
  'ю',
  'ь',
  'й',
];
const minStem = 3;

/**
 * A light Russian stemmer for brand names with case endings (Акме, Акмы, Акмой, Акмою → акм): it removes
 * the longest common inflectional ending while at least three letters remain. Other scripts are unchanged.
 */
export function stem(folded: string): string {
  if (folded.length <= minStem || !isCyrillic(folded.charCodeAt(0))) return folded;
  for (const ending of russianEndings) {
    if (folded.length - ending.length >= minStem && folded.endsWith(ending)) {
      return folded.slice(0, folded.length - ending.length);
    }
  }
  return folded;
}
