/**
 * Configured sources of a workspace: create/update/delete with validation by the kind's own schemas,
 * credentials sealed at rest (src/sources/secrets.ts) and never returned, an audit event per write, and
 * a dry-run test that fetches one batch without storing it or moving the cursor.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { describeIssues, normaliseRecord } from '../../domain/record.ts';
import { abortableSleep, HttpClient } from '../../net/http.ts';
import type { SourceHealth } from '../../ports/checkpoints.ts';
import type { Clock } from '../../ports/clock.ts';
import { findSource, sourceDefinitions } from '../../sources/registry.ts';
import type { RunnableSource } from '../../sources/runner.ts';
import { openSecrets, sealSecrets, secretNames } from '../../sources/secrets.ts';
import type { AnySourceDefinition } from '../../sources/types.ts';
import type { Database, SourcesTable } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';

export const sourceInputSchema = z.object({
  kind: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  params: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.unknown()).default({}),
  enabled: z.boolean().default(true),
  keepUnmatched: z.boolean().default(true),
});
export type SourceInput = z.input<typeof sourceInputSchema>;

export const sourcePatchSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  /** Merged into the stored credentials; a field set to null is removed. */
  secrets: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().optional(),
  keepUnmatched: z.boolean().optional(),
});
export type SourcePatch = z.input<typeof sourcePatchSchema>;

export interface SourceView {
  id: string;
  kind: string;
  label: string;
  mode: string;
  name: string;
  params: Record<string, unknown>;
  /** Names of the credential fields that are set — never their values. */
  credentials: string[];
  enabled: boolean;
  keepUnmatched: boolean;
  health: SourceHealth | null;
  createdAt: number;
  updatedAt: number;
}

export interface TestResult {
  ok: boolean;
  items: number;
  malformed: number;
  samples: Array<{ id: string; text: string; createdAt: string }>;
  error?: string;
}

