/** One query, parsed, resolved and compiled: what the API validates and the CLI tests. */
import type { Node } from './ast.ts';
import { type Anchor, anchorGroups, compileNode, type Evaluate } from './compile.ts';
import { DocIndex } from './doc-index.ts';
import { DocView, type MatchDoc } from './document.ts';
import { parse } from './parser.ts';
import { evaluateReference } from './reference.ts';
import { resolveTopics, type TopicLookup } from './resolve.ts';

export interface CompiledQuery {
  ast: Node;
  evaluate: Evaluate;
  /** Prefilter: a document must contain an anchor of every group; no groups: checked on every document. */
  anchorGroups: Anchor[][];
  refs: Set<string>;
}

const noTopics: TopicLookup = () => undefined;

/** Throws QueryError with a position and a human message when the query cannot be used. */
export function compileQuery(query: string, lookup: TopicLookup = noTopics, self?: string): CompiledQuery {
  const { ast, refs } = resolveTopics(parse(query), lookup, self);
  return { ast, evaluate: compileNode(ast), anchorGroups: anchorGroups(ast).map((g) => g.anchors), refs };
}

/** Matches one document with one query, the compiled way (no prefilter needed for one query). */
export function matchesDoc(q: CompiledQuery, doc: MatchDoc): boolean {
  return q.evaluate(new DocIndex(new DocView(doc)));
}

export function matchesReference(q: CompiledQuery, doc: MatchDoc): boolean {
  return evaluateReference(q.ast, new DocView(doc));
}
