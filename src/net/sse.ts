/**
 * Server-sent events over one long-lived GET (Mastodon streaming), under the connectors' outbound
 * rules: SSRF guard in the DNS lookup, a handshake deadline, the status of a refused request surfaced
 * (HttpError, with Retry-After), and a stall timeout. Comment lines (`:thump` heartbeats) count as life.
 */
import http from 'node:http';
import https from 'node:https';
import { assertPublicHost, guardedLookup } from './guard.ts';
import { HttpError } from './http.ts';
import { BufferedSocket, type SocketEnd } from './ws.ts';

export interface SseEvent {
  event: string;
  data: string;
}

/** Splits an SSE byte stream into events (WHATWG rules: `event:`/`data:` fields, blank line ends one). */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    for (;;) {
      const nl = this.buffer.search(/\r?\n|\r/);
      if (nl < 0) break;
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(
        nl + (this.buffer[nl] === '\r' && this.buffer[nl + 1] === '\n' ? 2 : 1),
      );
      if (line === '') {
        if (this.data.length > 0) out.push({ event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
      } else if (line.startsWith(':')) {
        // Heartbeat comment.
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') this.event = value;
        else if (field === 'data') this.data.push(value);
      }
    }
    if (this.buffer.length > 4 * 1024 * 1024) throw new Error('SSE line longer than 4 MiB');
    return out;
  }
}

/**
 * Newline-delimited JSON (X filtered stream): one frame per line; keep-alive blank lines come through
 * as empty frames so they count as signs of life.
 */
export class LineParser {
  private buffer = '';
  push(chunk: string): string[] {
    this.buffer += chunk;
    const parts = this.buffer.split(/\r?\n/);
    this.buffer = parts.pop() ?? '';
    if (this.buffer.length > 4 * 1024 * 1024) throw new Error('stream line longer than 4 MiB');
    return parts.map((p) => p.trim());
  }
}

/**
 * Opens the stream; events arrive as JSON-encoded `{event,data}` strings in a BufferedSocket-like
 * queue so the same `frames()` reader serves WebSockets and SSE.
 */
export function openEventStream(
  url: string,
  opts: {
    guardPrivate: boolean;
    headers?: Record<string, string>;
    timeoutMs?: number;
    format?: 'sse' | 'lines';
  },
): Promise<BufferedSocket> {
  const target = new URL(url);
  if (opts.guardPrivate) {
    try {
      assertPublicHost(target.hostname);
    } catch (error) {
      return Promise.reject(new HttpError((error as Error).message, undefined, false));
    }
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        headers: {
          accept: opts.format === 'lines' ? 'application/json' : 'text/event-stream',
          'user-agent': 'Firebreak/0.1',
          ...opts.headers,
        },
        lookup: opts.guardPrivate ? guardedLookup() : undefined,
        agent: false,
      },
      (res) => {
        clearTimeout(timer);
        if (res.statusCode !== 200) {
          res.resume();
          const error = new HttpError(
            `stream refused with HTTP ${res.statusCode} by ${target.host}`,
            res.statusCode,
            res.statusCode === 429 || (res.statusCode ?? 0) >= 500,
          );
          const after = res.headers['retry-after'];
          (error as HttpError & { retryAfter?: string }).retryAfter =
            typeof after === 'string' ? after : undefined;
          return reject(error);
        }
        const sock = new BufferedSocket(
          streamAsSocket(req, res, opts.format === 'lines' ? new LineParser() : undefined),
        );
        resolve(sock);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new HttpError(`no stream response within ${opts.timeoutMs ?? 15_000} ms`, undefined, true));
    }, opts.timeoutMs ?? 15_000);
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new HttpError(`${target.host}: ${e.message}`, undefined, e.code !== 'EPRIVATE'));
    });
    req.end();
  });
}

/** Adapts an HTTP response to the tiny part of the ws.WebSocket surface BufferedSocket uses. */
function streamAsSocket(req: http.ClientRequest, res: http.IncomingMessage, lines?: LineParser) {
  const parser = new SseParser();
  const handlers: Record<string, Array<(...a: unknown[]) => void>> = {};
  const emit = (name: string, ...args: unknown[]) => {
    for (const h of handlers[name] ?? []) h(...args);
  };
  let state = 1;
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    try {
      if (lines) for (const line of lines.push(chunk)) emit('message', Buffer.from(line), false);
      else for (const e of parser.push(chunk)) emit('message', Buffer.from(JSON.stringify(e)), false);
    } catch {
      req.destroy();
    }
  });
  res.on('end', () => {
    state = 3;
    emit('close', 1000);
  });
  res.on('error', () => {
    state = 3;
    emit('close', 1006);
  });
  return {
    OPEN: 1,
    CONNECTING: 0,
    get readyState() {
      return state;
    },
    on(name: string, fn: (...a: unknown[]) => void) {
      handlers[name] ??= [];
      handlers[name].push(fn);
      return this;
    },
    terminate() {
      state = 3;
      req.destroy();
    },
  } as unknown as ConstructorParameters<typeof BufferedSocket>[0];
}

export type { SocketEnd };
