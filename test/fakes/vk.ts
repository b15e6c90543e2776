/**
 * VK's `POST /method/newsfeed.search` (v5.199): access_token and v checked, `q` substring match,
 * start_time/end_time on `date`, newest first, `count` ≤ 200, an opaque `next_from`, `extended=1`
 * profiles/groups — and errors the VK way, inside an HTTP 200 body (`{"error":{"error_code":6,…}}`).
 */
import { readFileSync } from 'node:fs';
import { FakeHttp, type Reply } from './http-fake.ts';

export type Post = Record<string, unknown> & {
  owner_id: number;
  id: number;
  date: number;
  text: string;
  from_id: number;
};

const dir = '/work/shared/fixtures/connectors/vk';
export const realPost = JSON.parse(readFileSync(`${dir}/wall-post-object.json`, 'utf8')) as Post;
const tooMany = readFileSync(`${dir}/error-6-too-many-requests.constructed.json`, 'utf8');

export class FakeVk {
  posts: Post[] = [];
  groups: Record<string, unknown>[] = [];
  profiles: Record<string, unknown>[] = [];
  token = 'vk1.a.service-token-TEST';
  /** VK error codes to answer with, in order, before serving normally. */
  errors: number[] = [];
  readonly http = new FakeHttp((req): Reply => {
    const ok = (body: unknown): Reply => ({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
    if (req.path !== '/method/newsfeed.search')
      return ok({ error: { error_code: 3, error_msg: 'Unknown method passed' } });
    const form = new URLSearchParams(req.body);
    const code = this.errors.shift();
    if (code === 6)
      return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: tooMany };
    if (code !== undefined)
      return ok({
        error: { error_code: code, error_msg: code === 29 ? 'Rate limit reached' : 'Internal server error' },
      });
    if (form.get('access_token') !== this.token)
      return ok({
        error: { error_code: 5, error_msg: 'User authorization failed: invalid access_token (4).' },
      });
    if (!form.get('v')) return ok({ error: { error_code: 8, error_msg: 'Invalid request: v is required' } });
    const q = (form.get('q') ?? '').toLowerCase();
    const start = Number(form.get('start_time') ?? 0);
    const end = Number(form.get('end_time') ?? Number.MAX_SAFE_INTEGER);
    const count = Math.min(200, Number(form.get('count') ?? 30));
    const offset = form.get('start_from') ? Number(form.get('start_from')!.split('/')[1]) : 0;
    const rows = this.posts
      .filter((p) => p.text.toLowerCase().includes(q) && p.date >= start && p.date <= end)
      .sort((a, b) => b.date - a.date);
    const items = rows.slice(offset, offset + count);
    const response: Record<string, unknown> = { items, count: items.length, total_count: rows.length };
    if (offset + count < rows.length) response.next_from = `7/${offset + count}`;
    if (form.get('extended') === '1') {
      response.profiles = this.profiles;
      response.groups = this.groups;
    }
    return ok({ response });
  });

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }
}
