/**
 * The reference evaluator: walks the tree and scans the token list directly, with no prefilter and no
 * index. It is the specification the compiled matcher is property-tested against, and it also yields the
 * matched tokens for highlight spans.
 */
import type { Element, NearNode, Node, TermNode } from './ast.ts';
import { type DocView, elementMatches } from './document.ts';
import { fieldMatches, rangeMatches } from './fields.ts';
import { Field, type Token } from './tokenise.ts';

export interface Occurrence {
  /** First and last word position covered. */
  s: number;
  e: number;
  tokens: Token[];
}

export function evaluateReference(node: Node, view: DocView): boolean {
  switch (node.type) {
    case 'term':
      return termOccurrences(node, view, null).length > 0;
    case 'title':
      return termOccurrences(node.term, view, Field.Title).length > 0;
    case 'and':
      return node.children.every((c) => evaluateReference(c, view));
    case 'or':
      return node.children.some((c) => evaluateReference(c, view));
    case 'not':
      return !evaluateReference(node.child, view);
    case 'near':
      return occurrencesOf(node, view).length > 0;
    case 'field':
      return fieldMatches(node, view.doc);
    case 'range':
      return rangeMatches(node, view.doc);
    case 'topic':
      throw new Error(`topic:"${node.name}" must be resolved before evaluation`);
  }
}

/** Occurrences of a NEAR operand: a term, an OR group of them, or a nested NEAR. */
export function occurrencesOf(node: Node, view: DocView): Occurrence[] {
  if (node.type === 'term') return termOccurrences(node, view, null);
  if (node.type === 'or') return node.children.flatMap((c) => occurrencesOf(c, view));
  if (node.type === 'near') return nearOccurrences(node, view);
  return [];
}

function nearOccurrences(node: NearNode, view: DocView): Occurrence[] {
  const out: Occurrence[] = [];
  const right = occurrencesOf(node.right, view);
  for (const l of occurrencesOf(node.left, view)) {
    for (const r of right) {
      if (nearOk(l, r, node.distance, node.ordered)) {
        out.push({ s: Math.min(l.s, r.s), e: Math.max(l.e, r.e), tokens: [...l.tokens, ...r.tokens] });
      }
    }
  }
  return out;
}

/** Words strictly between two spans; overlapping spans count as zero apart. */
export function nearOk(
  l: { s: number; e: number },
  r: { s: number; e: number },
  distance: number,
  ordered: boolean,
) {
  if (ordered) return r.s > l.e && r.s - l.e - 1 <= distance;
  return Math.max(r.s - l.e, l.s - r.e) - 1 <= distance;
}

export function termOccurrences(term: TermNode, view: DocView, only: Field | null): Occurrence[] {
  const tokens = only === null ? view.tokens : view.tokens.filter((t) => t.field === only);
  if (term.proximity === null) return phraseOccurrences(term.elements, tokens, view);
  const lists = term.units.map((unit) => phraseOccurrences(unit, tokens, view));
  return proximityOccurrences(lists, term.proximity + term.elements.length - 1);
}

/** Every chain of tokens matching the elements at consecutive positions. */
function phraseOccurrences(elements: Element[], tokens: Token[], view: DocView): Occurrence[] {
  const lists = elements.map((el) => tokens.filter((t) => elementMatches(el, t, view)));
  const out: Occurrence[] = [];
  const extend = (i: number, chain: Token[]) => {
    if (i === lists.length) {
      out.push({ s: (chain[0] as Token).pos, e: (chain[chain.length - 1] as Token).end, tokens: chain });
      return;
    }
    const prev = chain[chain.length - 1];
    for (const t of lists[i] as Token[]) {
      if (prev === undefined || t.pos === prev.end + 1) extend(i + 1, [...chain, t]);
    }
  };
  extend(0, []);
  return out;
}

/**
 * "a b c"~n: one occurrence of each unit such that the starts lie at most `limit` positions apart
 * (n other words plus the words of the units themselves). Brute force over the choices, fine for the
 * documents tests use.
 */
function proximityOccurrences(lists: Occurrence[][], limit: number): Occurrence[] {
  const out: Occurrence[] = [];
  const chosen: Occurrence[] = [];
  const walk = (i: number) => {
    if (out.length > 0) return;
    if (i === lists.length) {
      const lo = Math.min(...chosen.map((o) => o.s));
      const hi = Math.max(...chosen.map((o) => o.s));
      if (hi - lo <= limit) {
        out.push({ s: lo, e: Math.max(...chosen.map((o) => o.e)), tokens: chosen.flatMap((o) => o.tokens) });
      }
      return;
    }
    for (const o of lists[i] as Occurrence[]) {
      chosen.push(o);
      walk(i + 1);
      chosen.pop();
    }
  };
  walk(0);
  return out;
}
