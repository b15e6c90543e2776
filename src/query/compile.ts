/**
 * Compiles a resolved query tree into a closure over a DocIndex, and derives the prefilter anchors: the
 * literals at least one of which a document must contain for the query to have any chance to match.
 */
import type { Element, Node, TermNode } from './ast.ts';
import type { DocIndex } from './doc-index.ts';
import { type DocView, elementMatches } from './document.ts';
import { fieldMatches, rangeMatches } from './fields.ts';
import { strippedMark } from './normalise.ts';
import { nearOk } from './reference.ts';
import { Field, type Token } from './tokenise.ts';

export type Anchor =
  | { kind: 'token'; form: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'cjk'; text: string };

export type Evaluate = (ix: DocIndex) => boolean;
type Spans = (ix: DocIndex) => Span[];
interface Span {
  s: number;
  e: number;
}

export function compileNode(node: Node): Evaluate {
  switch (node.type) {
    case 'term':
      return compileExists(node, null);
    case 'title':
      return compileExists(node.term, Field.Title);
    case 'and': {
      const parts = byCost(node.children).map(compileNode);
      return (ix) => {
        for (const p of parts) if (!p(ix)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = byCost(node.children).map(compileNode);
      return (ix) => {
        for (const p of parts) if (p(ix)) return true;
        return false;
      };
    }
    case 'not': {
      const child = compileNode(node.child);
      return (ix) => !child(ix);
    }
    case 'near': {
      const spans = compileSpans(node);
      return (ix) => spans(ix).length > 0;
    }
    case 'field':
      return (ix) => fieldMatches(node, ix.view.doc);
    case 'range':
      return (ix) => rangeMatches(node, ix.view.doc);
    case 'topic':
      throw new Error(`topic:"${node.name}" must be resolved before compiling`);
  }
}

/** AND and OR are commutative: trying cheap checks first (fields, single words) settles most documents early. */
function byCost(nodes: Node[]): Node[] {
  return [...nodes].sort((a, b) => evalCost(a) - evalCost(b));
}

function evalCost(node: Node): number {
  switch (node.type) {
    case 'field':
    case 'range':
      return 1;
    case 'term':
    case 'title': {
      const term = node.type === 'term' ? node : node.term;
      const el = term.elements[0] as Element;
      if (term.elements.length === 1 && el.kind === 'word') return node.type === 'term' ? 2 : 3;
      return term.elements.some((e) => e.kind !== 'word') ? 8 : 4 + term.elements.length;
    }
    case 'not':
      return evalCost(node.child);
    case 'and':
    case 'or':
      return node.children.reduce((n, c) => n + evalCost(c), 0);
    case 'near':
      return 10 + evalCost(node.left) + evalCost(node.right);
    default:
      return 5;
  }
}

/** Whether a term occurs at all: the common shapes answer without building span lists. */
function compileExists(term: TermNode, only: Field | null): Evaluate {
  const el = term.elements[0] as Element;
  if (term.proximity === null && term.elements.length === 1) {
    if (el.kind === 'word' && el.exact === null && only === null) {
      const form = el.form;
      const stripped = el.hebrew ? strippedMark + form : null;
      return (ix) => ix.has(form) || (stripped !== null && ix.has(stripped));
    }
    return (ix) => {
      for (const t of ix.view.tokens)
        if ((only === null || t.field === only) && elementMatches(el, t, ix.view)) return true;
      return false;
    };
  }
  if (term.proximity === null) {
    const els = term.elements;
    return (ix) => phraseExists(els, ix.view, only);
  }
  const spans = compileTerm(term, only);
  return (ix) => spans(ix).length > 0;
}

/**
 * Whether the elements occur at consecutive positions. Tokens are in position order, so the next element
 * is looked for just after the current token: no index, no allocation.
 */
function phraseExists(els: Element[], view: DocView, only: Field | null): boolean {
  const tokens = view.tokens;
  const from = (i: number, k: number, end: number): boolean => {
    if (k === els.length) return true;
    const el = els[k] as Element;
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j] as Token;
      if (t.pos > end + 1) return false;
      if (
        t.pos === end + 1 &&
        (only === null || t.field === only) &&
        elementMatches(el, t, view) &&
        from(j + 1, k + 1, t.end)
      ) {
        return true;
      }
    }
    return false;
  };
  const first = els[0] as Element;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if ((only === null || t.field === only) && elementMatches(first, t, view) && from(i + 1, 1, t.end))
      return true;
  }
  return false;
}

