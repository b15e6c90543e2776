/**
 * hn.algolia.com's /api/v1/search_by_date as the connector uses it: newest first, `tags` with
 * comma = AND and parentheses = OR, `numericFilters` on created_at_i, 0-based `page`, and the
 * 1 000-hit reachability cap. Hits are the fixture's real ones plus any the test adds.
 */
import { FakeHttp, type Reply } from './http-fake.ts';

export type Hit = Record<string, unknown> & { objectID: string; created_at_i: number; _tags: string[] };

function tagMatch(tags: string, hitTags: string[]): boolean {
  return tags
    .split(/,(?![^(]*\))/)
    .filter(Boolean)
    .every((part) => {
      const options = part.replace(/^\(|\)$/g, '').split(',');
      return options.some((t) => hitTags.includes(t));
    });
}

function numericMatch(filters: string, hit: Hit): boolean {
  return filters
    .split(',')
    .filter(Boolean)
    .every((f) => {
      const m = /^created_at_i(>=|<=|>|<|=)(\d+)$/.exec(f);
      if (!m) throw new Error(`fake does not understand numericFilters ${f}`);
      const v = Number(m[2]);
      const x = hit.created_at_i;
      return m[1] === '>='
        ? x >= v
        : m[1] === '<='
          ? x <= v
          : m[1] === '>'
            ? x > v
            : m[1] === '<'
              ? x < v
              : x === v;
    });
}

export class FakeAlgolia {
  hits: Hit[] = [];
  readonly http = new FakeHttp((req): Reply => {
    if (req.path !== '/api/v1/search_by_date') return { status: 404, body: '{"message":"not found"}' };
    const hitsPerPage = Number(req.query.get('hitsPerPage') ?? 20);
    const page = Number(req.query.get('page') ?? 0);
    const tags = req.query.get('tags') ?? '';
    const numeric = req.query.get('numericFilters') ?? '';
    const matching = this.hits
      .filter((h) => tagMatch(tags, h._tags) && numericMatch(numeric, h))
      .sort((a, b) => b.created_at_i - a.created_at_i);
    const reachable = matching.slice(0, 1000);
    const nbPages = Math.ceil(reachable.length / hitsPerPage);
    const body = {
      hits: reachable.slice(page * hitsPerPage, (page + 1) * hitsPerPage),
      nbHits: matching.length,
      page,
      nbPages,
      hitsPerPage,
      exhaustiveNbHits: false,
      query: req.query.get('query'),
      params: new URLSearchParams([...req.query]).toString(),
      processingTimeMS: 1,
    };
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    };
  });

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }
}
