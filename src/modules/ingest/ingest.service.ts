/**
 * Webhook ingest: each webhook source has its own secret token (only its hash is stored), which
 * identifies the workspace and the source of every delivery.
 */
import type { Kysely } from 'kysely';
import { errors } from '../../domain/errors.ts';
import { newId, newSecret } from '../../domain/ids.ts';
import type { Clock } from '../../ports/clock.ts';
import type { IngestOrigin } from '../../ports/ingest.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import { hashSecret } from '../auth/passwords.ts';

export interface WebhookSourceInput {
  name: string;
  /** Platform name for records that do not carry `source`. */
  defaultSource?: string;
  keepUnmatched?: boolean;
}

export function createIngestService({ db, clock }: { db: Kysely<Database>; clock: Clock }) {
  return {
    async createWebhookSource(actor: Actor, workspaceId: string, input: WebhookSourceInput) {
      const token = newSecret('fbi');
      const id = newId('src');
      const params = { defaultSource: input.defaultSource ?? 'webhook' };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('sources')
          .values({
            id,
            workspace_id: workspaceId,
            kind: 'webhook',
            name: input.name,
            params: JSON.stringify(params),
            secrets: null,
            cursor: null,
            enabled: 1,
            keep_unmatched: input.keepUnmatched === false ? 0 : 1,
            ingest_token_hash: hashSecret(token),
            health: null,
            created_at: clock.now(),
            updated_at: clock.now(),
          })
          .execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId,
          action: 'source.create',
          subjectType: 'source',
          subjectId: id,
          after: { kind: 'webhook', name: input.name, params, keepUnmatched: input.keepUnmatched !== false },
        });
      });
      return { sourceId: id, token };
    },

    async originForToken(token: string): Promise<IngestOrigin> {
      const row = await db
        .selectFrom('sources')
        .select(['id', 'workspace_id', 'params', 'enabled', 'keep_unmatched'])
        .where('ingest_token_hash', '=', hashSecret(token))
        .executeTakeFirst();
      if (!row)
        throw errors.unauthenticated(
          'Unknown ingest token: send the token of a webhook source as `Authorization: Bearer fbi_…`.',
        );
      if (!row.enabled) throw errors.forbidden('This source is disabled; enable it to accept deliveries.');
      const params = JSON.parse(row.params) as { defaultSource?: string };
      return {
        workspaceId: row.workspace_id,
        sourceId: row.id,
        defaultSource: params.defaultSource,
        keepUnmatched: row.keep_unmatched === 1,
      };
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
