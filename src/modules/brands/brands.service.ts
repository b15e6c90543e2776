/** Brands: what a workspace watches. Every write is audited. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Brand } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Clock } from '../../ports/clock.ts';
import type { BrandsTable, Database } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';

const shortList = z.array(z.string().trim().min(1).max(200)).max(200);

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Jerusalem');

/** A PATCH: only the fields sent change. */
export const brandPatchSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  aliases: shortList.optional(),
  ownedAccounts: shortList.optional(),
  competitors: shortList.optional(),
  languages: z.array(z.string().trim().min(2).max(16)).max(50).optional(),
  timeZone: timeZone.optional(),
});

export const brandInputSchema = brandPatchSchema.extend({
  name: z.string().trim().min(1).max(200),
  aliases: shortList.default([]),
  ownedAccounts: shortList.default([]),
  competitors: shortList.default([]),
  languages: z.array(z.string().trim().min(2).max(16)).max(50).default([]),
  timeZone: timeZone.default('UTC'),
});
export type BrandInput = z.input<typeof brandInputSchema>;

export function presentBrand(r: BrandsTable): Brand {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    aliases: JSON.parse(r.aliases),
    ownedAccounts: JSON.parse(r.owned_accounts),
    competitors: JSON.parse(r.competitors),
    languages: JSON.parse(r.languages),
    timeZone: r.time_zone,
    createdAt: Number(r.created_at),
  };
}

export type BrandsService = ReturnType<typeof createBrandsService>;

export function createBrandsService({ db, clock }: { db: Kysely<Database>; clock: Clock }) {
  async function find(workspaceId: string, id: string): Promise<Brand> {
    const row = await db
      .selectFrom('brands')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Brand ${id}`);
    return presentBrand(row);
  }

  async function assertNameFree(workspaceId: string, name: string, exceptId?: string) {
    const clash = await db
      .selectFrom('brands')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (clash && clash.id !== exceptId)
      throw errors.conflict(`A brand named "${name}" already exists in this workspace.`);
  }

  return {
    find,
    async list(workspaceId: string): Promise<Brand[]> {
      const rows = await db
        .selectFrom('brands')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('name')
        .execute();
      return rows.map(presentBrand);
    },
    async create(actor: Actor, workspaceId: string, input: BrandInput): Promise<Brand> {
      const b = brandInputSchema.parse(input);
      await assertNameFree(workspaceId, b.name);
      const row: BrandsTable = {
        id: newId('brd'),
        workspace_id: workspaceId,
        name: b.name,
        aliases: JSON.stringify(b.aliases),
        owned_accounts: JSON.stringify(b.ownedAccounts),
        competitors: JSON.stringify(b.competitors),
        languages: JSON.stringify(b.languages),
        time_zone: b.timeZone,
        created_at: clock.now(),
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('brands').values(row).execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId,
          action: 'brand.create',
          subjectType: 'brand',
          subjectId: row.id,
          after: presentBrand(row),
        });
      });
      return presentBrand(row);
    },
    async update(
      actor: Actor,
      workspaceId: string,
      id: string,
      patch: z.infer<typeof brandPatchSchema>,
    ): Promise<Brand> {
      const before = await find(workspaceId, id);
      const next = brandInputSchema.parse({ ...before, ...patch });
      if (next.name !== before.name) await assertNameFree(workspaceId, next.name, id);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('brands')
          .set({
            name: next.name,
            aliases: JSON.stringify(next.aliases),
            owned_accounts: JSON.stringify(next.ownedAccounts),
            competitors: JSON.stringify(next.competitors),
            languages: JSON.stringify(next.languages),
            time_zone: next.timeZone,
          })
          .where('id', '=', id)
          .execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId,
          action: 'brand.update',
          subjectType: 'brand',
          subjectId: id,
          before,
          after: { ...before, ...next },
        });
      });
      return find(workspaceId, id);
    },
  };
}
