/** Turns query text into lexemes. Never throws anything but QueryError. */
import { QueryError } from './errors.ts';
import { queryLimits } from './limits.ts';

export type Lexeme =
  | { t: '(' | ')' | 'AND' | 'OR' | 'NOT' | '-'; at: number }
  | { t: 'NEAR'; at: number; distance: number; ordered: boolean }
  | { t: 'word'; at: number; text: string }
  | { t: 'phrase'; at: number; text: string; proximity: number | null }
  | { t: 'exact'; at: number; text: string }
  | { t: 'field'; at: number; name: string; value: string; valueAt: number };

const openQuotes = new Set(['"', '“', '”', '„', '«']);
const closeQuotes = new Set(['"', '“', '”', '»']);
const breaks = new Set(['(', ')', '{', '}', ...openQuotes, '»']);

export const fieldNames = new Set([
  'author',
  'site',
  'domain',
  'source',
  'lang',
  'language',
  'country',
  'url',
  'title',
  'followers',
  'verified',
  'engagement',
  'topic',
]);

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0' || ch === '\u3000';
}

export function lex(query: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  const n = query.length;
  while (i < n) {
    const ch = query[i] as string;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      out.push({ t: ch, at: i });
      i++;
      continue;
    }
    if (ch === '}' || ch === '»') throw new QueryError(`unexpected "${ch}"`, i);
    if (openQuotes.has(ch)) {
      i = lexPhrase(query, i, out);
      continue;
    }
    if (ch === '{') {
      const close = query.indexOf('}', i + 1);
      if (close < 0) throw new QueryError('unclosed "{"', i);
      out.push({ t: 'exact', at: i, text: query.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < n && !isSpace(query[j] as string) && !breaks.has(query[j] as string)) j++;
    const word = query.slice(i, j);
    // "-(" and "-\"…\"" exclude the group or phrase that follows; a "-" standing alone excludes nothing.
    if (word === '-' && j < n && !isSpace(query[j] as string)) out.push({ t: '-', at: i });
    else lexWord(word, i, out);
    i = j;
  }
  return out;
}

function lexPhrase(query: string, at: number, out: Lexeme[]): number {
  let close = -1;
  for (let k = at + 1; k < query.length; k++) {
    if (closeQuotes.has(query[k] as string)) {
      close = k;
      break;
    }
  }
  if (close < 0) throw new QueryError('unterminated quotation mark', at);
  let next = close + 1;
  let proximity: number | null = null;
  if (query[next] === '~') {
    let k = next + 1;
    while (k < query.length && query.charCodeAt(k) >= 0x30 && query.charCodeAt(k) <= 0x39) k++;
    if (k === next + 1)
      throw new QueryError('"~" after a phrase needs a number of words, as in "acme refund"~5', next);
    proximity = Number(query.slice(next + 1, k));
    if (proximity > queryLimits.distance) {
      throw new QueryError(`proximity ~${proximity} is larger than ${queryLimits.distance}`, next);
    }
    next = k;
  }
  out.push({ t: 'phrase', at, text: query.slice(at + 1, close), proximity });
  return next;
}

const nearPattern = /^NEAR\/(\d{1,6})(f?)$/;
const fieldPattern = /^([A-Za-z]+):(.*)$/s;

function lexWord(word: string, at: number, out: Lexeme[]): void {
  if (word === 'AND' || word === 'OR' || word === 'NOT') {
    out.push({ t: word, at });
    return;
  }
  if (word === 'NEAR' || word.startsWith('NEAR/')) {
    const m = nearPattern.exec(word);
    if (!m) throw new QueryError('NEAR needs a distance, as in NEAR/5 or NEAR/5f', at);
    const distance = Number(m[1]);
    if (distance > queryLimits.distance) {
      throw new QueryError(`NEAR/${distance} is larger than ${queryLimits.distance}`, at);
    }
    out.push({ t: 'NEAR', at, distance, ordered: m[2] === 'f' });
    return;
  }
  if (word === '-') throw new QueryError('"-" must be attached to the term it excludes, as in -refund', at);
  if (word.startsWith('-')) {
    // A loop, not recursion: "------…acme" must not exhaust the stack (the parser bounds the depth).
    let k = 0;
    while (word[k] === '-') out.push({ t: '-', at: at + k++ });
    if (k < word.length) lexWord(word.slice(k), at + k, out);
    return;
  }
  const m = fieldPattern.exec(word);
  if (m) {
    const name = (m[1] as string).toLowerCase();
    const value = m[2] as string;
    if (fieldNames.has(name)) {
      out.push({ t: 'field', at, name, value, valueAt: at + name.length + 1 });
      return;
    }
    // A URL such as https://acme.example is a term, not a field.
    if (!value.startsWith('//')) {
      throw new QueryError(
        `unknown field "${m[1]}:"; fields are ${[...fieldNames].join(', ')} (quote the text to search for it)`,
        at,
      );
    }
  }
  out.push({ t: 'word', at, text: word });
}
