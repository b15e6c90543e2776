/**
 * The notifiers' only way out to the network: one POST with a hard deadline, a capped response body,
 * no redirects to another origin, and (unless private networks are allowed) no connection to loopback,
 * private, link-local or metadata addresses. The address check runs inside the socket's DNS lookup, so
 * the address checked is the address connected to (no DNS-rebinding window).
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isPrivateAddress } from '../net/guard.ts';

export { isPrivateAddress };

export interface HttpPolicy {
  timeoutMs: number;
  allowPrivateNetworks: boolean;
  /** Same-origin 307/308 hops followed; redirects elsewhere are refused. */
  maxRedirects?: number;
  /** Response bytes kept (the rest is discarded). */
  maxResponseBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A failure before any HTTP status: refused address, timeout, connection error, bad redirect. */
export class OutboundError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

// One SSRF guard for every outbound request (src/net/guard.ts): the same blocked ranges, checked on every
// resolved address inside the socket's lookup.
const lookup = guardedLookup();

export async function postJson(
  url: string,
  payload: unknown,
  headers: Record<string, string>,
  policy: HttpPolicy,
): Promise<HttpResponse> {
  return postRaw(url, JSON.stringify(payload), { 'content-type': 'application/json', ...headers }, policy);
}

export async function postRaw(
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: HttpPolicy,
): Promise<HttpResponse> {
  let current = parseTarget(url, policy);
  const origin = current.origin;
  for (let hop = 0; ; hop++) {
    const response = await once(current, body, headers, policy);
    if (response.status < 300 || response.status >= 400) return response;
    const location = response.headers.location;
    if (!location || (response.status !== 307 && response.status !== 308)) return response;
    const next = new URL(location, current);
    if (next.origin !== origin) {
      throw new OutboundError(`refused a redirect from ${origin} to another host (${next.origin})`, false);
    }
    if (hop >= (policy.maxRedirects ?? 2)) throw new OutboundError('too many redirects', false);
    current = next;
  }
}

function parseTarget(url: string, policy: HttpPolicy): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new OutboundError('not a valid URL', false);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new OutboundError(`only http and https URLs are allowed, not ${target.protocol}`, false);
  }
  if (target.username || target.password)
    throw new OutboundError('URLs with credentials are not allowed', false);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowPrivateNetworks && isIP(host) && isPrivateAddress(host)) {
    throw new OutboundError(
      `${host} is a private address; set FIREBREAK_ALLOW_PRIVATE_NETWORKS=1 to allow it`,
      false,
    );
  }
  return target;
}

function once(
  target: URL,
  body: string,
  headers: Record<string, string>,
  policy: HttpPolicy,
): Promise<HttpResponse> {
  const maxBytes = policy.maxResponseBytes ?? 64 * 1024;
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: OutboundError | null, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response!);
    };
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'user-agent': 'Firebreak-Notifier/1',
          ...headers,
          'content-length': Buffer.byteLength(body),
        },
        lookup: policy.allowPrivateNetworks ? undefined : lookup,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
          size += chunk.length;
        });
        res.on('end', () =>
          finish(null, {
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (e) => finish(new OutboundError(`response failed: ${e.message}`, true)));
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish(new OutboundError(`no response within ${policy.timeoutMs} ms`, true));
    }, policy.timeoutMs);
    request.on('error', (e: NodeJS.ErrnoException) => {
      const privateRefused = e.code === 'EPRIVATE';
      finish(
        new OutboundError(
          privateRefused ? e.message : `connection failed: ${e.code ?? e.message}`,
          !privateRefused,
        ),
      );
    });
    request.end(body);
  });
}
