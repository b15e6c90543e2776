/**
 * A Jetstream v1 `/subscribe` endpoint: JSON text frames, `wantedCollections` filtering (identity and
 * account events pass regardless, as on the real server), and `cursor` replay by `time_us` from its
 * event log. A client without a cursor is treated as arriving at the log's start (the log is "live"
 * to it). Faults: refuse the next handshakes with an HTTP status, or drop the socket after n frames.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export type JetEvent = Record<string, unknown> & { time_us: number; kind: string };

export class FakeJetstream {
  log: JetEvent[] = [];
  /** Raw frames sent verbatim before the log (malformed-payload tests). */
  raw: string[] = [];
  refuse: Array<{ status: number; headers?: Record<string, string> }> = [];
  dropAfter: number | undefined;
  frameIntervalMs = 0;
  readonly connections: URLSearchParams[] = [];
  profileLookups = 0;
  /** app.bsky.actor.getProfiles on the same host (an AppView stand-in): a profile for every DID. */
  private server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://fake');
    if (u.pathname !== '/xrpc/app.bsky.actor.getProfiles') return void res.writeHead(404).end();
    this.profileLookups++;
    const actors = u.searchParams.getAll('actors');
    if (actors.length > 25)
      return void res
        .writeHead(400)
        .end('{"error":"InvalidRequest","message":"actors must not have more than 25 elements"}');
    const profiles = actors.map((did) => ({
      did,
      handle: `${did.slice(-8)}.bsky.social`,
      displayName: `Пользователь ${did.slice(-4)}`,
      followersCount: did.length * 7,
    }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ profiles }));
  });
  private wss = new WebSocketServer({ noServer: true });
  url = '';
  httpUrl = '';

  constructor() {
    this.server.on('upgrade', (req, socket, head) => {
      const u = new URL(req.url ?? '/', 'http://fake');
      const refusal = this.refuse.shift();
      if (u.pathname !== '/subscribe' || refusal) {
        const status = refusal?.status ?? 404;
        const headers = Object.entries(refusal?.headers ?? {})
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('');
        socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${headers}Content-Length: 0\r\n\r\n`);
        return;
      }
      this.connections.push(u.searchParams);
      this.wss.handleUpgrade(req, socket, head, (ws) => void this.serve(ws, u.searchParams));
    });
  }

  private async serve(ws: import('ws').WebSocket, q: URLSearchParams): Promise<void> {
    const wanted = q.getAll('wantedCollections');
    const cursor = q.get('cursor');
    const from = cursor ? Number(cursor) : Number.NEGATIVE_INFINITY;
    const events = this.log
      .filter((e) => e.time_us >= from)
      .filter((e) => {
        if (e.kind !== 'commit' || wanted.length === 0) return true;
        const collection = String((e.commit as Record<string, unknown>).collection);
        return wanted.some((w) =>
          w.endsWith('.*') ? collection.startsWith(w.slice(0, -1)) : collection === w,
        );
      });
    const frames = [...this.raw, ...events.map((e) => JSON.stringify(e))];
    let sent = 0;
    for (const frame of frames) {
      if (ws.readyState !== ws.OPEN) return;
      if (this.dropAfter !== undefined && sent >= this.dropAfter) {
        this.dropAfter = undefined;
        ws.close(1011, 'internal error');
        return;
      }
      ws.send(frame);
      sent++;
      if (this.frameIntervalMs) await new Promise((r) => setTimeout(r, this.frameIntervalMs));
    }
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/subscribe`;
    this.httpUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