export interface SourcesDeps {
  db: Kysely<Database>;
  clock: Clock;
  secretKey: Buffer;
  allowPrivateNetworks: boolean;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw errors.validation(`${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function definition(kind: string): AnySourceDefinition {
  const def = findSource(kind);
  if (!def)
    throw errors.validation(
      `kind: unknown source kind "${kind}"; known: ${sourceDefinitions.map((d) => d.kind).join(', ')}`,
    );
  return def;
}

export function createSourcesService(deps: SourcesDeps) {
  const { db, clock, secretKey } = deps;

  function view(row: SourcesTable): SourceView {
    const def = findSource(row.kind);
    let credentials: string[] = [];
    try {
      credentials = secretNames(openSecrets(secretKey, row.id, row.secrets));
    } catch {
      credentials = ['(unreadable: wrong FIREBREAK_SECRET_KEY?)'];
    }
    return {
      id: row.id,
      kind: row.kind,
      label: def?.label ?? row.kind,
      mode: def?.mode ?? 'push',
      name: row.name,
      params: JSON.parse(row.params) as Record<string, unknown>,
      credentials,
      enabled: row.enabled === 1,
      keepUnmatched: row.keep_unmatched === 1,
      health: row.health ? (JSON.parse(row.health) as SourceHealth) : null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async function row(workspaceId: string, id: string): Promise<SourcesTable> {
    const found = await db
      .selectFrom('sources')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!found) throw errors.notFound(`Source ${id}`);
    return found;
  }

  /** A configured row as something the runner can run; the signal stops it. */
  function runnable(r: SourcesTable, signal: AbortSignal): RunnableSource & { intervalMs: number } {
    const def = definition(r.kind);
    const params = def.params.parse(JSON.parse(r.params));
    const secrets = def.secrets.parse(openSecrets(secretKey, r.id, r.secrets));
    const guardPrivate = !deps.allowPrivateNetworks;
    const http = new HttpClient({ clock, guardPrivate, signal });
    const minutes = (params as { intervalMinutes?: number }).intervalMinutes;
    return {
      id: r.id,
      kind: r.kind,
      origin: {
        workspaceId: r.workspace_id,
        sourceId: r.id,
        defaultSource: r.kind,
        keepUnmatched: r.keep_unmatched === 1,
      },
      connector: def.create(params, secrets),
      context: {
        http,
        clock,
        signal,
        guardPrivate,
        random: Math.random,
        sleep: (ms) => abortableSleep(ms, signal),
      },
      intervalMs: minutes ? minutes * 60_000 : def.intervalMs,
    };
  }

  return {
    kinds() {
      return sourceDefinitions.map((d) => ({
        kind: d.kind,
        label: d.label,
        mode: d.mode,
        credentials: d.credentials,
      }));
    },

    async list(workspaceId: string): Promise<SourceView[]> {
      const rows = await db
        .selectFrom('sources')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('created_at')
        .execute();
      return rows.map(view);
    },

    async find(workspaceId: string, id: string): Promise<SourceView> {
      return view(await row(workspaceId, id));
    },

    async create(actor: Actor, workspaceId: string, input: SourceInput): Promise<SourceView> {
      const data = parseWith(sourceInputSchema, input, 'body');
      const def = definition(data.kind);
      if (data.kind === 'webhook' || data.kind === 'import') {
        throw errors.validation(
          data.kind === 'webhook'
            ? 'kind: create webhook sources with POST /api/v1/ingest/sources (it returns the ingest token)'
            : 'kind: file imports are created by `firebreak import`',
        );
      }
      const params = parseWith(def.params, data.params, 'params');
      const secrets = parseWith(def.secrets, data.secrets, 'secrets') as Record<string, unknown>;
      const id = newId('src');
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('sources')
          .values({
            id,
            workspace_id: workspaceId,
            kind: data.kind,
            name: data.name,
            params: JSON.stringify(params),
            secrets: sealSecrets(secretKey, id, secrets),
            cursor: null,
            enabled: data.enabled ? 1 : 0,
            keep_unmatched: data.keepUnmatched ? 1 : 0,
            ingest_token_hash: null,
            health: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await recordAudit(trx, actor, now, {
          workspaceId,
          action: 'source.create',
          subjectType: 'source',
          subjectId: id,
          after: { kind: data.kind, name: data.name, params, credentials: secretNames(secrets) },
        });
      });
      return this.find(workspaceId, id);
    },

    async update(actor: Actor, workspaceId: string, id: string, patch: SourcePatch): Promise<SourceView> {
      const data = parseWith(sourcePatchSchema, patch, 'body');
      const current = await row(workspaceId, id);
      const def = definition(current.kind);
      const set: Partial<SourcesTable> = { updated_at: clock.now() };
      if (data.name !== undefined) set.name = data.name;
      if (data.enabled !== undefined) set.enabled = data.enabled ? 1 : 0;
      if (data.keepUnmatched !== undefined) set.keep_unmatched = data.keepUnmatched ? 1 : 0;
      if (data.params !== undefined)
        set.params = JSON.stringify(parseWith(def.params, data.params, 'params'));
      let names: string[] | undefined;
      if (data.secrets !== undefined) {
        const merged: Record<string, unknown> = { ...openSecrets(secretKey, id, current.secrets) };
        for (const [k, v] of Object.entries(data.secrets)) {
          if (v === null) delete merged[k];
          else merged[k] = v;
        }
        const secrets = parseWith(def.secrets, merged, 'secrets') as Record<string, unknown>;
        set.secrets = sealSecrets(secretKey, id, secrets);
        names = secretNames(secrets);
      }
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('sources').set(set).where('id', '=', id).execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId,
          action: 'source.update',
          subjectType: 'source',
          subjectId: id,
          before: { name: current.name, params: JSON.parse(current.params), enabled: current.enabled === 1 },
          after: {
            ...(set.name ? { name: set.name } : {}),
            ...(set.params ? { params: JSON.parse(set.params) } : {}),
            ...(set.enabled !== undefined ? { enabled: set.enabled === 1 } : {}),
            ...(names ? { credentials: names } : {}),
          },
        });
      });
      return this.find(workspaceId, id);
    },

    async remove(actor: Actor, workspaceId: string, id: string): Promise<void> {
      const current = await row(workspaceId, id);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sources').where('id', '=', id).execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId,
          action: 'source.delete',
          subjectType: 'source',
          subjectId: id,
          before: { kind: current.kind, name: current.name, params: JSON.parse(current.params) },
        });
      });
    },

    /** Fetches a first batch as a fresh source would (no cursor); stores nothing, moves no cursor. */
    async test(workspaceId: string, id: string, timeoutMs = 20_000): Promise<TestResult> {
      const r = await row(workspaceId, id);
      const def = definition(r.kind);
      if (def.mode === 'push')
        return { ok: true, items: 0, malformed: 0, samples: [], error: 'push source: nothing to fetch' };
      const controller = new AbortController();
      const timer = setTimeout(
        () => controller.abort(new Error(`no data within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const result: TestResult = { ok: false, items: 0, malformed: 0, samples: [] };
      try {
        const source = runnable(r, controller.signal);
        const context = { ...source.context, log: () => undefined };
        for await (const batch of source.connector.sync(undefined, context)) {
          result.malformed += batch.malformed?.length ?? 0;
          for (const record of batch.records) {
            const n = normaliseRecord(record, workspaceId);
            if (!n.ok) {
              result.malformed++;
              continue;
            }
            result.items++;
            if (result.samples.length < 3)
              result.samples.push({
                id: n.mention.externalId,
                text: n.mention.text.slice(0, 200),
                createdAt: new Date(n.mention.createdAt).toISOString(),
              });
          }
          if (result.items > 0 || batch.records.length > 0) break;
        }
        result.ok = true;
      } catch (error) {
        result.error = error instanceof Error ? error.message : String(error);
      } finally {
        clearTimeout(timer);
        controller.abort();
      }
      return result;
    },

    runnable,

    /** A push source by id alone (a platform calling back does not know the workspace). */
    async pushTarget(id: string, kind: string) {
      const r = await db
        .selectFrom('sources')
        .selectAll()
        .where('id', '=', id)
        .where('kind', '=', kind)
        .executeTakeFirst();
      if (r?.enabled !== 1) return undefined;
      const def = definition(r.kind);
      return {
        id: r.id,
        workspaceId: r.workspace_id,
        keepUnmatched: r.keep_unmatched === 1,
        params: def.params.parse(JSON.parse(r.params)) as Record<string, unknown>,
        secrets: def.secrets.parse(openSecrets(secretKey, r.id, r.secrets)) as Record<string, string>,
      };
    },

    /** Enabled pull sources of every workspace, for the scheduler. */
    async enabledRows(): Promise<SourcesTable[]> {
      const rows = await db.selectFrom('sources').selectAll().where('enabled', '=', 1).execute();
      return rows.filter((x) => findSource(x.kind)?.mode !== 'push' && findSource(x.kind) !== undefined);
    },

    async healthRows(): Promise<
      Array<{ id: string; kind: string; workspace_id: string; health: string | null; enabled: number }>
    > {
      return db.selectFrom('sources').select(['id', 'kind', 'workspace_id', 'health', 'enabled']).execute();
    },
  };
}

export type SourcesService = ReturnType<typeof createSourcesService>;
