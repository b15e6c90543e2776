/**
 * The XRPC endpoints the Bluesky search connector calls: com.atproto.server.createSession /
 * refreshSession (app password → access + refresh JWT) and app.bsky.feed.searchPosts (Bearer auth,
 * `sort=latest`, `since` on indexedAt, opaque `cursor`, `{posts, cursor}`). Errors use XRPC's
 * `{"error","message"}` body; an expired access token answers 400 ExpiredToken as the PDS does.
 */
import { FakeHttp, type Reply } from './http-fake.ts';

export type PostView = Record<string, unknown> & { uri: string; indexedAt: string };

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

export class FakeXrpc {
  posts: PostView[] = [];
  identifier = 'brand.example.com';
  appPassword = 'abcd-efgh-ijkl-mnop';
  sessions = 0;
  refreshes = 0;
  private access = new Set<string>();
  private refresh = new Set<string>();
  readonly http = new FakeHttp((req): Reply => {
    if (req.path === '/xrpc/com.atproto.server.createSession' && req.method === 'POST') {
      const body = JSON.parse(req.body || '{}') as { identifier?: string; password?: string };
      if (body.identifier !== this.identifier || body.password !== this.appPassword)
        return json(401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
      this.sessions++;
      return json(200, { ...this.issue(), did: 'did:plc:brand', handle: this.identifier });
    }
    if (req.path === '/xrpc/com.atproto.server.refreshSession' && req.method === 'POST') {
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!this.refresh.delete(token))
        return json(400, { error: 'ExpiredToken', message: 'Token has expired' });
      this.refreshes++;
      return json(200, { ...this.issue(), did: 'did:plc:brand', handle: this.identifier });
    }
    if (req.path === '/xrpc/app.bsky.feed.searchPosts') {
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!this.access.has(token)) return json(400, { error: 'ExpiredToken', message: 'Token has expired' });
      const q = (req.query.get('q') ?? '').toLowerCase();
      const since = req.query.get('since');
      const limit = Math.min(100, Number(req.query.get('limit') ?? 25));
      const offset = Number(req.query.get('cursor') ?? 0);
      const hits = this.posts
        .filter((p) =>
          String((p.record as { text?: string }).text ?? '')
            .toLowerCase()
            .includes(q),
        )
        .filter((p) => !since || Date.parse(p.indexedAt) >= Date.parse(since))
        .sort((a, b) => Date.parse(b.indexedAt) - Date.parse(a.indexedAt));
      const page = hits.slice(offset, offset + limit);
      return json(
        200,
        offset + limit < hits.length ? { posts: page, cursor: String(offset + limit) } : { posts: page },
      );
    }
    return json(404, { error: 'MethodNotImplemented', message: 'Method Not Implemented' });
  });

  private n = 0;
  private issue() {
    const accessJwt = `access-${++this.n}`;
    const refreshJwt = `refresh-${this.n}`;
    this.access.add(accessJwt);
    this.refresh.add(refreshJwt);
    return { accessJwt, refreshJwt };
  }

  /** Expires every access token, as time would. */
  expireAccess(): void {
    this.access.clear();
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }
}