function compileSpans(node: Node): Spans {
  if (node.type === 'term') return compileTerm(node, null);
  if (node.type === 'or') {
    const parts = node.children.map(compileSpans);
    return (ix) => parts.flatMap((p) => p(ix));
  }
  if (node.type === 'near') {
    const left = compileSpans(node.left);
    const right = compileSpans(node.right);
    const { distance, ordered } = node;
    return (ix) => {
      const ls = left(ix);
      if (ls.length === 0) return [];
      const rs = right(ix);
      const out: Span[] = [];
      for (const l of ls) {
        for (const r of rs) {
          if (nearOk(l, r, distance, ordered)) out.push({ s: Math.min(l.s, r.s), e: Math.max(l.e, r.e) });
        }
      }
      return out;
    };
  }
  return () => [];
}

/** Tokens matching one element, found through the index when the element has a literal form. */
function candidates(el: Element, ix: DocIndex, only: Field | null): Token[] {
  let list: Token[];
  if (el.kind === 'word') {
    const plain = ix.byForm(el.form);
    const stripped = el.hebrew ? ix.byForm(strippedMark + el.form) : undefined;
    list = stripped?.length ? plain.concat(stripped) : plain;
    if (el.exact !== null || only !== null) list = list.filter((t) => elementMatches(el, t, ix.view));
  } else {
    list = ix.view.tokens.filter((t) => elementMatches(el, t, ix.view));
  }
  return only === null ? list : list.filter((t) => t.field === only);
}

function compileTerm(term: TermNode, only: Field | null): Spans {
  if (term.proximity === null) {
    const els = term.elements;
    return (ix) => phraseSpans(els, ix, only);
  }
  const units = term.units;
  const limit = term.proximity + term.elements.length - 1;
  return (ix) => {
    const lists: Span[][] = [];
    for (const unit of units) {
      const spans = phraseSpans(unit, ix, only);
      if (spans.length === 0) return [];
      lists.push(spans);
    }
    return proximitySpans(lists, limit);
  };
}

function phraseSpans(els: Element[], ix: DocIndex, only: Field | null): Span[] {
  const first = candidates(els[0] as Element, ix, only);
  if (els.length === 1) return first.map((t) => ({ s: t.pos, e: t.end }));
  const out: Span[] = [];
  for (const t of first) extend(ix, els, 1, t.pos, t.end, only, out);
  return out;
}

function extend(
  ix: DocIndex,
  els: Element[],
  i: number,
  s: number,
  end: number,
  only: Field | null,
  out: Span[],
) {
  if (i === els.length) {
    out.push({ s, e: end });
    return;
  }
  const el = els[i] as Element;
  for (const t of ix.at(end + 1)) {
    if ((only === null || t.field === only) && elementMatches(el, t, ix.view))
      extend(ix, els, i + 1, s, t.end, only, out);
  }
}

/**
 * Is there one span per unit with all starts within `limit`? Merge the spans by start and slide a window,
 * as in the minimum-window-substring problem: O(total spans × log).
 */
function proximitySpans(lists: Span[][], limit: number): Span[] {
  const k = lists.length;
  const items: { s: number; e: number; label: number }[] = [];
  lists.forEach((list, label) => {
    for (const sp of list) items.push({ s: sp.s, e: sp.e, label });
  });
  items.sort((a, b) => a.s - b.s || a.label - b.label);
  const counts = new Array<number>(k).fill(0);
  let covered = 0;
  let lo = 0;
  for (let hi = 0; hi < items.length; hi++) {
    const h = items[hi] as (typeof items)[number];
    if (counts[h.label]++ === 0) covered++;
    while (covered === k) {
      const l = items[lo] as (typeof items)[number];
      if (h.s - l.s <= limit) {
        let end = 0;
        for (let m = lo; m <= hi; m++) end = Math.max(end, (items[m] as (typeof items)[number]).e);
        return [{ s: l.s, e: end }];
      }
      if (--(counts[l.label] as number) === 0) covered--;
      lo++;
    }
  }
  return [];
}

