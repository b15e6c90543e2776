/**
 * The only outbound HTTP of the connectors. One `request()` = one logical call: a hard deadline per
 * attempt, a capped body, redirects re-checked hop by hop, the SSRF guard for user-supplied hosts,
 * pacing from the platform's rate-limit headers, retries on 429/5xx/network errors with exponential
 * backoff and full jitter, and a circuit breaker.
 */
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../ports/clock.ts';
import { CircuitBreaker } from './breaker.ts';
import { assertPublicHost, guardedLookup } from './guard.ts';
import { nextAllowedAt, retryAfter } from './rate-limit.ts';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** Platforms that put the wait in the body (Telegram `parameters.retry_after`): ms to wait, if any. */
  retryAfterFromBody?: (body: string) => number | undefined;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  url: string;
}

export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface HttpClientOptions {
  clock: Clock;
  /** Refuse private/loopback/link-local targets (user-supplied URLs). The fakes run with false. */
  guardPrivate: boolean;
  timeoutMs?: number;
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest wait the rate-limit headers may impose before a call (a window reset). */
  maxPaceMs?: number;
  maxResponseBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  /** Injected for tests: unseeded randomness and the wall clock stay out of the retry logic. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  breaker?: CircuitBreaker;
  signal?: AbortSignal;
  /** Called on each retry, for logs and health. */
  onRetry?: (info: { attempt: number; delayMs: number; status?: number; error?: string }) => void;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class HttpClient {
  readonly breaker: CircuitBreaker;
  private notBefore = 0;
  /** Requests made (attempts included): YouTube quota accounting and tests read it. */
  attempts = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.breaker = options.breaker ?? new CircuitBreaker(options.clock);
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const o = this.options;
    const retries = o.retries ?? 4;
    const sleep = o.sleep ?? abortableSleep;
    const random = o.random ?? Math.random;
    for (let attempt = 0; ; attempt++) {
      this.breaker.check();
      const wait = this.notBefore - o.clock.now();
      if (wait > 0) await sleep(Math.min(wait, o.maxPaceMs ?? 15 * 60_000), o.signal);
      let response: HttpResponse | undefined;
      let failure: HttpError | undefined;
      try {
        response = await this.follow(req);
      } catch (error) {
        failure = error instanceof HttpError ? error : new HttpError(String(error), undefined, true);
      }
      const now = o.clock.now();
      if (response) {
        const paced = nextAllowedAt(response.headers, now);
        if (paced !== undefined) this.notBefore = paced;
        if (response.status !== 429 && response.status < 500) {
          this.breaker.success();
          return response;
        }
        failure = new HttpError(
          `HTTP ${response.status} from ${new URL(req.url).host}`,
          response.status,
          true,
        );
      }
      this.breaker.failure();
      if (!failure!.retryable || attempt >= retries) throw failure!;
      const cap = Math.min(o.maxDelayMs ?? 60_000, (o.baseDelayMs ?? 500) * 2 ** attempt);
      let delayMs = Math.floor(random() * cap);
      const after = response ? retryAfter(response.headers, now) : undefined;
      if (after !== undefined) delayMs = Math.max(delayMs, after - now);
      if (response?.status === 429 && this.notBefore > now) delayMs = Math.max(delayMs, this.notBefore - now);
      const fromBody = response && req.retryAfterFromBody ? req.retryAfterFromBody(response.body) : undefined;
      if (fromBody !== undefined) delayMs = Math.max(delayMs, fromBody);
      o.onRetry?.({ attempt: attempt + 1, delayMs, status: response?.status, error: failure!.message });
      await sleep(delayMs, o.signal);
    }
  }

  private async follow(req: HttpRequest): Promise<HttpResponse> {
    let url = new URL(req.url);
    for (let hop = 0; ; hop++) {
      const response = await this.once(url, req);
      const location = response.headers.location;
      if (response.status < 300 || response.status >= 400 || response.status === 304 || !location)
        return response;
      if (hop >= (this.options.maxRedirects ?? 3))
        throw new HttpError('too many redirects', undefined, false);
      url = new URL(location, url);
    }
  }

  private once(target: URL, req: HttpRequest): Promise<HttpResponse> {
    const o = this.options;
    if (target.protocol !== 'https:' && target.protocol !== 'http:')
      return Promise.reject(
        new HttpError(`only http(s) URLs are allowed, not ${target.protocol}`, undefined, false),
      );
    if (target.username || target.password)
      return Promise.reject(new HttpError('URLs with credentials are not allowed', undefined, false));
    if (o.guardPrivate) {
      try {
        assertPublicHost(target.hostname);
      } catch (error) {
        return Promise.reject(new HttpError((error as Error).message, undefined, false));
      }
    }
    this.attempts++;
    const maxBytes = o.maxResponseBytes ?? 8 * 1024 * 1024;
    const timeoutMs = req.timeoutMs ?? o.timeoutMs ?? 30_000;
    const client = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (error: HttpError | null, response?: HttpResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(response!);
      };
      const request = client.request(
        target,
        {
          method: req.method ?? 'GET',
          headers: {
            'user-agent': o.userAgent ?? 'Firebreak/0.1 (+https://github.com/firebreak)',
            'accept-encoding': 'identity',
            ...req.headers,
            ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}),
          },
          lookup: o.guardPrivate ? guardedLookup() : undefined,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              request.destroy();
              finish(new HttpError(`response larger than ${maxBytes} bytes`, res.statusCode, false));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () =>
            finish(null, {
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              url: target.toString(),
            }),
          );
          res.on('error', (e) =>
            finish(new HttpError(`response failed: ${e.message}`, res.statusCode, true)),
          );
        },
      );
      const timer = setTimeout(() => {
        request.destroy();
        finish(new HttpError(`no response within ${timeoutMs} ms from ${target.host}`, undefined, true));
      }, timeoutMs);
      const onAbort = () => {
        request.destroy();
        finish(new HttpError('aborted', undefined, false));
      };
      o.signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (e: NodeJS.ErrnoException) =>
        finish(new HttpError(`${target.host}: ${e.message}`, undefined, e.code !== 'EPRIVATE')),
      );
      if (req.body !== undefined) request.end(req.body);
      else request.end();
    });
  }
}
