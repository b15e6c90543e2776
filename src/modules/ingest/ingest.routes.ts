/**
 * POST /api/v1/ingest: JSON (one record or an array) or NDJSON (one record a line), authenticated by
 * a webhook source's token. The response comes after the accepted records are stored, so a sender that
 * got a 200 may forget them; a sender that got no answer may resend, and nothing is stored twice.
 */
import { z } from 'zod';
import { errors } from '../../domain/errors.ts';
import { InvalidRecord, limits } from '../../domain/record.ts';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { createIngestService } from './ingest.service.ts';

const reportSchema = z.object({
  read: z.number(),
  stored: z.number(),
  duplicates: z.number(),
  dropped: z.number(),
  rejected: z.array(z.object({ line: z.number(), reason: z.string() })),
});

export const ingestRoutes: RoutePlugin = async (app, { ctx }) => {
  const service = createIngestService({ db: ctx.store.db, clock: ctx.clock });
  const bodyLimit = ctx.config.ingestMaxBodyBytes;

  app.addContentTypeParser(
    ['application/x-ndjson', 'application/jsonl'],
    { parseAs: 'string', bodyLimit },
    (_req, body, done) => done(null, { ndjson: body as string }),
  );

  app.post(
    '/api/v1/ingest',
    {
      bodyLimit,
      schema: {
        tags: ['ingest'],
        description:
          'Deliver mentions in the native record format (docs/RECORD_FORMAT.md). `Authorization: Bearer fbi_…` (a webhook source token). ' +
          'Body: a JSON record, a JSON array of records, or NDJSON (`Content-Type: application/x-ndjson`).',
        security: [{ token: [] }],
        response: { 200: reportSchema },
      },
    },
    async (request) => {
      const header = request.headers.authorization ?? '';
      if (!header.startsWith('Bearer fbi_'))
        throw errors.unauthenticated('Send a webhook source token as `Authorization: Bearer fbi_…`.');
      const origin = await service.originForToken(header.slice('Bearer '.length).trim());
      const records = parseBody(request.body);
      const report = await ctx.pipeline.ingest(records, origin);
      if (report.read > 0 && report.rejected.length === report.read) {
        throw errors.validation(
          report.read === 1
            ? report.rejected[0]!.reason
            : `All ${report.read} records were rejected; first: line ${report.rejected[0]!.line}: ${report.rejected[0]!.reason}`,
          report.rejected.slice(0, 100),
        );
      }
      return { ...report, rejected: report.rejected.slice(0, 1_000) };
    },
  );

  app.post(
    '/api/v1/ingest/sources',
    {
      schema: {
        tags: ['ingest'],
        description: 'Create a webhook source and its ingest token (shown once).',
        body: z.object({
          name: z.string().trim().min(1).max(200),
          defaultSource: z
            .string()
            .trim()
            .min(1)
            .max(64)
            .regex(/^[a-z0-9][a-z0-9_.-]*$/i)
            .optional(),
          keepUnmatched: z.boolean().optional(),
        }),
      },
    },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      return reply
        .status(201)
        .send(await service.createWebhookSource(actor, workspace.workspaceId, request.body));
    },
  );
};

function parseBody(body: unknown): unknown[] {
  if (
    body &&
    typeof body === 'object' &&
    'ndjson' in body &&
    typeof (body as { ndjson: unknown }).ndjson === 'string'
  ) {
    const lines = (body as { ndjson: string }).ndjson.split(/\r?\n/);
    const records: unknown[] = [];
    for (const line of lines) {
      if (line.trim() === '') records.push(undefined);
      else if (Buffer.byteLength(line) > limits.lineBytes)
        records.push(new InvalidRecord(`(line): longer than ${limits.lineBytes} bytes`));
      else {
        try {
          records.push(JSON.parse(line));
        } catch (error) {
          records.push(new InvalidRecord(`(line): not valid JSON (${(error as Error).message})`));
        }
      }
    }
    while (records.length > 0 && records.at(-1) === undefined) records.pop();
    return records;
  }
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object') return [body];
  throw errors.validation(
    'body: send a JSON record, a JSON array of records, or NDJSON with Content-Type: application/x-ndjson',
  );
}