const cost = { token: 1, cjk: 1, prefix: 4, singleCjk: 6 } as const;

interface AnchorSet {
  anchors: Anchor[];
  cost: number;
}

/** At most this many groups per query: enough to pair a brand with its crisis terms. */
export const maxAnchorGroups = 3;

/**
 * The prefilter condition in conjunctive form: a document can match only if it contains at least one
 * anchor of every group. `topic:"Acme" AND (refund OR delay)` gives two groups, so a post saying "delay"
 * without any Acme alias never reaches evaluation. An empty list means no literal is required (e.g.
 * author:acme): such a query is evaluated on every document.
 */
export function anchorGroups(node: Node): AnchorSet[] {
  switch (node.type) {
    case 'term':
      return termGroups(node);
    case 'title':
      return termGroups(node.term);
    case 'and':
      return cheapest(node.children.flatMap(anchorGroups));
    case 'near':
      return cheapest([...anchorGroups(node.left), ...anchorGroups(node.right)]);
    case 'or': {
      const all: Anchor[] = [];
      let total = 0;
      for (const c of node.children) {
        const groups = anchorGroups(c);
        if (groups.length === 0) return [];
        // Any one group of the child is implied by it; its cheapest serves the union.
        const best = groups[0] as AnchorSet;
        all.push(...best.anchors);
        total += best.cost;
      }
      return [{ anchors: all, cost: total }];
    }
    default:
      return [];
  }
}

function cheapest(groups: AnchorSet[]): AnchorSet[] {
  return groups.sort((x, y) => x.cost - y.cost).slice(0, maxAnchorGroups);
}

function isCjkChar(el: Element): boolean {
  if (el.kind !== 'word') return false;
  const c = el.form.codePointAt(0) as number;
  return (
    el.form.length <= 2 &&
    ((c >= 0x3040 && c <= 0x30ff) ||
      (c >= 0x3400 && c <= 0x9fff) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      c >= 0x20000)
  );
}

function longestWord(els: Element[]): Extract<Element, { kind: 'word' }> | null {
  let word: Extract<Element, { kind: 'word' }> | null = null;
  for (const el of els) {
    if (el.kind === 'word' && !isCjkChar(el) && (word === null || el.form.length > word.form.length))
      word = el;
  }
  return word;
}

/**
 * Every unit of a phrase must occur, so each gives a group: "acme refund"~3 is a candidate only where both
 * words occur. Within a unit (adjacent words, or the characters of a Chinese word) one anchor suffices.
 */
function termGroups(term: TermNode): AnchorSet[] {
  return cheapest(term.units.map(unitAnchors));
}

/** Anchors of words that must occur adjacent and in order. */
function unitAnchors(els: Element[]): AnchorSet {
  // The longest run of consecutive Chinese/Japanese characters, found by Aho–Corasick.
  let best = '';
  let run = '';
  for (const el of els) {
    run = el.kind === 'word' && isCjkChar(el) ? run + el.form : '';
    if (run.length > best.length) best = run;
  }
  if ([...best].length >= 2) return { anchors: [{ kind: 'cjk', text: best }], cost: cost.cjk };
  const word = longestWord(els);
  if (word) {
    const anchors: Anchor[] = [{ kind: 'token', form: word.form }];
    if (word.hebrew) anchors.push({ kind: 'token', form: strippedMark + word.form });
    // Longer words are rarer: prefer them when an AND offers a choice.
    return { anchors, cost: cost.token + 1 / word.form.length };
  }
  for (const el of els) {
    if (el.kind === 'glob') {
      const anchors: Anchor[] = [{ kind: 'prefix', prefix: el.prefix }];
      if (el.hebrew) anchors.push({ kind: 'prefix', prefix: strippedMark + el.prefix });
      return { anchors, cost: cost.prefix };
    }
    if (el.kind === 'stem') return { anchors: [{ kind: 'prefix', prefix: el.stem }], cost: cost.prefix };
  }
  const el = els[0] as Element;
  const form = el.kind === 'word' ? el.form : '';
  return { anchors: [{ kind: 'token', form }], cost: cost.singleCjk };
}
