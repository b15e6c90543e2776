/**
 * X API v2 as the connector calls it: Bearer auth (401 problem+json otherwise); recent search with
 * `query` (substring), `since_id`, `start_time`, `max_results`, `next_token`, newest first,
 * `includes.users` for `expansions=author_id`, `meta{newest_id,oldest_id,result_count,next_token}`,
 * `x-rate-limit-*` headers (reset in epoch seconds); stream rules GET/POST; and the filtered stream —
 * one chunked response of `\r\n`-terminated JSON lines with blank keep-alive lines.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type XPost = Record<string, unknown> & { id: string; text: string; author_id: string };

const bigger = (a: string, b: string) => (a.length !== b.length ? a.length > b.length : a > b);

export class FakeX {
  posts: XPost[] = [];
  users: Record<string, unknown>[] = [];
  rules: Array<{ id: string; value: string; tag?: string }> = [];
  token = 'AAAAAAAAAAAAAAAAAAAAAFakeBearerTokenForTests';
  faults: Array<{ status: number; headers?: Record<string, string>; body?: string }> = [];
  readonly requests: URL[] = [];
  streamConnections = 0;
  private streams = new Set<http.ServerResponse>();
  private server = http.createServer((req, res) => void this.handle(req, res));
  url = '';

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://fake');
    this.requests.push(u);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void =>
      void res
        .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
        .end(JSON.stringify(body));
    const fault = this.faults.shift();
    if (fault) return void res.writeHead(fault.status, fault.headers ?? {}).end(fault.body ?? '');
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return json(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    const limits = {
      'x-rate-limit-limit': '450',
      'x-rate-limit-remaining': '449',
      'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900),
    };
    if (u.pathname === '/2/tweets/search/recent') {
      const q = (u.searchParams.get('query') ?? '').toLowerCase();
      const since = u.searchParams.get('since_id');
      const start = u.searchParams.get('start_time');
      const max = Math.min(100, Number(u.searchParams.get('max_results') ?? 10));
      const offset = Number(u.searchParams.get('next_token') ?? 0);
      const rows = this.posts
        .filter((p) => p.text.toLowerCase().includes(q))
        .filter((p) => !since || bigger(p.id, since))
        // Posts without created_at (default fields) count as recent.
        .filter(
          (p) =>
            !start || p.created_at === undefined || Date.parse(String(p.created_at)) >= Date.parse(start),
        )
        .sort((a, b) => (bigger(a.id, b.id) ? -1 : 1));
      const data = rows.slice(offset, offset + max);
      const meta: Record<string, unknown> = { result_count: data.length };
      if (data.length) Object.assign(meta, { newest_id: data[0]!.id, oldest_id: data.at(-1)!.id });
      if (offset + max < rows.length) meta.next_token = String(offset + max);
      const ids = new Set(data.map((p) => p.author_id));
      const body: Record<string, unknown> = { meta };
      if (data.length) {
        body.data = data;
        body.includes = { users: this.users.filter((x) => ids.has(String(x.id))) };
      }
      return json(200, body, limits);
    }
    if (u.pathname === '/2/tweets/search/stream/rules') {
      if (req.method === 'POST') {
        const add =
          (JSON.parse(Buffer.concat(chunks).toString()) as { add?: Array<{ value: string; tag?: string }> })
            .add ?? [];
        const created = add.map((r, i) => ({
          id: String(1_273_026_480_692_322_304n + BigInt(this.rules.length + i)),
          ...r,
        }));
        this.rules.push(...created);
        return json(201, {
          data: created,
          meta: {
            sent: new Date().toISOString(),
            summary: { created: created.length, not_created: 0, valid: created.length, invalid: 0 },
          },
        });
      }
      return json(
        200,
        this.rules.length
          ? { data: this.rules, meta: { result_count: this.rules.length } }
          : { meta: { result_count: 0 } },
      );
    }
    if (u.pathname === '/2/tweets/search/stream') {
      this.streamConnections++;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...limits });
      res.write('\r\n');
      this.streams.add(res);
      res.on('close', () => this.streams.delete(res));
      return;
    }
    json(404, { title: 'Not Found Error', status: 404 });
  }

  /** A post matching the rules: on recent search, and on every open stream. */
  publish(post: XPost): void {
    this.posts.push(post);
    const user = this.users.find((x) => x.id === post.author_id);
    const line = JSON.stringify({
      data: post,
      includes: user ? { users: [user] } : undefined,
      matching_rules: this.rules.slice(0, 1).map((r) => ({ id: r.id, tag: r.tag })),
    });
    for (const s of this.streams) s.write(`${line}\r\n`);
  }

  sendRaw(text: string): void {
    for (const s of this.streams) s.write(text);
  }

  dropStreams(): void {
    for (const s of this.streams) s.destroy();
    this.streams.clear();
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.dropStreams();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
