/** The parsed form of a query. Offsets (`at`) point into the query text, 0-based. */

/** One word of a term or phrase, as the matcher compares it with one document token. */
export type Element =
  | {
      kind: 'word';
      form: string;
      /** Hebrew word: also matches after prefix letters (ולאקמה). */
      hebrew: boolean;
      /** For {Exact} terms: the NFKC original the document text must equal, case included. */
      exact: string | null;
    }
  | { kind: 'glob'; pattern: string; prefix: string; hebrew: boolean }
  | { kind: 'stem'; stem: string };

export interface TermNode {
  type: 'term';
  at: number;
  /** The term as written, for messages and highlights. */
  raw: string;
  /** All words in order; without proximity they must be adjacent. */
  elements: Element[];
  /**
   * The space-separated words of the phrase, each one or more elements (a Chinese word is one element per
   * character). With proximity, each unit matches as a whole, in any order, within the window.
   */
  units: Element[][];
  /** "a b c"~n: at most n other words between the units; null means adjacent and in order. */
  proximity: number | null;
}

export interface AndNode {
  type: 'and';
  children: Node[];
}
export interface OrNode {
  type: 'or';
  children: Node[];
}
export interface NotNode {
  type: 'not';
  at: number;
  child: Node;
}
export interface NearNode {
  type: 'near';
  at: number;
  left: Node;
  right: Node;
  distance: number;
  /** NEAR/nf: the left side must come first. */
  ordered: boolean;
}

export type TextField = 'author' | 'site' | 'source' | 'lang' | 'country' | 'url' | 'verified';

export interface FieldNode {
  type: 'field';
  at: number;
  field: TextField;
  /** Folded value; may hold * and ? wildcards for author:. */
  value: string;
}

export interface RangeNode {
  type: 'range';
  at: number;
  field: 'followers' | 'engagement';
  /** Inclusive bounds. */
  min: number;
  max: number;
}

export interface TitleNode {
  type: 'title';
  at: number;
  term: TermNode;
}

export interface TopicRefNode {
  type: 'topic';
  at: number;
  name: string;
}

export type Node =
  | TermNode
  | AndNode
  | OrNode
  | NotNode
  | NearNode
  | FieldNode
  | RangeNode
  | TitleNode
  | TopicRefNode;

/** Every term in the tree, with whether it sits under a NOT (negated terms are never highlighted). */
export function collectTerms(node: Node, out: TermNode[] = [], negated = false): TermNode[] {
  switch (node.type) {
    case 'term':
      if (!negated) out.push(node);
      break;
    case 'and':
    case 'or':
      for (const c of node.children) collectTerms(c, out, negated);
      break;
    case 'not':
      collectTerms(node.child, out, !negated);
      break;
    case 'near':
      collectTerms(node.left, out, negated);
      collectTerms(node.right, out, negated);
      break;
    case 'title':
      if (!negated) out.push(node.term);
      break;
    default:
      break;
  }
  return out;
}
