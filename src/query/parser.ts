/**
 * Recursive-descent parser for the Brandwatch/Talkwalker boolean syntax. Precedence, loosest first:
 * OR, AND (explicit or implied by juxtaposition), NEAR/n, NOT and -. Depth and size are bounded, and
 * every failure is a QueryError with a position.
 */
import type { FieldNode, Node, RangeNode, TextField } from './ast.ts';
import { QueryError, QueryLimitError } from './errors.ts';
import { type Lexeme, lex } from './lexer.ts';
import { queryLimits } from './limits.ts';
import { fold } from './normalise.ts';
import { makeTerm } from './terms.ts';

export function parse(query: string): Node {
  if (query.length > queryLimits.chars) {
    throw new QueryLimitError(
      `the query has ${query.length.toLocaleString('en-US')} characters; the limit is ${queryLimits.chars.toLocaleString('en-US')}`,
    );
  }
  const lexemes = lex(query);
  if (lexemes.length === 0) throw new QueryLimitError('the query is empty');
  const parser = new Parser(lexemes, query.length);
  const node = parser.parseQuery();
  if (!isPositive(node)) {
    throw new QueryLimitError(
      'the query only excludes; add a term or field a mention must have (e.g. acme -refund)',
    );
  }
  return node;
}

/** Whether a node can match on its own rather than only by excluding. */
function isPositive(node: Node): boolean {
  switch (node.type) {
    case 'not':
      return false;
    case 'and':
      return node.children.some(isPositive);
    case 'or':
      return node.children.every(isPositive);
    case 'near':
      return true;
    default:
      return true;
  }
}

type Operand = Exclude<Lexeme['t'], ')' | 'AND' | 'OR' | 'NEAR'>;
const operandStarts = new Set<Lexeme['t']>([
  '(',
  'NOT',
  '-',
  'word',
  'phrase',
  'exact',
  'field',
] satisfies Operand[]);

class Parser {
  private i = 0;
  private depth = 0;
  private terms = 0;
  constructor(
    private readonly lexemes: Lexeme[],
    private readonly length: number,
  ) {}

  parseQuery(): Node {
    const node = this.parseOr();
    const rest = this.peek();
    if (rest) {
      if (rest.t === ')') throw new QueryError('unbalanced parenthesis: ")" has no matching "("', rest.at);
      throw new QueryError(`unexpected ${describe(rest)}`, rest.at);
    }
    return node;
  }

  private peek(): Lexeme | undefined {
    return this.lexemes[this.i];
  }

  private parseOr(): Node {
    const children = [this.parseAnd()];
    while (this.peek()?.t === 'OR') {
      const op = this.lexemes[this.i++] as Lexeme;
      this.requireOperand(op);
      children.push(this.parseAnd());
    }
    return children.length === 1 ? (children[0] as Node) : { type: 'or', children };
  }

  private parseAnd(): Node {
    const children = [this.parseNear()];
    for (;;) {
      const next = this.peek();
      if (next?.t === 'AND') {
        this.i++;
        this.requireOperand(next);
        children.push(this.parseNear());
      } else if (next && operandStarts.has(next.t)) {
        children.push(this.parseNear());
      } else {
        break;
      }
    }
    return children.length === 1 ? (children[0] as Node) : { type: 'and', children };
  }

  private parseNear(): Node {
    let left = this.parseUnary();
    for (let next = this.peek(); next?.t === 'NEAR'; next = this.peek()) {
      this.i++;
      this.requireOperand(next);
      const right = this.parseUnary();
      const name = `NEAR/${next.distance}${next.ordered ? 'f' : ''}`;
      checkNearOperand(left, name, next.at);
      checkNearOperand(right, name, next.at);
      left = { type: 'near', at: next.at, left, right, distance: next.distance, ordered: next.ordered };
    }
    return left;
  }

