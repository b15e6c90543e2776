/**
 * A query the parser cannot accept. `offset` is 0-based; the message speaks in 1-based columns
 * because that is what a person counts ("unbalanced parenthesis at 34").
 */
export class QueryError extends Error {
  readonly offset: number;
  readonly column: number;
  constructor(message: string, offset: number) {
    super(`${message} at ${offset + 1}`);
    this.name = 'QueryError';
    this.offset = offset;
    this.column = offset + 1;
  }
}

/** An error about the query as a whole, with no single position. */
export class QueryLimitError extends QueryError {
  constructor(message: string) {
    super(message, 0);
    this.message = message;
  }
}
