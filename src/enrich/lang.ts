/**
 * Language of a post: the source's own tag when it has one, otherwise the script when it names the
 * language, otherwise ELD's n-gram scoring (npm `eld`, medium database, chosen for accuracy on short
 * texts) on the text with URLs, @handles and '#' marks removed. "unknown" when the text has too few
 * letters or ELD is unsure. ELD's scoring runs through our allocation-free copy (lang-ngrams.ts),
 * which gives ELD's answers ~8× faster.
 */
import { type EldData, IS_LETTER, NgramScorer } from './lang-ngrams.ts';
import { cleanText, maskSocial, type PreparedText } from './text.ts';

export const UNKNOWN_LANG = 'unknown';
const ASTRAL_LETTER = /^\p{L}/u;

// ELD's tables, read from the installed package (its exports map hides them; the files are part of it).
const ELD_ENTRY = import.meta.resolve('eld/medium');
const [{ ngramsData }, { dictionary }, { avgScore }] = (await Promise.all([
  import(new URL('../ngrams/medium.js', ELD_ENTRY).href),
  import(new URL('../dictionary.js', ELD_ENTRY).href),
  import(new URL('../avgScore.js', ELD_ENTRY).href),
])) as [{ ngramsData: EldData }, { dictionary: string[] }, { avgScore: Record<string, number> }];
const scorer = new NgramScorer({ data: ngramsData, dictionary, avgScore });
const SOURCE_LANG = /^[a-z]{2,3}$/;
const MAX_DETECT_CHARS = 300;

/**
 * Scripts that name one language among those we serve (Hebrew, Han without kana, Hangul, Thai, Greek),
 * Cyrillic with Russian-only letters and no Ukrainian ones, and Arabic script without Persian/Urdu
 * letters are decided by counting characters, ~10x cheaper than n-gram detection; everything else
 * (Latin, other Cyrillic and Arabic-script text, Devanagari) goes to ELD.
 */
function byScript(s: string): string | undefined {
  let letters = 0;
  let hebrew = 0;
  let han = 0;
  let kana = 0;
  let hangul = 0;
  let thai = 0;
  let greek = 0;
  let cyrillic = 0;
  let arabic = 0;
  let ukMark = false;
  let ruMark = false;
  let otherMark = false;
  let faurMark = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x41) continue;
    if (c >= 0x400 && c <= 0x4ff) {
      cyrillic++;
      // і ї є ґ (and capitals) are Ukrainian; ы э ё are Russian (not Ukrainian, Bulgarian or Serbian).
      if (
        c === 0x456 ||
        c === 0x457 ||
        c === 0x454 ||
        c === 0x491 ||
        c === 0x406 ||
        c === 0x407 ||
        c === 0x404 ||
        c === 0x490
      )
        ukMark = true;
      else if (c === 0x44b || c === 0x44d || c === 0x451 || c === 0x42b || c === 0x42d || c === 0x401)
        ruMark = true;
      // ў (Belarusian), ђ ј љ њ ћ џ ѓ ќ ѕ (Serbian, Macedonian).
      else if (c === 0x45e || (c >= 0x452 && c <= 0x45f && c !== 0x454 && c !== 0x456 && c !== 0x457))
        otherMark = true;
    } else if (c >= 0x600 && c <= 0x6ff) {
      arabic++;
      // Persian and Urdu letters: leave those texts to ELD.
      if (
        c === 0x67e ||
        c === 0x686 ||
        c === 0x698 ||
        c === 0x6af ||
        c === 0x6a9 ||
        c === 0x6cc ||
        c === 0x679 ||
        c === 0x688 ||
        c === 0x691 ||
        c === 0x6ba ||
        c === 0x6d2 ||
        c === 0x6be
      )
        faurMark = true;
    }
    if (c >= 0x5d0 && c <= 0x5ea) hebrew++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) han++;
    else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0xac00 && c <= 0xd7af) hangul++;
    else if (c >= 0xe00 && c <= 0xe7f) thai++;
    else if (c >= 0x370 && c <= 0x3ff) greek++;
    else if (
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0xc0 && c <= 0x24f) ||
      (c >= 0x400 && c <= 0x4ff) ||
      (c >= 0x600 && c <= 0x6ff) ||
      (c >= 0x900 && c <= 0x97f)
    )
      letters++;
    else continue;
  }
  const total = letters + hebrew + han + kana + hangul + thai + greek;
  if (total < 3) return undefined;
  const major = total * 0.6;
  if (hebrew >= major) return 'he';
  if (kana > 0 && han + kana >= major) return 'ja';
  if (han >= major) return 'zh';
  if (hangul >= major) return 'ko';
  if (thai >= major) return 'th';
  if (greek >= major) return 'el';
  // Short Cyrillic posts without Ukrainian, Belarusian or Serbian letters are Russian far more often than
  // Bulgarian; n-gram detection scatters them over bg/uk/sr/be.
  if (cyrillic >= major && !ukMark && !otherMark && (ruMark || cyrillic < 40)) return 'ru';
  if (arabic >= major && !faurMark) return 'ar';
  return undefined;
}

/** Normalises a source-provided tag ("en-US", "HE") to its primary subtag, or undefined if unusable. */
export function sourceLang(tag: unknown): string | undefined {
  if (typeof tag !== 'string') return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (!SOURCE_LANG.test(primary) || primary === 'und' || primary === 'zxx') return undefined;
  return primary === 'iw' ? 'he' : primary;
}

/** Letters (\p{L}) in s: a table look-up per BMP code unit, the regex only for astral characters. */
function countLetters(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (IS_LETTER[c] === 1) n++;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      if (ASTRAL_LETTER.test(s.slice(i, i + 2))) n++;
      i++;
    }
  }
  return n;
}

/** ELD's answer for a text that the script did not decide ('' when it has none). */
export function eldLanguage(s: string): { language: string; reliable: boolean } {
  return scorer.detect(s);
}

export function detectLang(text: string | PreparedText, provided?: unknown): string {
  const given = sourceLang(provided);
  if (given) return given;
  try {
    const social = typeof text === 'string' ? maskSocial(cleanText(text), ' ', ' ') : text.bare;
    const s = social.length > MAX_DETECT_CHARS ? social.slice(0, MAX_DETECT_CHARS) : social;
    const letters = countLetters(s);
    if (letters < 3) return UNKNOWN_LANG;
    const script = byScript(s);
    if (script) return script;
    const r = scorer.detect(s);
    if (!r.language) return UNKNOWN_LANG;
    // Short Han or Hebrew texts are unambiguous by script even when ELD calls them unreliable.
    if (!r.reliable && letters < 12 && r.language !== 'zh' && r.language !== 'he') return UNKNOWN_LANG;
    return r.language;
  } catch {
    return UNKNOWN_LANG;
  }
}
