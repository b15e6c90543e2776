/**
 * A feed server with RFC 9110 conditional GET: a strong ETag of the body and a Last-Modified; a request
 * carrying either validator of the current body gets 304 with no body.
 */
import { createHash } from 'node:crypto';
import { FakeHttp, type Reply } from './http-fake.ts';

export class FakeFeed {
  body = '';
  contentType = 'application/rss+xml; charset=utf-8';
  lastModified = 'Tue, 10 Jun 2003 09:41:01 GMT';
  readonly http: FakeHttp;

  constructor() {
    this.http = new FakeHttp((req): Reply => {
      if (req.path !== '/feed') return { status: 404, body: 'not found' };
      const etag = `"${createHash('sha1').update(this.body).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag || req.headers['if-modified-since'] === this.lastModified) {
        return { status: 304, headers: { etag } };
      }
      return {
        status: 200,
        headers: { 'content-type': this.contentType, etag, 'last-modified': this.lastModified },
        body: this.body,
      };
    });
  }

  /** A new version of the feed, as a publisher would write it. */
  publish(body: string, lastModified: string): void {
    this.body = body;
    this.lastModified = lastModified;
  }

  get url(): string {
    return `${this.http.url}/feed`;
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }
}
