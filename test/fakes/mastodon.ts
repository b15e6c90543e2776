/**
 * A Mastodon instance for one hashtag: `GET /api/v1/timelines/tag/:tag` with the documented paging
 * (`max_id` below, `min_id` immediately above — fetched ascending and reversed, as Mastodon's
 * `paginate_by_min_id(...).reverse` does — `limit` ≤ 40, a `Link` header, `X-RateLimit-*` with an ISO
 * reset) and `GET /api/v1/streaming/hashtag?tag=` as SSE (`:thump` heartbeat, `event: update` with the
 * Status as JSON text), which needs a Bearer token like 4.2+.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { FakeHttp, type Reply } from './http-fake.ts';

export type Status = Record<string, unknown> & { id: string };

const bigger = (a: string, b: string) => (a.length !== b.length ? a.length > b.length : a > b);

export class FakeMastodon {
  statuses: Status[] = [];
  token = 'user-token';
  private streams = new Set<http.ServerResponse>();
  readonly http: FakeHttp;
  private sse = http.createServer((req, res) => this.stream(req, res));
  streamUrl = '';
  streamConnections = 0;
  private sockets = new Set<WebSocket>();
  private wss = new WebSocketServer({ noServer: true });

  constructor() {
    // The WebSocket endpoint: /api/v1/streaming?stream=hashtag&tag=…, token in Authorization.
    this.sse.on('upgrade', (req, socket, head) => {
      const u = new URL(req.url ?? '/', 'http://fake');
      if (req.headers.authorization !== `Bearer ${this.token}`) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (u.pathname !== '/api/v1/streaming' || !u.searchParams.get('stream')?.startsWith('hashtag')) {
        socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.streamConnections++;
        this.sockets.add(ws);
        ws.on('close', () => this.sockets.delete(ws));
      });
    });
    this.http = new FakeHttp((req): Reply => {
      const m = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(req.path);
      if (!m) return { status: 404, body: '{"error":"Record not found"}' };
      const limit = Math.min(40, Number(req.query.get('limit') ?? 20));
      const minId = req.query.get('min_id');
      const maxId = req.query.get('max_id');
      let rows = [...this.statuses].sort((a, b) => (bigger(a.id, b.id) ? 1 : -1));
      if (maxId) rows = rows.filter((s) => bigger(maxId, s.id));
      let page: Status[];
      if (minId)
        page = rows
          .filter((s) => bigger(s.id, minId))
          .slice(0, limit)
          .reverse();
      else page = rows.reverse().slice(0, limit);
      const base = `${this.http.url}/api/v1/timelines/tag/${m[1]}`;
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        'x-ratelimit-limit': '300',
        'x-ratelimit-remaining': '299',
        'x-ratelimit-reset': new Date(Date.now() + 300_000).toISOString(),
      };
      if (page.length > 0)
        headers.link = `<${base}?max_id=${page.at(-1)!.id}>; rel="next", <${base}?min_id=${page[0]!.id}>; rel="prev"`;
      return { status: 200, headers, body: JSON.stringify(page) };
    });
  }

  private stream(req: http.IncomingMessage, res: http.ServerResponse): void {
    const u = new URL(req.url ?? '/', 'http://fake');
    if (u.pathname !== '/api/v1/streaming/hashtag' || !u.searchParams.get('tag')) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"Unknown channel requested"}');
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"Missing access token"}');
      return;
    }
    this.streamConnections++;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(':thump\n\n');
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
  }

  /** A new post: on the timeline, and pushed to every open stream. */
  publish(status: Status, rawData?: string): void {
    this.statuses.push(status);
    for (const res of this.streams)
      res.write(`event: update\ndata: ${rawData ?? JSON.stringify(status)}\n\n`);
    for (const ws of this.sockets)
      ws.send(
        JSON.stringify({
          stream: ['hashtag', 'test'],
          event: 'update',
          payload: rawData ?? JSON.stringify(status),
        }),
      );
  }

  /** A raw WebSocket text frame to every open socket. */
  sendFrame(text: string): void {
    for (const ws of this.sockets) ws.send(text);
  }

  /** Raw SSE bytes to every open stream (malformed payloads, heartbeats). */
  sendRaw(text: string): void {
    for (const res of this.streams) res.write(text);
  }

  dropStreams(): void {
    for (const res of this.streams) res.destroy();
    this.streams.clear();
    for (const ws of this.sockets) ws.close(1011, 'restart');
    this.sockets.clear();
  }

  async start(): Promise<this> {
    await this.http.start();
    await new Promise<void>((resolve) => this.sse.listen(0, '127.0.0.1', resolve));
    this.streamUrl = `http://127.0.0.1:${(this.sse.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.dropStreams();
    this.sse.closeAllConnections();
    await new Promise<void>((resolve) => this.sse.close(() => resolve()));
    await this.http.stop();
  }
}
