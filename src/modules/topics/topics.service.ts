/**
 * Topics: named boolean queries. Every query is compiled before it is saved (with the workspace's other
 * topics, so topic:"…" references resolve and cycles are refused), a change that would break another
 * topic's reference is refused, and every write is audited in its transaction.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Topic } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Clock } from '../../ports/clock.ts';
import type { MentionStore, StoredMention } from '../../ports/store.ts';
import {
  compileQuery,
  type HighlightSpan,
  highlight,
  matchesDoc,
  QueryError,
  queryLimits,
} from '../../query/index.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import { type TopicsTable, topicFromRow } from './topics.queries.ts';

export const topicKinds = [
  'brand',
  'product',
  'executive',
  'competitor',
  'industry',
  'crisis_terms',
  'other',
] as const;

const querySchema = z.string().trim().min(1).max(queryLimits.chars);

export const topicInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  query: querySchema,
  kind: z.enum(topicKinds).default('other'),
  brandId: z.string().min(1).max(128).nullable().default(null),
  active: z.boolean().default(true),
});
export type TopicInput = z.input<typeof topicInputSchema>;

export const topicPatchSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  query: querySchema.optional(),
  kind: z.enum(topicKinds).optional(),
  brandId: z.string().min(1).max(128).nullable().optional(),
  active: z.boolean().optional(),
});
export type TopicPatch = z.infer<typeof topicPatchSchema>;

export const topicTestSchema = z.object({
  query: querySchema,
  /** How many of the most recent stored mentions to try. */
  lastN: z.number().int().min(1).max(10_000).default(1_000),
  samples: z.number().int().min(0).max(50).default(10),
});
export type TopicTestInput = z.input<typeof topicTestSchema>;

export interface TopicTestSample {
  source: string;
  id: string;
  createdAt: string;
  url: string | null;
  author: string | null;
  title: string | null;
  /** Verbatim: the client escapes it and wraps the highlight ranges itself. */
  text: string;
  highlights: HighlightSpan[];
}

export interface TopicTestResult {
  checked: number;
  matched: number;
  samples: TopicTestSample[];
}

export type TopicChange = { type: 'upsert'; topic: Topic } | { type: 'remove'; topic: Topic };

export interface TopicsServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** For "test this query"; without it, test() refuses. */
  mentions?: MentionStore;
  /** Told after each committed write, e.g. to update the live matcher incrementally. */
  onChange?: (change: TopicChange) => void;
}

export type TopicsService = ReturnType<typeof createTopicsService>;

function invalidQuery(error: QueryError, what = 'The query') {
  return errors.invalidQuery(`${what} is not valid: ${error.message}.`, {
    offset: error.offset,
    column: error.column,
  });
}

