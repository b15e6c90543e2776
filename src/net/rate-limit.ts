/**
 * Pacing from the platform's own rate-limit headers. Each platform spells them differently:
 * Reddit `x-ratelimit-remaining` (float) + `x-ratelimit-reset` (seconds to go); Mastodon
 * `X-RateLimit-Reset` (an ISO timestamp); X `x-rate-limit-reset` (epoch seconds); IETF draft
 * `RateLimit-Remaining`/`RateLimit-Reset` (seconds to go). `Retry-After` (seconds or HTTP date) wins.
 */
type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = headers[name];
    if (v !== undefined) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/** A reset value as an absolute epoch-ms time, whatever form the platform uses. */
export function parseReset(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    // Epoch seconds are ~1.7e9; a delta in seconds is never that large.
    if (n > 1_000_000_000) return n * 1000;
    return now + n * 1000;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : date;
}

export function retryAfter(headers: Headers, now: number): number | undefined {
  const v = header(headers, 'retry-after');
  return v === undefined ? undefined : parseReset(v, now);
}

/**
 * When the next request may go out, from a response's headers: the window's reset when nothing is left,
 * else the remaining budget spread evenly over the rest of the window.
 */
export function nextAllowedAt(headers: Headers, now: number): number | undefined {
  const after = retryAfter(headers, now);
  if (after !== undefined) return after;
  const remainingText = header(
    headers,
    'x-ratelimit-remaining',
    'x-rate-limit-remaining',
    'ratelimit-remaining',
  );
  const resetText = header(headers, 'x-ratelimit-reset', 'x-rate-limit-reset', 'ratelimit-reset');
  if (remainingText === undefined || resetText === undefined) return undefined;
  const remaining = Number(remainingText);
  const reset = parseReset(resetText, now);
  if (!Number.isFinite(remaining) || reset === undefined || reset <= now) return undefined;
  if (remaining < 1) return reset;
  return now + Math.floor((reset - now) / remaining);
}
