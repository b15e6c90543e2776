/** Inlines topic:"Name" references at compile time, refusing unknown names and cycles. */
import type { Node } from './ast.ts';
import { QueryError, QueryLimitError } from './errors.ts';
import { queryLimits } from './limits.ts';
import { parse } from './parser.ts';

/** The query text of a topic of the same workspace, by name (case-insensitive); undefined if none. */
export type TopicLookup = (name: string) => string | undefined;

export interface Resolved {
  ast: Node;
  /** Lower-cased names of every topic referenced, directly or not: changing one recompiles this query. */
  refs: Set<string>;
}

const maxReferenceDepth = 16;

export function resolveTopics(node: Node, lookup: TopicLookup, self?: string): Resolved {
  const refs = new Set<string>();
  const stack = self ? [self.toLowerCase()] : [];
  // Counted while inlining: topics referring many times to topics that do the same would otherwise
  // grow exponentially before any check could run.
  const budget = { terms: 0 };
  const ast = inline(node, lookup, stack, refs, budget);
  return { ast, refs };
}

function inline(
  node: Node,
  lookup: TopicLookup,
  stack: string[],
  refs: Set<string>,
  budget: { terms: number },
): Node {
  switch (node.type) {
    case 'topic': {
      const key = node.name.toLowerCase();
      refs.add(key);
      if (stack.includes(key)) {
        throw new QueryError(
          `topic "${node.name}" refers back to itself (${[...stack, key].join(' → ')})`,
          node.at,
        );
      }
      if (stack.length >= maxReferenceDepth) {
        throw new QueryError(`topic references nest deeper than ${maxReferenceDepth}`, node.at);
      }
      const query = lookup(node.name);
      if (query === undefined) throw new QueryError(`there is no topic named "${node.name}"`, node.at);
      let parsed: Node;
      try {
        parsed = parse(query);
      } catch (error) {
        if (error instanceof QueryError) {
          throw new QueryError(`topic "${node.name}" has an invalid query (${error.message})`, node.at);
        }
        throw error;
      }
      return inline(parsed, lookup, [...stack, key], refs, budget);
    }
    case 'and':
    case 'or':
      return { ...node, children: node.children.map((c) => inline(c, lookup, stack, refs, budget)) };
    case 'not':
      return { ...node, child: inline(node.child, lookup, stack, refs, budget) };
    default:
      budget.terms += countLeaves(node);
      if (budget.terms > queryLimits.terms) {
        throw new QueryLimitError(
          `with its topic references the query has more than ${queryLimits.terms} terms`,
        );
      }
      return node;
  }
}

function countLeaves(node: Node): number {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.children.reduce((n, c) => n + countLeaves(c), 0);
    case 'not':
      return countLeaves(node.child);
    case 'near':
      return countLeaves(node.left) + countLeaves(node.right);
    default:
      return 1;
  }
}
