/** Builds a term's elements by tokenising it with the document tokeniser, so both sides fold alike. */
import type { Element, TermNode } from './ast.ts';
import { QueryError } from './errors.ts';
import { queryLimits } from './limits.ts';
import { exactForm, fold, isHebrewLetter, stem } from './normalise.ts';
import { tokenise } from './tokenise.ts';

export interface TermOptions {
  phrase: boolean;
  exact: boolean;
  proximity: number | null;
}

export function makeTerm(raw: string, at: number, options: TermOptions): TermNode {
  const pieces = options.phrase ? raw.split(/\s+/).filter(Boolean) : [raw];
  if (pieces.length === 0) throw new QueryError('empty phrase', at);
  if (pieces.length > queryLimits.phraseWords) {
    throw new QueryError(`a phrase may have at most ${queryLimits.phraseWords} words`, at);
  }
  const units = pieces.map((piece) => pieceElements(piece, at, options.exact));
  const elements = units.flat();
  if (elements.length > queryLimits.phraseWords * 4) {
    throw new QueryError('this phrase is too long to search for', at);
  }
  if (options.proximity !== null && units.length < 2) {
    throw new QueryError('proximity "…"~n needs at least two words in the quotes', at);
  }
  return { type: 'term', at, raw, elements, units, proximity: options.proximity };
}

function pieceElements(input: string, at: number, exact: boolean): Element[] {
  let piece = input;
  const stemmed = !exact && piece.length > 1 && piece.endsWith('~');
  if (stemmed) piece = piece.slice(0, -1);
  if (piece.includes('*') || piece.includes('?')) return [globElement(piece, at, exact)];
  const tokens = tokenise(piece).tokens.filter((t) => !t.alt);
  if (tokens.length === 0) {
    throw new QueryError(`"${input}" has no letters, digits or emoji to search for`, at);
  }
  return tokens.map((t): Element => {
    if (stemmed && !t.cjk) return { kind: 'stem', stem: stem(t.form) };
    return {
      kind: 'word',
      form: t.form,
      hebrew: !exact && isHebrewLetter(t.form.charCodeAt(0)),
      exact: exact ? exactForm(piece.slice(t.start, t.stop)) : null,
    };
  });
}

function globElement(piece: string, at: number, exact: boolean): Element {
  if (exact) throw new QueryError('wildcards cannot be used inside { }', at);
  const probe = tokenise(piece.replace(/[*?]/g, 'x')).tokens.filter((t) => !t.alt);
  if (probe.length !== 1 || probe[0]?.cjk || probe[0]?.start !== 0 || probe[0]?.stop !== piece.length) {
    throw new QueryError(
      `the wildcard in "${piece}" must sit inside one word (Chinese and Japanese terms match inside text without one)`,
      at,
    );
  }
  const pattern = fold(piece);
  const first = pattern.search(/[*?]/);
  if (first < 2) throw new QueryError(`"${piece}" needs at least two letters before its wildcard`, at);
  if (pattern.length > 128) throw new QueryError('a wildcard term may have at most 128 characters', at);
  return {
    kind: 'glob',
    pattern,
    prefix: pattern.slice(0, first),
    hebrew: isHebrewLetter(pattern.charCodeAt(0)),
  };
}

/** Glob match without regular expressions: linear-ish with one backtrack point, so it cannot blow up. */
export function globMatch(pattern: string, s: string): boolean {
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < s.length) {
    const p = pattern[i];
    if (p !== undefined && (p === '?' || p === s[j])) {
      i++;
      j++;
    } else if (p === '*') {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[i] === '*') i++;
  return i === pattern.length;
}