export function createTopicsService({ db, clock, mentions, onChange }: TopicsServiceDeps) {
  async function rows(workspaceId: string): Promise<TopicsTable[]> {
    return db
      .selectFrom('topics')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .execute();
  }

  async function find(workspaceId: string, id: string): Promise<Topic> {
    const row = await db
      .selectFrom('topics')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Topic ${id}`);
    return topicFromRow(row);
  }

  async function assertBrand(workspaceId: string, brandId: string | null) {
    if (brandId === null) return;
    const brand = await db
      .selectFrom('brands')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', brandId)
      .executeTakeFirst();
    if (!brand) throw errors.validation(`Brand ${brandId} does not exist in this workspace.`);
  }

  /**
   * Checks the workspace as it would be after the change: the changed topic compiles, its name is free,
   * and every other topic that compiled before still compiles (a rename or delete must not orphan a
   * topic:"…" reference).
   */
  function checkWorkspace(
    current: TopicsTable[],
    next: { id: string; name: string; query: string } | null,
    removedId?: string,
  ) {
    const after = new Map<string, { id: string; name: string; query: string }>();
    for (const r of current) if (r.id !== next?.id && r.id !== removedId) after.set(r.name_key, r);
    if (next) {
      const clash = after.get(next.name.toLowerCase());
      if (clash) throw errors.conflict(`A topic named "${clash.name}" already exists in this workspace.`);
      after.set(next.name.toLowerCase(), next);
    }
    const lookupIn = (topics: Map<string, { query: string }>) => (name: string) =>
      topics.get(name.toLowerCase())?.query;
    if (next) {
      try {
        compileQuery(next.query, lookupIn(after), next.name);
      } catch (error) {
        if (error instanceof QueryError) throw invalidQuery(error);
        throw error;
      }
    }
    const before = new Map(current.map((r) => [r.name_key, r]));
    for (const other of after.values()) {
      if (other.id === next?.id) continue;
      let compiledBefore = true;
      try {
        compileQuery(other.query, lookupIn(before), other.name);
      } catch {
        compiledBefore = false;
      }
      if (!compiledBefore) continue;
      try {
        compileQuery(other.query, lookupIn(after), other.name);
      } catch (error) {
        if (!(error instanceof QueryError)) throw error;
        throw errors.conflict(
          `Topic "${other.name}" would stop working (${error.message}); change its query first.`,
        );
      }
    }
  }

  async function sampleMentions(workspaceId: string, lastN: number): Promise<StoredMention[]> {
    if (!mentions) throw errors.unavailable('Testing a query needs the mention store.');
    const out: StoredMention[] = [];
    let beforeSeq: number | undefined;
    while (out.length < lastN) {
      const page = await mentions.list({ workspaceId, limit: Math.min(500, lastN - out.length), beforeSeq });
      out.push(...page);
      if (page.length === 0) break;
      beforeSeq = page[page.length - 1]?.seq;
    }
    return out;
  }

  return {
    find,
    async list(workspaceId: string): Promise<Topic[]> {
      return (await rows(workspaceId)).map(topicFromRow);
    },

    /** Every topic of every workspace, for building the matcher at start. */
    async all(): Promise<Topic[]> {
      const all = await db.selectFrom('topics').selectAll().orderBy('created_at').execute();
      return all.map(topicFromRow);
    },

    /** Throws an invalid_query error (with offset and column) when the query cannot be used here. */
    async validate(workspaceId: string, query: string, name?: string): Promise<void> {
      const current = await rows(workspaceId);
      const lookup = (n: string) => current.find((r) => r.name_key === n.toLowerCase())?.query;
      try {
        compileQuery(query, lookup, name);
      } catch (error) {
        if (error instanceof QueryError) throw invalidQuery(error);
        throw error;
      }
    },

    async create(actor: Actor, workspaceId: string, input: TopicInput): Promise<Topic> {
      const t = topicInputSchema.parse(input);
      await assertBrand(workspaceId, t.brandId);
      const now = clock.now();
      const row: TopicsTable = {
        id: newId('top'),
        workspace_id: workspaceId,
        brand_id: t.brandId,
        name: t.name,
        name_key: t.name.toLowerCase(),
        kind: t.kind,
        query: t.query,
        active: t.active ? 1 : 0,
        created_at: now,
        updated_at: now,
      };
      checkWorkspace(await rows(workspaceId), { id: row.id, name: row.name, query: row.query });
      const topic = topicFromRow(row);
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('topics').values(row).execute();
        await recordAudit(trx, actor, now, {
          workspaceId,
          action: 'topic.create',
          subjectType: 'topic',
          subjectId: row.id,
          after: topic,
        });
      });
      onChange?.({ type: 'upsert', topic });
      return topic;
    },

    async update(actor: Actor, workspaceId: string, id: string, patch: TopicPatch): Promise<Topic> {
      const p = topicPatchSchema.parse(patch);
      const before = await find(workspaceId, id);
      const next: Topic = {
        ...before,
        ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)),
        updatedAt: clock.now(),
      };
      if (p.brandId !== undefined) await assertBrand(workspaceId, next.brandId);
      checkWorkspace(await rows(workspaceId), { id, name: next.name, query: next.query });
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('topics')
          .set({
            name: next.name,
            name_key: next.name.toLowerCase(),
            kind: next.kind,
            query: next.query,
            brand_id: next.brandId,
            active: next.active ? 1 : 0,
            updated_at: next.updatedAt,
          })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .execute();
        await recordAudit(trx, actor, next.updatedAt, {
          workspaceId,
          action: 'topic.update',
          subjectType: 'topic',
          subjectId: id,
          before,
          after: next,
        });
      });
      onChange?.({ type: 'upsert', topic: next });
      return next;
    },

    async remove(actor: Actor, workspaceId: string, id: string): Promise<void> {
      const before = await find(workspaceId, id);
      checkWorkspace(await rows(workspaceId), null, id);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('topics').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId,
          action: 'topic.delete',
          subjectType: 'topic',
          subjectId: id,
          before,
        });
      });
      onChange?.({ type: 'remove', topic: before });
    },

    /** How many of the last N stored mentions a query matches, with highlighted samples. */
    async test(workspaceId: string, input: TopicTestInput): Promise<TopicTestResult> {
      const t = topicTestSchema.parse(input);
      const current = await rows(workspaceId);
      let compiled: ReturnType<typeof compileQuery>;
      try {
        compiled = compileQuery(t.query, (n) => current.find((r) => r.name_key === n.toLowerCase())?.query);
      } catch (error) {
        if (error instanceof QueryError) throw invalidQuery(error);
        throw error;
      }
      const recent = await sampleMentions(workspaceId, t.lastN);
      let matched = 0;
      const samples: TopicTestSample[] = [];
      for (const m of recent) {
        if (!matchesDoc(compiled, m)) continue;
        matched++;
        if (samples.length < t.samples) {
          samples.push({
            source: m.source,
            id: m.externalId,
            createdAt: new Date(m.createdAt).toISOString(),
            url: m.url ?? null,
            author: m.author?.handle ?? null,
            title: m.title ?? null,
            text: m.text,
            highlights: highlight(compiled.ast, m),
          });
        }
      }
      return { checked: recent.length, matched, samples };
    },
  };
}
