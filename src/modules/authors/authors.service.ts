/**
 * Known authors: per workspace, the journalists, influencers, brand ambassadors and employees whose
 * posts reach further than their follower count says. The enrich stage reads them from an in-memory
 * directory (`known(workspaceId)`), refreshed after every write here and periodically (other processes
 * may write); src/enrich/reach.ts turns a match into the reach multiplier. Every write is audited.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { type AuthorRole, type KnownAuthor, knownKey } from '../../enrich/reach.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { KnownAuthorsTable } from './authors.tables.ts';

export const authorKinds = [
  'journalist',
  'influencer',
  'ambassador',
  'employee',
] as const satisfies readonly AuthorRole[];

const platform = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*|[a-z0-9][a-z0-9_.-]{0,63})$/, 'a source name such as x, bluesky, vk, or * for every platform');
const handle = z
  .string()
  .trim()
  .transform((h) => h.replace(/^@/, '').toLowerCase())
  .pipe(z.string().min(1).max(200));

export const knownAuthorInputSchema = z.object({
  platform: platform.default('*'),
  handle,
  kind: z.enum(authorKinds),
  /** Reach multiplier; omitted or null = the kind's default (journalist 3, influencer 2, ambassador 1.5, employee 1). */
  weight: z.number().min(0.1).max(100).nullable().optional(),
  name: z.string().trim().max(200).nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
});
export const knownAuthorPatchSchema = z.object({
  kind: z.enum(authorKinds).optional(),
  weight: z.number().min(0.1).max(100).nullable().optional(),
  name: z.string().trim().max(200).nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
});
export type KnownAuthorInput = z.input<typeof knownAuthorInputSchema>;
export type KnownAuthorPatch = z.infer<typeof knownAuthorPatchSchema>;

export interface KnownAuthorView {
  id: string;
  platform: string;
  handle: string;
  kind: AuthorRole;
  weight: number | null;
  name: string | null;
  note: string | null;
  createdAt: number;
  updatedAt: number;
}

export function presentKnownAuthor(r: KnownAuthorsTable): KnownAuthorView {
  return {
    id: r.id,
    platform: r.platform,
    handle: r.handle,
    kind: r.kind as AuthorRole,
    weight: r.weight === null ? null : Number(r.weight),
    name: r.name,
    note: r.note,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** The directory key of a row: `${platform}:${handle}`, or the bare handle for '*' (see findKnown). */
function directoryKey(r: Pick<KnownAuthorsTable, 'platform' | 'handle'>): string {
  return r.platform === '*' ? r.handle : knownKey(r.platform, r.handle);
}

export type KnownAuthorsService = ReturnType<typeof createKnownAuthorsService>;

export function createKnownAuthorsService({ db, clock }: { db: Kysely<Database>; clock: Clock }) {
  let directory = new Map<string, Map<string, KnownAuthor>>();

  async function reload(workspaceId?: string): Promise<void> {
    let q = db.selectFrom('known_authors').select(['workspace_id', 'platform', 'handle', 'kind', 'weight']);
    if (workspaceId) q = q.where('workspace_id', '=', workspaceId);
    const rows = await q.execute();
    const next = workspaceId ? new Map(directory) : new Map<string, Map<string, KnownAuthor>>();
    if (workspaceId) next.set(workspaceId, new Map());
    for (const r of rows) {
      let ws = next.get(r.workspace_id);
      if (!ws) {
        ws = new Map();
        next.set(r.workspace_id, ws);
      }
      ws.set(directoryKey(r), {
        handle: r.handle,
        role: r.kind as AuthorRole,
        ...(r.weight === null ? {} : { weight: Number(r.weight) }),
      });
    }
    directory = next;
  }

  async function find(workspaceId: string, id: string): Promise<KnownAuthorView> {
    const row = await db
      .selectFrom('known_authors')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Known author ${id}`);
    return presentKnownAuthor(row);
  }

  return {
    find,
    reload,
    /** The workspace's known authors for reach estimation (src/enrich/reach.ts findKnown keys). */
    known(workspaceId: string): Map<string, KnownAuthor> | undefined {
      return directory.get(workspaceId);
    },
    /** Re-reads the directory every `ms` (writes from other processes); returns the stopper. */
    startRefresh(ms: number, onError: (err: unknown) => void): () => void {
      const timer = setInterval(() => reload().catch(onError), ms);
      timer.unref();
      return () => clearInterval(timer);
    },
    async list(
      workspaceId: string,
      q: { kind?: AuthorRole; platform?: string; handle?: string; limit?: number; offset?: number } = {},
    ): Promise<{ items: KnownAuthorView[]; total: number }> {
      let query = db.selectFrom('known_authors').where('workspace_id', '=', workspaceId);
      if (q.kind) query = query.where('kind', '=', q.kind);
      if (q.platform) query = query.where('platform', '=', q.platform.toLowerCase());
      if (q.handle) query = query.where('handle', '=', q.handle.replace(/^@/, '').toLowerCase());
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await query
        .selectAll()
        .orderBy('platform')
        .orderBy('handle')
        .limit(q.limit ?? 100)
        .offset(q.offset ?? 0)
        .execute();
      return { items: rows.map(presentKnownAuthor), total: Number(total.n) };
    },
    async create(actor: Actor, workspaceId: string, input: KnownAuthorInput): Promise<KnownAuthorView> {
      const a = knownAuthorInputSchema.parse(input);
      const now = clock.now();
      const row: KnownAuthorsTable = {
        id: newId('kau'),
        workspace_id: workspaceId,
        platform: a.platform,
        handle: a.handle,
        kind: a.kind,
        weight: a.weight ?? null,
        name: a.name || null,
        note: a.note || null,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        const clash = await trx
          .selectFrom('known_authors')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('platform', '=', row.platform)
          .where('handle', '=', row.handle)
          .executeTakeFirst();
        if (clash)
          throw errors.conflict(`@${row.handle} on ${row.platform} is already a known author (${clash.id}).`);
        await trx.insertInto('known_authors').values(row).execute();
        await recordAudit(trx, actor, now, {
          workspaceId,
          action: 'known_author.create',
          subjectType: 'known_author',
          subjectId: row.id,
          after: presentKnownAuthor(row),
        });
      });
      await reload(workspaceId);
      return presentKnownAuthor(row);
    },
    async update(
      actor: Actor,
      workspaceId: string,
      id: string,
      patch: KnownAuthorPatch,
    ): Promise<KnownAuthorView> {
      const p = knownAuthorPatchSchema.parse(patch);
      const before = await find(workspaceId, id);
      const now = clock.now();
      const set: Partial<KnownAuthorsTable> = { updated_at: now };
      if (p.kind !== undefined) set.kind = p.kind;
      if (p.weight !== undefined) set.weight = p.weight;
      if (p.name !== undefined) set.name = p.name || null;
      if (p.note !== undefined) set.note = p.note || null;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('known_authors')
          .set(set)
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .execute();
        const after = await trx
          .selectFrom('known_authors')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, now, {
          workspaceId,
          action: 'known_author.update',
          subjectType: 'known_author',
          subjectId: id,
          before,
          after: presentKnownAuthor(after),
        });
      });
      await reload(workspaceId);
      return find(workspaceId, id);
    },
    async remove(actor: Actor, workspaceId: string, id: string): Promise<void> {
      const before = await find(workspaceId, id);
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('known_authors')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId,
          action: 'known_author.delete',
          subjectType: 'known_author',
          subjectId: id,
          before,
        });
      });
      await reload(workspaceId);
    },
  };
}
