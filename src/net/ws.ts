/**
 * Outbound WebSockets (Jetstream, Mastodon streaming) under the same rules as HTTP: the SSRF guard in
 * the DNS lookup, a handshake deadline, the HTTP status of a refused handshake (429, 503) surfaced so
 * the caller can back off, and a stall timeout — a socket silent for `idleMs` is treated as dead.
 */
import WebSocket from 'ws';
import { assertPublicHost, guardedLookup } from './guard.ts';
import { HttpError } from './http.ts';

export interface SocketOptions {
  guardPrivate: boolean;
  headers?: Record<string, string>;
  handshakeTimeoutMs?: number;
  maxPayloadBytes?: number;
}

/**
 * A socket whose frames and close are recorded from the moment it is created: a server may send its
 * first frames in the same tick as the handshake completes, before a reader is attached.
 */
export class BufferedSocket {
  queue: string[] = [];
  end: SocketEnd | undefined;
  lastFrameAt = Date.now();
  private wake: (() => void) | undefined;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.queue.push(data.toString());
      // Stall detection reads the wall clock on purpose: it is about the socket, not the data's time.
      this.lastFrameAt = Date.now();
      this.poke();
    });
    ws.on('close', (code) => {
      this.end ??= { reason: 'closed', code };
      this.poke();
    });
    ws.on('error', () => {
      this.end ??= { reason: 'closed', code: 1006 };
      this.poke();
    });
  }

  poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      setTimeout(() => this.poke(), ms);
    });
  }
}

export function openSocket(url: string, options: SocketOptions): Promise<BufferedSocket> {
  const target = new URL(url);
  if (target.protocol !== 'wss:' && target.protocol !== 'ws:')
    return Promise.reject(
      new HttpError(`only ws(s) URLs are allowed, not ${target.protocol}`, undefined, false),
    );
  if (options.guardPrivate) {
    try {
      assertPublicHost(target.hostname);
    } catch (error) {
      return Promise.reject(new HttpError((error as Error).message, undefined, false));
    }
  }
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target, {
      headers: { 'user-agent': 'Firebreak/0.1', ...options.headers },
      handshakeTimeout: options.handshakeTimeoutMs ?? 15_000,
      maxPayload: options.maxPayloadBytes ?? 4 * 1024 * 1024,
      followRedirects: false,
      perMessageDeflate: false,
      ...(options.guardPrivate ? { lookup: guardedLookup() } : {}),
    } as WebSocket.ClientOptions);
    const buffered = new BufferedSocket(ws);
    ws.once('open', () => resolve(buffered));
    ws.once('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      const retryAfter = res.headers['retry-after'];
      res.resume();
      ws.terminate();
      const error = new HttpError(
        `handshake refused with HTTP ${status} by ${target.host}`,
        status,
        status === 429 || status >= 500,
      );
      (error as HttpError & { retryAfter?: string }).retryAfter =
        typeof retryAfter === 'string' ? retryAfter : undefined;
      reject(error);
    });
    ws.once('error', (e: NodeJS.ErrnoException) =>
      reject(new HttpError(`${target.host}: ${e.message}`, undefined, e.code !== 'EPRIVATE')),
    );
  });
}

export type SocketEnd = { reason: 'closed'; code: number } | { reason: 'idle' } | { reason: 'aborted' };

/**
 * The socket's text frames as an async iterable of batches: whatever arrived since the last read, at
 * least every `flushMs`. Ends (returning why) when the socket closes, stalls or the signal aborts.
 */
export async function* frames(
  sock: BufferedSocket,
  opts: { signal: AbortSignal; idleMs: number; flushMs: number },
): AsyncGenerator<string[], SocketEnd> {
  const onAbort = () => {
    sock.end ??= { reason: 'aborted' };
    sock.poke();
  };
  opts.signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (sock.queue.length === 0 && !sock.end) await sock.wait(opts.flushMs);
      if (sock.queue.length > 0) {
        const out = sock.queue;
        sock.queue = [];
        yield out;
        continue;
      }
      if (sock.end) return sock.end;
      if (Date.now() - sock.lastFrameAt > opts.idleMs) {
        sock.end = { reason: 'idle' };
        return sock.end;
      }
    }
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
    const ws = sock.ws;
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
  }
}
