/**
 * Highlight spans: where the positive terms of a query occur in a mention, as offsets into the title or
 * text. The UI wraps these ranges itself (escaping the text), so no HTML is ever built from mentions.
 */
import type { Node } from './ast.ts';
import { DocView, type MatchDoc } from './document.ts';
import { termOccurrences } from './reference.ts';
import { Field } from './tokenise.ts';

export interface HighlightSpan {
  field: 'text' | 'title';
  /** UTF-16 offsets, end exclusive, as JavaScript's String.slice takes them. */
  start: number;
  end: number;
  /** The query term that matched, as written. */
  term: string;
}

const maxSpans = 200;

export function highlight(ast: Node, doc: MatchDoc): HighlightSpan[] {
  const view = new DocView(doc);
  const spans: HighlightSpan[] = [];
  const seen = new Set<string>();
  const visit = (node: Node, negated: boolean) => {
    switch (node.type) {
      case 'and':
      case 'or':
        for (const c of node.children) visit(c, negated);
        return;
      case 'not':
        visit(node.child, !negated);
        return;
      case 'near':
        visit(node.left, negated);
        visit(node.right, negated);
        return;
      case 'term':
      case 'title': {
        if (negated) return;
        const term = node.type === 'term' ? node : node.term;
        const only = node.type === 'title' ? Field.Title : null;
        for (const occ of termOccurrences(term, view, only)) {
          for (const t of occ.tokens) {
            const key = `${t.field}:${t.start}:${t.stop}`;
            if (seen.has(key) || spans.length >= maxSpans) continue;
            seen.add(key);
            spans.push({
              field: t.field === Field.Title ? 'title' : 'text',
              start: t.start,
              end: t.stop,
              term: term.raw,
            });
          }
        }
        return;
      }
      default:
        return;
    }
  };
  visit(ast, false);
  return spans.sort((a, b) => (a.field === b.field ? a.start - b.start : a.field === 'title' ? -1 : 1));
}
