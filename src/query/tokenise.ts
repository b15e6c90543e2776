/**
 * Splits text into searchable tokens with word positions and the character offsets of the original
 * text (for highlight spans). Latin, Cyrillic and Hebrew words are space-delimited; Chinese and Japanese
 * characters are one token each, so terms match as substrings and proximity counts characters there.
 * Each emoji is a token. A hashtag or @mention is one token ("#acmefail") that also yields its body and
 * its CamelCase/underscore parts ("acme", "fail") at the positions they cover. A Hebrew word starting
 * with prefix letters also yields its stripped readings, marked so exact terms can refuse them.
 */
import { CharClass, classOf, fold, hebrewStrippings, isHebrewLetter, strippedMark } from './normalise.ts';

export enum Field {
  Text = 0,
  Title = 1,
}

export interface Token {
  /** Folded form; stripped Hebrew readings start with `strippedMark`. */
  form: string;
  /** First and last word position covered (a hashtag of two parts covers two). */
  pos: number;
  end: number;
  /** UTF-16 offsets into the original field text. */
  start: number;
  stop: number;
  /** An extra reading (hashtag body or part, Hebrew stripping): never a query term's own token. */
  alt: boolean;
  field: Field;
  /** Chinese/Japanese character. */
  cjk: boolean;
}

export interface Tokenised {
  tokens: Token[];
  /** Position after the last token. */
  nextPos: number;
}

function isWordish(c: CharClass): boolean {
  return c === CharClass.Word || c === CharClass.Mark;
}

/** Splits a hashtag body on underscores and CamelCase humps: "ACMEAir_fail" → ACME, Air, fail. */
export function hashtagParts(body: string): string[] {
  const parts: string[] = [];
  for (const chunk of body.split('_')) {
    if (!chunk) continue;
    let from = 0;
    for (let i = 1; i < chunk.length; i++) {
      const prev = chunk[i - 1] as string;
      const cur = chunk[i] as string;
      const next = chunk[i + 1];
      const prevLower = prev !== prev.toUpperCase();
      const curUpper = cur !== cur.toLowerCase();
      const acronymEnd =
        curUpper && prev !== prev.toLowerCase() && next !== undefined && next !== next.toUpperCase();
      if ((prevLower && curUpper) || acronymEnd) {
        parts.push(chunk.slice(from, i));
        from = i;
      }
    }
    parts.push(chunk.slice(from));
  }
  return parts;
}

export function tokenise(
  text: string,
  firstPos = 0,
  field: Field = Field.Text,
  out: Token[] = [],
): Tokenised {
  const n = text.length;
  let pos = firstPos;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    let cp = code;
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
      cp = text.codePointAt(i) as number;
      width = cp > 0xffff ? 2 : 1;
    }
    const cls = classOf(cp);
    if (isWordish(cls)) {
      let j = i + width;
      let ascii = code < 0x80;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c < 0x80) {
          if (classOf(c) !== CharClass.Word) break;
          j++;
          continue;
        }
        const p = text.codePointAt(j) as number;
        if (!isWordish(classOf(p))) break;
        ascii = false;
        j += p > 0xffff ? 2 : 1;
      }
      pushWord(out, text.slice(i, j), ascii, pos, i, j, field);
      pos++;
      i = j;
      continue;
    }
    if ((code === 0x23 || code === 0x40) && i + 1 < n) {
      const end = hashtagEnd(text, i + 1);
      if (end > i + 1) {
        pos = pushHashtag(out, text, i, end, pos, field);
        i = end;
        continue;
      }
    }
    if (cls === CharClass.Cjk || cls === CharClass.Emoji) {
      out.push({
        form: text.slice(i, i + width),
        pos,
        end: pos,
        start: i,
        stop: i + width,
        alt: false,
        field,
        cjk: cls === CharClass.Cjk,
      });
      pos++;
    }
    i += width;
  }
  return { tokens: out, nextPos: pos };
}

function hashtagEnd(text: string, from: number): number {
  let j = from;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x5f) {
      j++;
      continue;
    }
    const p = text.codePointAt(j) as number;
    if (!isWordish(classOf(p))) break;
    j += p > 0xffff ? 2 : 1;
  }
  // "#_" or "#___" is punctuation, not a hashtag.
  return /[^_]/.test(text.slice(from, j)) ? j : from;
}

function pushWord(
  out: Token[],
  raw: string,
  ascii: boolean,
  pos: number,
  start: number,
  stop: number,
  field: Field,
) {
  const form = ascii ? raw.toLowerCase() : fold(raw);
  if (!form) return;
  out.push({ form, pos, end: pos, start, stop, alt: false, field, cjk: false });
  if (!ascii && isHebrewLetter(form.charCodeAt(0))) {
    for (const s of hebrewStrippings(form)) {
      out.push({ form: strippedMark + s, pos, end: pos, start, stop, alt: true, field, cjk: false });
    }
  }
}

function pushHashtag(out: Token[], text: string, at: number, end: number, pos: number, field: Field): number {
  const sigil = text[at] as string;
  const rawBody = text.slice(at + 1, end);
  const parts = hashtagParts(rawBody);
  const last = pos + Math.max(parts.length, 1) - 1;
  const body = fold(rawBody.replaceAll('_', ''));
  out.push({ form: sigil + body, pos, end: last, start: at, stop: end, alt: false, field, cjk: false });
  out.push({ form: body, pos, end: last, start: at + 1, stop: end, alt: true, field, cjk: false });
  if (parts.length > 1) {
    let offset = at + 1;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k] as string;
      offset = text.indexOf(part, offset);
      out.push({
        form: fold(part),
        pos: pos + k,
        end: pos + k,
        start: offset,
        stop: offset + part.length,
        alt: true,
        field,
        cjk: false,
      });
      offset += part.length;
    }
  } else if (isHebrewLetter(body.charCodeAt(0))) {
    for (const s of hebrewStrippings(body)) {
      out.push({
        form: strippedMark + s,
        pos,
        end: pos,
        start: at + 1,
        stop: end,
        alt: true,
        field,
        cjk: false,
      });
    }
  }
  return last + 1;
}
