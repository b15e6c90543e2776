/**
 * The error catalogue: every error the product reports has a stable `code` (for scripts and the UI)
 * and a human `message` that says what the user can do next.
 */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'invalid_query'
  | 'unavailable'
  | 'internal';

const httpStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  invalid_query: 400,
  unavailable: 503,
  internal: 500,
};

export class FirebreakError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'FirebreakError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return httpStatus[this.code];
  }
}

export const errors = {
  badRequest: (message: string, details?: unknown) => new FirebreakError('bad_request', message, details),
  validation: (message: string, details?: unknown) =>
    new FirebreakError('validation_failed', message, details),
  unauthenticated: (message = 'Sign in or send an API token in the Authorization header.') =>
    new FirebreakError('unauthenticated', message),
  forbidden: (message: string) => new FirebreakError('forbidden', message),
  notFound: (what: string) => new FirebreakError('not_found', `${what} was not found.`),
  conflict: (message: string) => new FirebreakError('conflict', message),
  tooLarge: (message: string) => new FirebreakError('payload_too_large', message),
  invalidQuery: (message: string, details?: unknown) => new FirebreakError('invalid_query', message, details),
  unavailable: (message: string) => new FirebreakError('unavailable', message),
};
