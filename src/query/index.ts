/** The query language: parse, validate, match many topics at once, highlight. Pure: no I/O, no clock. */
export type { Node } from './ast.ts';
export { DocView, type MatchDoc } from './document.ts';
export { QueryError } from './errors.ts';
export { type HighlightSpan, highlight } from './highlight.ts';
export { queryLimits } from './limits.ts';
export { type TopicDefinition, type TopicMatch, TopicMatcher, type TopicProblem } from './matcher.ts';
export { parse } from './parser.ts';
export { type CompiledQuery, compileQuery, matchesDoc, matchesReference } from './query.ts';
export type { TopicLookup } from './resolve.ts';
export { tokenise } from './tokenise.ts';
