/** Routing rules: stored per workspace as data, evaluated in memory by routing.rules.ts. Every write audited. */
import type { Kysely } from 'kysely';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { RoutingRulesTable } from './alerts.queries.ts';
import { patchSchema } from './patch.ts';
import {
  type RoutingRule,
  type RoutingRuleDefinition,
  type RoutingRuleInput,
  routingRuleSchema,
} from './routing.rules.ts';

export const routingRulePatchSchema = patchSchema(routingRuleSchema);

export interface RoutingRuleView extends RoutingRule {
  createdAt: number;
  updatedAt: number;
}

export function presentRule(r: RoutingRulesTable): RoutingRuleView {
  const definition = routingRuleSchema.parse(JSON.parse(r.definition));
  return {
    id: r.id,
    ...definition,
    name: r.name,
    enabled: r.enabled === 1,
    position: Number(r.position),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export interface RoutingServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** Which of these channel ids exist in the workspace. */
  existingChannels(workspaceId: string, ids: string[]): Promise<string[]>;
}

export type RoutingService = ReturnType<typeof createRoutingService>;

export function createRoutingService({ db, clock, existingChannels }: RoutingServiceDeps) {
  async function row(workspaceId: string, id: string) {
    const r = await db
      .selectFrom('routing_rules')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw errors.notFound(`Routing rule ${id}`);
    return r;
  }

  async function assertChannels(workspaceId: string, ids: string[]) {
    const found = new Set(await existingChannels(workspaceId, ids));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) {
      throw errors.validation(`Unknown notification channel(s): ${missing.join(', ')}. Create them first.`);
    }
  }

  const toRow = (
    id: string,
    workspaceId: string,
    rule: ReturnType<typeof routingRuleSchema.parse>,
    created: number,
    now: number,
  ) => ({
    id,
    workspace_id: workspaceId,
    name: rule.name,
    definition: JSON.stringify(rule),
    enabled: rule.enabled ? 1 : 0,
    position: rule.position,
    created_at: created,
    updated_at: now,
  });

  const service = {
    async list(workspaceId: string): Promise<RoutingRuleView[]> {
      const rows = await db
        .selectFrom('routing_rules')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('position')
        .orderBy('created_at')
        .execute();
      return rows.map(presentRule);
    },

    async find(workspaceId: string, id: string): Promise<RoutingRuleView> {
      return presentRule(await row(workspaceId, id));
    },

    /** Rule ids that send to this channel (a channel in use cannot be deleted). */
    async usingChannel(workspaceId: string, channelId: string): Promise<string[]> {
      return (await service.list(workspaceId))
        .filter((r) => r.channelIds.includes(channelId))
        .map((r) => r.id);
    },

    async create(actor: Actor, workspaceId: string, input: RoutingRuleInput): Promise<RoutingRuleView> {
      const rule = routingRuleSchema.parse(input);
      await assertChannels(workspaceId, rule.channelIds);
      const now = clock.now();
      const r = toRow(newId('rte'), workspaceId, rule, now, now);
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('routing_rules').values(r).execute();
        await recordAudit(trx, actor, now, {
          workspaceId,
          action: 'routing_rule.create',
          subjectType: 'routing_rule',
          subjectId: r.id,
          after: presentRule(r),
        });
      });
      return presentRule(r);
    },

    async update(
      actor: Actor,
      workspaceId: string,
      id: string,
      patch: Partial<RoutingRuleDefinition>,
    ): Promise<RoutingRuleView> {
      const beforeRow = await row(workspaceId, id);
      const before = presentRule(beforeRow);
      const { id: _id, createdAt: _c, updatedAt: _u, ...definition } = before;
      const rule = routingRuleSchema.parse({ ...definition, ...routingRulePatchSchema.parse(patch) });
      await assertChannels(workspaceId, rule.channelIds);
      const now = clock.now();
      const r = toRow(id, workspaceId, rule, Number(beforeRow.created_at), now);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('routing_rules').set(r).where('id', '=', id).execute();
        await recordAudit(trx, actor, now, {
          workspaceId,
          action: 'routing_rule.update',
          subjectType: 'routing_rule',
          subjectId: id,
          before,
          after: presentRule(r),
        });
      });
      return presentRule(r);
    },

    async remove(actor: Actor, workspaceId: string, id: string): Promise<void> {
      const before = presentRule(await row(workspaceId, id));
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('routing_rules').where('id', '=', id).execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId,
          action: 'routing_rule.delete',
          subjectType: 'routing_rule',
          subjectId: id,
          before,
        });
      });
    },
  };
  return service;
}
