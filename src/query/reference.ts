/**
 * The reference evaluator: walks the tree and scans the token list directly, with no prefilter and no
 * index. It is the specification the compiled matcher is property-tested against, and it also yields the
 * matched tokens for highlight spans.
 */
import type { NearNode, Node, TermNode } from './ast.ts';
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
  const lists = term.elements.map((el) => tokens.filter((t) => elementMatches(el, t, view)));
  if (term.proximity !== null) return proximityOccurrences(lists, term.proximity);
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
 * "a b c"~n: one occurrence of each word such that the window from the first start to the last start
 * holds at most n other words. Brute force over choices, which is fine for the documents tests use.
 */
function proximityOccurrences(lists: Token[][], n: number): Occurrence[] {
  const k = lists.length;
  const out: Occurrence[] = [];
  const chosen: Token[] = [];
  const walk = (i: number) => {
    if (out.length > 0) return;
    if (i === k) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      let end = Number.NEGATIVE_INFINITY;
      for (const t of chosen) {
        lo = Math.min(lo, t.pos);
        hi = Math.max(hi, t.pos);
        end = Math.max(end, t.end);
      }
      if (hi - lo <= n + k - 1) out.push({ s: lo, e: end, tokens: [...chosen] });
      return;
    }
    for (const t of lists[i] as Token[]) {
      chosen.push(t);
      walk(i + 1);
      chosen.pop();
    }
  };
  walk(0);
  return out;
}
