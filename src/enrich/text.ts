/**
 * Text clean-up shared by the enrichers. Mention text is hostile: every function here caps its input,
 * tolerates lone surrogates and invisible characters, and never builds a RegExp from user text.
 */

/** Enrichers only look at the first 4,000 UTF-16 units: a 100 KB post is judged by its opening. */
export const MAX_ENRICH_CHARS = 4000;

const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s]{1,2000}/gi;
const MENTION = /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_.]{1,64}/gu;
const HASHTAG_MARK = /(?<![\p{L}\p{N}_])#(?=[\p{L}\p{N}_])/gu;
// TweetEval-style escapes (\u2019, \u002c) survive in some data sets and in scraped posts.
const ESCAPED = /\\u([0-9a-fA-F]{4})/g;

/** Caps the length, drops invisible marks and broken surrogates, decodes literal \uXXXX escapes. */
export function cleanText(text: unknown): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  let s = text.length > MAX_ENRICH_CHARS ? text.slice(0, MAX_ENRICH_CHARS) : text;
  if (s.includes('\\u'))
    s = s.replace(ESCAPED, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return s.replace(LONE_SURROGATE, ' ').replace(INVISIBLE, '');
}

/** Replaces URLs and @handles by placeholders; keeps hashtag words without the '#'. */
export function maskSocial(s: string, url = ' _url_ ', user = ' _user_ '): string {
  return s.replace(URL, url).replace(MENTION, user).replace(HASHTAG_MARK, '');
}

/**
 * A text cleaned and masked once, shared by all enrichers of one mention; the derived forms are
 * computed on first use and then shared too (language, sentiment, categories and stories each used to
 * redo them).
 */
export class PreparedText {
  readonly clean: string;
  /** `clean` with URLs as " _url_ " and handles as " _user_ ". */
  readonly masked: string;
  private _lower?: string;
  private _bare?: string;

  constructor(clean: string, masked: string) {
    this.clean = clean;
    this.masked = masked;
  }

  /** `masked` lower-cased. */
  get lower(): string {
    if (this._lower === undefined) this._lower = this.masked.toLowerCase();
    return this._lower;
  }

  /** `clean` with URLs and handles removed (for language detection). */
  get bare(): string {
    if (this._bare === undefined) {
      const m = this.masked;
      this._bare = m.includes(' _u') ? m.replaceAll(' _url_ ', '  ').replaceAll(' _user_ ', '  ') : m;
    }
    return this._bare;
  }
}

export function prepare(text: unknown): PreparedText {
  const clean = cleanText(text);
  return new PreparedText(clean, maskSocial(clean));
}

export function maskedOf(text: string | PreparedText): string {
  return typeof text === 'string' ? maskSocial(cleanText(text)) : text.masked;
}

/** The URLs in a text (capped), for story clustering. */
export function extractUrls(text: string | PreparedText, max = 5): string[] {
  const out: string[] = [];
  if (typeof text !== 'string' && !text.clean.includes('://') && !text.clean.includes('www.')) return out;
  for (const m of (typeof text === 'string' ? cleanText(text) : text.clean).matchAll(URL)) {
    out.push(m[0].replace(/[).,!?'"\]]+$/, ''));
    if (out.length >= max) break;
  }
  return out;
}
