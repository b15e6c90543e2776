/** A document as the matcher sees it: the mention's fields and the tokens of its title and text. */
import type { Element } from './ast.ts';
import { queryLimits } from './limits.ts';
import { exactForm, stem, strippedMark } from './normalise.ts';
import { globMatch } from './terms.ts';
import { Field, type Token, tokenise } from './tokenise.ts';

/** The mention fields a query can look at; a Mention satisfies it. */
export interface MatchDoc {
  text: string;
  title?: string;
  url?: string;
  source?: string;
  lang?: string;
  country?: string;
  author?: { handle: string; name?: string; followers?: number; verified?: boolean };
  engagement?: { likes: number; shares: number; replies: number };
}

/** Title positions never come within reach of text positions, so no phrase or NEAR bridges them. */
const fieldGap = queryLimits.distance + 2;

export class DocView {
  readonly tokens: Token[];
  constructor(readonly doc: MatchDoc) {
    const tokens: Token[] = [];
    let next = 0;
    if (doc.title) next = tokenise(doc.title, 0, Field.Title, tokens).nextPos + fieldGap;
    tokenise(doc.text, next, Field.Text, tokens);
    this.tokens = tokens;
  }

  original(tok: Token): string {
    const source = tok.field === Field.Title ? (this.doc.title ?? '') : this.doc.text;
    return source.slice(tok.start, tok.stop);
  }
}

/** Whether one document token satisfies one element of a term. Shared by both evaluators. */
export function elementMatches(el: Element, tok: Token, view: DocView): boolean {
  switch (el.kind) {
    case 'word':
      if (
        tok.form !== el.form &&
        !(el.hebrew && tok.form.length === el.form.length + 1 && tok.form === strippedMark + el.form)
      ) {
        return false;
      }
      return el.exact === null || exactForm(view.original(tok)) === el.exact;
    case 'glob': {
      const stripped = tok.form.charCodeAt(0) === 1;
      if (stripped && !el.hebrew) return false;
      return globMatch(el.pattern, stripped ? tok.form.slice(1) : tok.form);
    }
    case 'stem':
      return tok.form.charCodeAt(0) !== 1 && tok.form.startsWith(el.stem) && stem(tok.form) === el.stem;
  }
}
