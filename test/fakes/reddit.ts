/**
 * Reddit as the connector meets it: `POST www.reddit.com/api/v1/access_token` (Basic client
 * credentials, grant_type=client_credentials) and bearer-authenticated newest-first Listings on
 * oauth.reddit.com with `after` paging, 100-item pages and the x-ratelimit-* headers of the recorded
 * PRAW cassettes. Things are the cassettes' real t1/t3 objects plus clones the test adds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeHttp, type Reply } from './http-fake.ts';

const dir = '/work/shared/fixtures/connectors/reddit';
const cassette = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));

export type Thing = {
  kind: 't1' | 't3';
  data: Record<string, unknown> & { name: string; created_utc: number };
};

export const realComments: Thing[] = cassette('subreddit-comments-page1.json').response.body.data.children;
export const realModern: Thing[] = cassette('user-overview-t3-t1-2026.json').response.body.data.children;
const tokenBody = JSON.stringify(cassette('oauth-token-client-credentials.json').response.body);

export class FakeReddit {
  things: Thing[] = [];
  clientId = 'cid';
  clientSecret = 'csecret';
  token = '<ACCESS_TOKEN>';
  tokensIssued = 0;
  /** x-ratelimit-* sent with each listing: budget and seconds to the window's end. */
  budget = 1000;
  windowSeconds = 1;
  used = 0;

  readonly auth = new FakeHttp((req): Reply => {
    if (req.method !== 'POST' || req.path !== '/api/v1/access_token') return { status: 404 };
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (req.headers.authorization !== expected)
      return { status: 401, body: '{"message": "Unauthorized", "error": 401}' };
    if (req.body !== 'grant_type=client_credentials')
      return { status: 400, body: '{"error": "unsupported_grant_type"}' };
    this.tokensIssued++;
    return { status: 200, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: tokenBody };
  });

  readonly api = new FakeHttp((req): Reply => {
    if (req.headers.authorization !== `bearer ${this.token}`)
      return { status: 401, body: '{"message": "Unauthorized", "error": 401}' };
    if (!String(req.headers['user-agent'] ?? '').includes(':'))
      return { status: 429, body: '{"message": "Too Many Requests"}' };
    const m = /^\/r\/([^/]+)\/(comments|search)\/?$/.exec(req.path) ?? /^\/(search)\/?$/.exec(req.path);
    if (!m) return { status: 404, body: '{"message": "Not Found", "error": 404}' };
    const kind = m[2] === 'comments' ? 't1' : 't3';
    let items = this.things
      .filter((t) => t.kind === kind)
      .sort((a, b) => b.data.created_utc - a.data.created_utc);
    const q = req.query.get('q');
    if (q)
      items = items.filter((t) =>
        `${t.data.title} ${t.data.selftext}`.toLowerCase().includes(q.toLowerCase()),
      );
    const limit = Math.min(100, Number(req.query.get('limit') ?? 25));
    const after = req.query.get('after');
    const start = after ? items.findIndex((t) => t.data.name === after) + 1 : 0;
    const page = items.slice(start, start + limit);
    const more = start + limit < items.length;
    this.used++;
    return {
      status: 200,
      headers: {
        'content-type': 'application/json; charset=UTF-8',
        'x-ratelimit-used': String(this.used),
        'x-ratelimit-remaining': `${Math.max(0, this.budget - this.used)}.0`,
        'x-ratelimit-reset': String(this.windowSeconds),
      },
      body: JSON.stringify({
        kind: 'Listing',
        data: {
          after: more ? page[page.length - 1]!.data.name : null,
          dist: page.length,
          modhash: '',
          geo_filter: '',
          children: page,
          before: null,
        },
      }),
    };
  });

  async start(): Promise<this> {
    await this.auth.start();
    await this.api.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.auth.stop();
    await this.api.stop();
  }
}