  private parseUnary(): Node {
    const next = this.peek();
    if (next?.t === 'NOT' || next?.t === '-') {
      this.i++;
      this.requireOperand(next);
      this.enter(next.at);
      const child = this.parseUnary();
      this.depth--;
      return { type: 'not', at: next.at, child };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Node {
    const lx = this.peek();
    if (!lx) throw new QueryError('the query ends where a term was expected', this.length);
    this.i++;
    switch (lx.t) {
      case '(': {
        this.enter(lx.at);
        if (this.peek()?.t === ')') throw new QueryError('empty parentheses', lx.at);
        const inner = this.parseOr();
        if (this.peek()?.t !== ')') {
          throw new QueryError('unbalanced parenthesis: "(" is never closed', lx.at);
        }
        this.i++;
        this.depth--;
        return inner;
      }
      case ')':
        throw new QueryError('unbalanced parenthesis: ")" has no matching "("', lx.at);
      case 'AND':
      case 'OR':
      case 'NEAR':
        throw new QueryError(`${describe(lx)} needs a term before it`, lx.at);
      case 'word':
        return this.term(makeTerm(lx.text, lx.at, { phrase: false, exact: false, proximity: null }));
      case 'phrase':
        return this.term(makeTerm(lx.text, lx.at, { phrase: true, exact: false, proximity: lx.proximity }));
      case 'exact':
        return this.term(makeTerm(lx.text, lx.at, { phrase: true, exact: true, proximity: null }));
      case 'field':
        return this.field(lx);
      default:
        throw new QueryError(`unexpected ${describe(lx)}`, lx.at);
    }
  }

  private requireOperand(op: Lexeme): void {
    const next = this.peek();
    if (!next || !operandStarts.has(next.t)) {
      throw new QueryError(`${describe(op)} needs a term after it`, next ? next.at : op.at);
    }
  }

  private enter(at: number): void {
    if (++this.depth > queryLimits.depth) {
      throw new QueryError(`the query nests deeper than ${queryLimits.depth} levels`, at);
    }
  }

  private term<T extends Node>(node: T): T {
    if (++this.terms > queryLimits.terms) {
      throw new QueryLimitError(`the query has more than ${queryLimits.terms} terms`);
    }
    return node;
  }

  /** A field's value follows the colon, or is the next quoted phrase / {exact} / [range]. */
  private fieldValue(lx: Extract<Lexeme, { t: 'field' }>): { text: string; quoted: Lexeme | null } {
    if (lx.value !== '') return { text: lx.value, quoted: null };
    const next = this.peek();
    if (next && (next.t === 'phrase' || next.t === 'exact') && next.at === lx.valueAt) {
      this.i++;
      return { text: next.text, quoted: next };
    }
    throw new QueryError(`${lx.name}: needs a value right after the colon`, lx.valueAt);
  }

  private field(lx: Extract<Lexeme, { t: 'field' }>): Node {
    const { text, quoted } = this.fieldValue(lx);
    const at = lx.at;
    switch (lx.name) {
      case 'title': {
        const phrase = quoted !== null;
        const exact = quoted?.t === 'exact';
        const proximity = quoted?.t === 'phrase' ? quoted.proximity : null;
        return this.term({
          type: 'title',
          at,
          term: makeTerm(text, lx.valueAt, { phrase, exact, proximity }),
        });
      }
      case 'topic':
        if (!text.trim()) throw new QueryError('topic: needs the name of a topic', lx.valueAt);
        return this.term({ type: 'topic', at, name: text.trim() });
      case 'followers':
      case 'engagement':
        return this.term(this.range(lx.name, text, lx.valueAt, at));
      case 'verified': {
        const v = text.toLowerCase();
        if (v !== 'true' && v !== 'false') throw new QueryError('verified: takes true or false', lx.valueAt);
        return this.term({ type: 'field', at, field: 'verified', value: v });
      }
      default: {
        const field = canonicalField(lx.name);
        let value = fold(text.trim());
        if (field === 'author') value = value.replace(/^@/, '');
        if (field === 'site') value = value.replace(/^(https?:\/\/)?(www\.)?/, '').replace(/\/.*$/, '');
        if (!value) throw new QueryError(`${lx.name}: needs a value`, lx.valueAt);
        if (value.length > 512) throw new QueryError(`${lx.name}: value is too long`, lx.valueAt);
        return this.term({ type: 'field', at, field, value } satisfies FieldNode);
      }
    }
  }

  private range(field: 'followers' | 'engagement', first: string, valueAt: number, at: number): RangeNode {
    let text = first;
    if (text.startsWith('[') && !text.includes(']')) {
      // followers:[1000 TO 5000] spans three words.
      while (this.peek() && !text.includes(']')) {
        const lx = this.lexemes[this.i++] as Lexeme;
        text += ` ${lx.t === 'word' ? lx.text : lx.t}`;
      }
    }
    const bounds = parseRange(text);
    if (!bounds) {
      throw new QueryError(
        `${field}: takes a number or a range such as >1000, >=1000, <500, 1000..5000 or [1000 TO 5000]`,
        valueAt,
      );
    }
    return { type: 'range', at, field, min: bounds[0], max: bounds[1] };
  }
}

function canonicalField(name: string): TextField {
  if (name === 'domain') return 'site';
  if (name === 'language') return 'lang';
  return name as TextField;
}

const num = '(\\d{1,15}(?:\\.\\d+)?)([kKmM]?)';
const cmpPattern = new RegExp(`^(>=|<=|>|<)?${num}$`);
const rangePattern = new RegExp(`^(?:\\[\\s*${num}\\s+TO\\s+${num}\\s*\\]|${num}(?:\\.\\.|-)${num})$`);

function toNumber(digits: string, suffix: string): number {
  const scale = suffix === 'k' || suffix === 'K' ? 1_000 : suffix === 'm' || suffix === 'M' ? 1_000_000 : 1;
  return Number(digits) * scale;
}

export function parseRange(text: string): [number, number] | null {
  const cmp = cmpPattern.exec(text);
  if (cmp) {
    const v = toNumber(cmp[2] as string, cmp[3] as string);
    switch (cmp[1]) {
      case '>':
        return [Math.floor(v) + 1, Number.POSITIVE_INFINITY];
      case '>=':
        return [v, Number.POSITIVE_INFINITY];
      case '<':
        return [Number.NEGATIVE_INFINITY, Math.ceil(v) - 1];
      case '<=':
        return [Number.NEGATIVE_INFINITY, v];
      default:
        return [v, v];
    }
  }
  const r = rangePattern.exec(text);
  if (!r) return null;
  const lo = r[1] !== undefined ? toNumber(r[1], r[2] as string) : toNumber(r[5] as string, r[6] as string);
  const hi = r[3] !== undefined ? toNumber(r[3], r[4] as string) : toNumber(r[7] as string, r[8] as string);
  return lo <= hi ? [lo, hi] : null;
}

function checkNearOperand(node: Node, name: string, at: number): void {
  if (node.type === 'term' && node.proximity !== null) {
    throw new QueryError(`${name} cannot join a "…"~n proximity phrase; use NEAR for both`, at);
  }
  if (node.type === 'term' || node.type === 'near') return;
  if (node.type === 'or') {
    for (const c of node.children) checkNearOperand(c, name, at);
    return;
  }
  throw new QueryError(`${name} can join only terms, phrases and OR groups of them`, at);
}

function describe(lx: Lexeme): string {
  switch (lx.t) {
    case 'NEAR':
      return `NEAR/${lx.distance}${lx.ordered ? 'f' : ''}`;
    case 'word':
    case 'phrase':
    case 'exact':
      return `"${lx.text}"`;
    case 'field':
      return `${lx.name}:`;
    default:
      return lx.t === '-' ? '"-"' : lx.t;
  }
}
