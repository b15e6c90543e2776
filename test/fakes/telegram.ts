/**
 * The Bot API's `getUpdates` as the connector calls it: the token in the path (401 otherwise), `offset`
 * confirming and dropping every update below it (they are gone for good, as on Telegram), `limit` ≤ 100,
 * `allowed_updates`, long polling (`timeout`: waits — here at most 200 ms — for an update to arrive),
 * and Bot API error bodies (429 with `parameters.retry_after`, 409 when a webhook is set).
 */
import { FakeHttp, type Reply } from './http-fake.ts';

export type Update = Record<string, unknown> & { update_id: number };

export class FakeTelegram {
  token = '123456789:AAHfakeTESTtokenTESTtokenTESTtok';
  queue: Update[] = [];
  webhookSet = false;
  readonly http = new FakeHttp(async (req): Promise<Reply> => {
    const json = (status: number, body: unknown): Reply => ({
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (req.path !== `/bot${this.token}/getUpdates`)
      return json(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (this.webhookSet)
      return json(409, {
        ok: false,
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    const offset = req.query.get('offset');
    if (offset) this.queue = this.queue.filter((u) => u.update_id >= Number(offset));
    const allowed = JSON.parse(req.query.get('allowed_updates') ?? '[]') as string[];
    const pick = () =>
      this.queue
        .filter((u) => allowed.length === 0 || allowed.some((k) => k in u))
        .slice(0, Number(req.query.get('limit') ?? 100));
    let result = pick();
    const timeout = Number(req.query.get('timeout') ?? 0);
    for (let waited = 0; result.length === 0 && waited < Math.min(timeout * 1000, 200); waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
      result = pick();
    }
    return json(200, { ok: true, result });
  });

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }
}
