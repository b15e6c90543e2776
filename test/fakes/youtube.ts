/**
 * YouTube Data API v3 `commentThreads.list` as the connector calls it: `key` checked, exactly one of
 * videoId / allThreadsRelatedToChannelId, order=time (newest first), maxResults ≤ 100, an opaque
 * pageToken, Google's error envelope (400 keyInvalid, 403 commentsDisabled, 403 quotaExceeded once the
 * day's units are spent — 1 unit per call, failed calls included).
 */
import { readFileSync } from 'node:fs';
import { FakeHttp, type Reply } from './http-fake.ts';

export type Thread = Record<string, unknown> & {
  snippet: {
    videoId: string;
    channelId: string;
    topLevelComment: { id: string; snippet: { publishedAt: string } };
  };
};

const quotaBody = readFileSync(
  '/work/shared/fixtures/connectors/youtube/error-quotaExceeded.unverified.json',
  'utf8',
);
const error = (code: number, reason: string, message: string): Reply => ({
  status: code,
  headers: { 'content-type': 'application/json; charset=UTF-8' },
  body: JSON.stringify({
    error: { code, message, errors: [{ message, domain: 'youtube.commentThread', reason }] },
  }),
});

export class FakeYoutube {
  threads: Thread[] = [];
  apiKey = 'AIzaSyTEST-key-0000000000000000000';
  unitsPerDay = 10_000;
  used = 0;
  disabledVideos = new Set<string>();
  readonly http = new FakeHttp((req): Reply => {
    if (req.path !== '/youtube/v3/commentThreads') return error(404, 'notFound', 'Not Found');
    this.used++;
    if (this.used > this.unitsPerDay)
      return { status: 403, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: quotaBody };
    if (req.query.get('key') !== this.apiKey)
      return error(400, 'keyInvalid', 'API key not valid. Please pass a valid API key.');
    const videoId = req.query.get('videoId');
    const channelId = req.query.get('allThreadsRelatedToChannelId');
    if (!videoId === !channelId) return error(400, 'missingRequiredParameter', 'No filter selected.');
    if (videoId && this.disabledVideos.has(videoId))
      return error(
        403,
        'commentsDisabled',
        'The video identified by the videoId parameter has disabled comments.',
      );
    const max = Math.min(100, Number(req.query.get('maxResults') ?? 20));
    const offset = req.query.get('pageToken')
      ? Number(Buffer.from(req.query.get('pageToken')!, 'base64url').toString())
      : 0;
    const rows = this.threads
      .filter((t) => (videoId ? t.snippet.videoId === videoId : t.snippet.channelId === channelId))
      .sort(
        (a, b) =>
          Date.parse(b.snippet.topLevelComment.snippet.publishedAt) -
          Date.parse(a.snippet.topLevelComment.snippet.publishedAt),
      );
    const items = rows.slice(offset, offset + max);
    const body: Record<string, unknown> = {
      kind: 'youtube#commentThreadListResponse',
      etag: 'fake-etag',
      pageInfo: { totalResults: items.length, resultsPerPage: max },
      items,
    };
    if (offset + max < rows.length)
      body.nextPageToken = Buffer.from(String(offset + max)).toString('base64url');
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: JSON.stringify(body),
    };
  });

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }
}
