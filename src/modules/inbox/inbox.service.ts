/**
 * The response inbox: negative brand mentions and crisis-linked mentions wait here, most urgent first,
 * until somebody answers them or closes them with a reason. There is no delete: an item only moves
 * between statuses, and every move is audited (and, for a crisis item, put on the crisis timeline) in
 * the transaction that makes it.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Mention, Sentiment } from '../../domain/mention.ts';
import { renderTemplate, variablesForLang } from '../../domain/template.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { CrisisView, MentionRef } from '../crises/index.ts';
import { recordCrisisEvent } from '../crises/index.ts';
import type { CurrentWording } from '../statements/index.ts';
import {
  type CloseReason,
  type Coverage,
  canDo,
  coverageOf,
  entryRank,
  type InboxStatus,
  isRuleComplaint,
  needsAnswer,
  weightOf,
} from './inbox.model.ts';
import { type InboxItemView, type MentionColumns, presentItem, type ReplyView } from './inbox.presenter.ts';
import type { InboxItemsTable } from './inbox.tables.ts';
import './inbox.tables.ts';

type Db = Kysely<Database>;
type Trx = Transaction<Database> | Db;

/** The playbook part the inbox reads: canned reply templates per language. */
interface RepliesSpec {
  replies?: Array<{ lang: string; body: string }>;
}

export interface InboxServiceDeps {
  db: Db;
  clock: Clock;
  crises: () => {
    get(workspaceId: string, id: string): Promise<CrisisView>;
    variables(workspaceId: string, id: string): Promise<Record<string, string>>;
  };
  statements: () => {
    current(workspaceId: string, crisisId: string, lang?: string): Promise<CurrentWording | null>;
  };
  playbooks: () =>
    | { get(workspaceId: string, key: string, version?: number): Promise<{ spec: unknown } | null> }
    | undefined;
}

export interface InboxListQuery {
  status?: InboxStatus[];
  crisisId?: string;
  brandId?: string;
  assigneeId?: string;
  limit: number;
  /** Opaque cursor from the previous page. */
  after?: string;
}

export interface CoverageQuery {
  crisisId?: string;
  brandId?: string;
  /** Mentions posted at or after (ms). */
  since?: number;
  /** Mentions posted before (ms). */
  until?: number;
  /** Also split the figures per brand or per crisis. */
  by?: 'brand' | 'crisis';
}

/** The figures over the negative mentions in scope, the same over every item, and the queue by status. */
export interface CoverageReport extends Coverage {
  all: Coverage;
  byStatus: Record<string, number>;
  groups?: Array<Coverage & { brandId?: string | null; crisisId?: string | null }>;
}

export interface CannedReply {
  lang: string;
  text: string;
  missing: string[];
}

export interface CannedReplies {
  ready: boolean;
  /** Why there is nothing to send yet (no crisis, no published statement, no templates). */
  reason?: string;
  statement?: { id: string; version: number; url: string; lang: string };
  replies: CannedReply[];
}

const INSERT_CHUNK = 200;

export function createInboxService(deps: InboxServiceDeps) {
  const { db, clock } = deps;

  async function loadItem(trx: Trx, workspaceId: string, id: string): Promise<InboxItemsTable> {
    const row = await trx
      .selectFrom('inbox_items')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Inbox item "${id}"`);
    return row;
  }

  const mentionColumns = [
    'text',
    'url',
    'title',
    'author_handle',
    'author_name',
    'author_followers',
    'author_verified',
    'lang',
    'created_at',
    'sentiment_label',
    'sentiment_score',
    'reach',
    'story_id',
  ] as const;

  async function mentionOf(trx: Trx, item: InboxItemsTable) {
    return trx
      .selectFrom('mentions')
      .select(mentionColumns)
      .where('workspace_id', '=', item.workspace_id)
      .where('source', '=', item.source)
      .where('external_id', '=', item.external_id)
      .executeTakeFirst();
  }

  async function view(trx: Trx, item: InboxItemsTable, replies?: ReplyView[]): Promise<InboxItemView> {
    return presentItem(item, await mentionOf(trx, item), clock.now(), replies);
  }

  /**
   * A page of items with their mentions: one `source = ? AND external_id IN (…)` query per source on
   * the mentions' identity index (an OR of (source, external_id) pairs made SQLite scan).
   */
  async function views(trx: Trx, workspaceId: string, items: InboxItemsTable[]): Promise<InboxItemView[]> {
    const bySource = new Map<string, string[]>();
    for (const i of items) bySource.set(i.source, [...(bySource.get(i.source) ?? []), i.external_id]);
    const byKey = new Map<string, MentionColumns>();
    for (const [source, ids] of bySource) {
      const rows = await trx
        .selectFrom('mentions')
        .select(['external_id', ...mentionColumns])
        .where('workspace_id', '=', workspaceId)
        .where('source', '=', source)
        .where('external_id', 'in', ids)
        .execute();
      for (const r of rows) byKey.set(`${source}\u0000${r.external_id}`, r);
    }
    const now = clock.now();
    return items.map((i) => presentItem(i, byKey.get(`${i.source}\u0000${i.external_id}`), now));
  }

  /**
   * Moves an item in one transaction: the optimistic version check, the audit record and, for a crisis
   * item, the timeline event go with the change or not at all.
   */
  async function change(
    actor: Actor,
    workspaceId: string,
    id: string,
    action: 'assign' | 'reply' | 'escalate' | 'close',
    apply: (
      trx: Transaction<Database>,
      item: InboxItemsTable,
      now: number,
    ) => Promise<Partial<InboxItemsTable>>,
    timeline?: (item: InboxItemsTable) => { kind: string; summary: string; data?: Record<string, unknown> },
    /** More for the audit record (e.g. the reply given), filled in by `apply`. */
    detail: Record<string, unknown> = {},
  ): Promise<InboxItemView> {
    return db.transaction().execute(async (trx) => {
      const item = await loadItem(trx, workspaceId, id);
      const status = item.status as InboxStatus;
      if (!canDo(action, status)) {
        throw errors.conflict(`An item that is ${status.replace(/_/g, ' ')} cannot be ${pastTense[action]}.`);
      }
      const now = clock.now();
      const patch = await apply(trx, item, now);
      const next = { ...item, ...patch, version: Number(item.version) + 1, updated_at: now };
      const updated = await trx
        .updateTable('inbox_items')
        .set({ ...patch, version: next.version, updated_at: now })
        .where('id', '=', id)
        .where('version', '=', item.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        throw errors.conflict('Somebody else changed this item at the same moment; reload it and try again.');
      }
      await recordAudit(trx, actor, now, {
        workspaceId,
        action: `inbox.${action}`,
        subjectType: 'inbox_item',
        subjectId: id,
        before: snapshot(item),
        after: { ...snapshot(next), ...detail },
      });
      if (item.crisis_id && timeline) {
        await recordCrisisEvent(trx, {
          workspaceId,
          crisisId: item.crisis_id,
          actor,
          at: now,
          ...timeline(next),
        });
      }
      return view(trx, next);
    });
  }

  async function insertItems(trx: Trx, rows: InboxItemsTable[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const result = await trx
        .insertInto('inbox_items')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) => oc.columns(['workspace_id', 'source', 'external_id']).doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return inserted;
  }

  function newItem(
    workspaceId: string,
    m: {
      source: string;
      externalId: string;
      brandId: string | null;
      lang: string | null;
      createdAt: number;
      weight: number;
      negative: boolean;
    },
    origin: 'negative' | 'crisis',
    crisisId: string | null,
    now: number,
  ): InboxItemsTable {
    return {
      id: newId('inb'),
      workspace_id: workspaceId,
      source: m.source,
      external_id: m.externalId,
      brand_id: m.brandId,
      crisis_id: crisisId,
      origin,
      negative: m.negative ? 1 : 0,
      lang: m.lang,
      mention_created_at: m.createdAt,
      weight: m.weight,
      rank: entryRank(m.weight, m.createdAt, now),
      status: 'new',
      assignee_id: null,
      close_reason: null,
      close_note: null,
      first_reply_at: null,
      entered_at: now,
      version: 1,
      updated_at: now,
    };
  }

  const service = {
    /**
     * Stored mentions that need an answer enter the queue (the inbox consumer calls this for every
     * stored batch). Idempotent: a redelivered batch adds nothing.
     */
    async enqueue(mentions: Mention[]): Promise<number> {
      const now = clock.now();
      const rows = mentions.filter(needsAnswer).map((m) =>
        newItem(
          m.workspaceId,
          {
            source: m.source,
            externalId: m.externalId,
            brandId: m.brandIds?.[0] ?? null,
            lang: m.lang ?? null,
            createdAt: m.createdAt,
            weight: weightOf(m.reach ?? m.author?.followers, m.sentiment, isRuleComplaint(m.categories)),
            negative: true,
          },
          'negative',
          null,
          now,
        ),
      );
      return rows.length ? insertItems(db, rows) : 0;
    },

    /**
     * Mentions linked to a crisis enter the queue in the crisis's transaction, whatever their sentiment;
     * ones already waiting join the crisis. Mentions Firebreak never stored are skipped.
     */
    async linkToCrisis(trx: Trx, workspaceId: string, crisisId: string, refs: MentionRef[]): Promise<void> {
      const now = clock.now();
      // Per source, `external_id IN (…)` on the identity indexes (an OR of pairs would scan).
      const bySource = new Map<string, string[]>();
      for (const r of refs) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r.externalId]);
      for (const [source, allIds] of bySource) {
        for (let i = 0; i < allIds.length; i += INSERT_CHUNK) {
          const ids = allIds.slice(i, i + INSERT_CHUNK);
          const found = await trx
            .selectFrom('mentions')
            .select([
              'external_id',
              'brand_ids',
              'lang',
              'created_at',
              'reach',
              'author_followers',
              'sentiment_label',
              'sentiment_score',
              'categories',
            ])
            .where('workspace_id', '=', workspaceId)
            .where('source', '=', source)
            .where('external_id', 'in', ids)
            .execute();
          const rows = found.map((m) => {
            const brands = m.brand_ids ? (JSON.parse(m.brand_ids) as string[]) : [];
            const sentiment = m.sentiment_label
              ? { label: m.sentiment_label as Sentiment['label'], score: Number(m.sentiment_score ?? 0) }
              : undefined;
            const reach = m.reach ?? m.author_followers;
            const complaint = isRuleComplaint(m.categories ? JSON.parse(m.categories) : undefined);
            return newItem(
              workspaceId,
              {
                source,
                externalId: m.external_id,
                brandId: brands[0] ?? null,
                lang: m.lang,
                createdAt: Number(m.created_at),
                weight: weightOf(reach === null ? undefined : Number(reach), sentiment, complaint),
                negative: sentiment?.label === 'negative' || complaint,
              },
              'crisis',
              crisisId,
              now,
            );
          });
          if (rows.length) await insertItems(trx, rows);
          // Items already waiting (negative mentions from before the crisis) join it.
          await trx
            .updateTable('inbox_items')
            .set({ crisis_id: crisisId, updated_at: now })
            .where('workspace_id', '=', workspaceId)
            .where('source', '=', source)
            .where('external_id', 'in', ids)
            .where('crisis_id', 'is', null)
            .execute();
        }
      }
    },

    /**
     * A page of the queue, most urgent first, after the cursor. Each status asked for is read by its own
     * index range scan (workspace, status, rank, id) and the pages are merged, so a page costs the same
     * with 100 or 100,000 items waiting.
     */
    async list(
      workspaceId: string,
      q: InboxListQuery,
    ): Promise<{ items: InboxItemView[]; next: string | null }> {
      const cursor = q.after ? decodeCursor(q.after) : undefined;
      const read = (status?: InboxStatus) => {
        let query = db.selectFrom('inbox_items').selectAll().where('workspace_id', '=', workspaceId);
        if (status) query = query.where('status', '=', status);
        if (q.crisisId) query = query.where('crisis_id', '=', q.crisisId);
        if (q.brandId) query = query.where('brand_id', '=', q.brandId);
        if (q.assigneeId) query = query.where('assignee_id', '=', q.assigneeId);
        if (cursor) {
          query = query.where((eb) =>
            eb.or([
              eb('rank', '<', cursor.rank),
              eb.and([eb('rank', '=', cursor.rank), eb('id', '<', cursor.id)]),
            ]),
          );
        }
        return query
          .orderBy('rank', 'desc')
          .orderBy('id', 'desc')
          .limit(q.limit + 1)
          .execute();
      };
      const statuses = [...new Set(q.status ?? [])];
      const rows =
        statuses.length > 0
          ? (await Promise.all(statuses.map(read)))
              .flat()
              .sort(byRankDesc)
              .slice(0, q.limit + 1)
          : await read();
      const page = rows.slice(0, q.limit);
      const items = await views(db, workspaceId, page);
      const last = page.at(-1);
      return { items, next: rows.length > q.limit && last ? encodeCursor(Number(last.rank), last.id) : null };
    },

    async get(workspaceId: string, id: string): Promise<InboxItemView> {
      const item = await loadItem(db, workspaceId, id);
      const replies = await db
        .selectFrom('inbox_replies')
        .selectAll()
        .where('item_id', '=', id)
        .orderBy('at', 'asc')
        .execute();
      return view(
        db,
        item,
        replies.map((r) => ({
          id: r.id,
          text: r.text,
          channel: r.channel,
          statement: r.statement_id ? { id: r.statement_id, version: Number(r.statement_version) } : null,
          by: r.actor,
          at: Number(r.at),
        })),
      );
    },

    async assign(actor: Actor, workspaceId: string, id: string, assigneeId: string | null) {
      if (assigneeId) {
        const member = await db
          .selectFrom('memberships')
          .select('role')
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', assigneeId)
          .executeTakeFirst();
        if (!member || member.role === 'viewer') {
          throw errors.validation(
            'Items can only be assigned to a responder, approver or admin of this workspace.',
            {
              assigneeId,
            },
          );
        }
      }
      return change(
        actor,
        workspaceId,
        id,
        'assign',
        async (_trx, item) => ({
          assignee_id: assigneeId,
          status: assigneeId ? 'assigned' : item.first_reply_at !== null ? 'replied' : 'new',
          // Assigning a closed item reopens it: the reason it was closed for stays in the audit log.
          close_reason: null,
          close_note: null,
        }),
        (item) => ({
          kind: 'inbox.assigned',
          summary: assigneeId
            ? `Mention ${item.source}:${item.external_id} assigned`
            : `Mention ${item.source}:${item.external_id} unassigned`,
          data: { itemId: item.id, assigneeId },
        }),
      );
    },

    async reply(actor: Actor, workspaceId: string, id: string, input: { text: string; channel: string }) {
      // Read before the transaction: SQLite has one connection, which the transaction holds.
      const crisisId = (await loadItem(db, workspaceId, id)).crisis_id;
      const official = crisisId ? await deps.statements().current(workspaceId, crisisId) : null;
      const detail: Record<string, unknown> = {};
      return change(
        actor,
        workspaceId,
        id,
        'reply',
        async (trx, item, now) => {
          // A reply that carries the official statement's link records which wording it pointed to.
          const linked =
            official && item.crisis_id === crisisId && input.text.includes(official.url) ? official : null;
          const replyId = newId('rpl');
          detail.reply = {
            id: replyId,
            channel: input.channel,
            text: input.text,
            statement: linked ? { id: linked.statementId, version: linked.version } : null,
          };
          await trx
            .insertInto('inbox_replies')
            .values({
              id: replyId,
              workspace_id: workspaceId,
              item_id: id,
              text: input.text,
              channel: input.channel,
              statement_id: linked?.statementId ?? null,
              statement_version: linked?.version ?? null,
              user_id: actor.userId,
              actor: actor.label,
              at: now,
            })
            .execute();
          return {
            status: 'replied',
            first_reply_at: item.first_reply_at ?? now,
            close_reason: null,
            close_note: null,
          };
        },
        (item) => ({
          kind: 'reply.sent',
          summary: `Replied to ${item.source} mention ${item.external_id}`,
          data: { itemId: item.id, channel: input.channel },
        }),
        detail,
      );
    },

    async escalate(actor: Actor, workspaceId: string, id: string, note?: string) {
      return change(
        actor,
        workspaceId,
        id,
        'escalate',
        async () => ({ status: 'escalated', close_note: note ?? null }),
        (item) => ({
          kind: 'inbox.escalated',
          summary: `Escalated ${item.source} mention ${item.external_id}${note ? `: ${note}` : ''}`,
          data: { itemId: item.id },
        }),
      );
    },

    async close(
      actor: Actor,
      workspaceId: string,
      id: string,
      input: { reason: CloseReason; note?: string },
    ) {
      // Never ignore silently: a reason from the list AND a sentence that says why, for the record.
      if (!input.note?.trim()) {
        throw errors.validation(
          'Closing without a reply needs a reason from the list and a note that says why.',
          { field: 'note' },
        );
      }
      return change(
        actor,
        workspaceId,
        id,
        'close',
        async () => ({
          status: 'no_reply_needed',
          close_reason: input.reason,
          close_note: input.note ?? null,
        }),
        (item) => ({
          kind: 'inbox.closed',
          summary: `No reply needed for ${item.source} mention ${item.external_id} (${input.reason.replace(/_/g, ' ')})`,
          data: { itemId: item.id, reason: input.reason },
        }),
      );
    },

    /**
     * Ready-to-send answers for an item: the crisis playbook's reply templates in the mention's language
     * (else English, else all), filled with the crisis variables and the current official statement's
     * link. Without a published statement there is nothing to link to, and it says so.
     */
    async cannedReplies(workspaceId: string, id: string): Promise<CannedReplies> {
      const item = await loadItem(db, workspaceId, id);
      if (!item.crisis_id) {
        return {
          ready: false,
          reason: 'This mention is not part of a crisis: answer it in your own words.',
          replies: [],
        };
      }
      const crisis = await deps.crises().get(workspaceId, item.crisis_id);
      const wording = await deps.statements().current(workspaceId, crisis.id, item.lang ?? undefined);
      if (!wording) {
        return {
          ready: false,
          reason:
            'No statement is published for this crisis yet; canned replies link to it, so publish one first.',
          replies: [],
        };
      }
      const playbook = crisis.playbook
        ? await deps.playbooks()?.get(workspaceId, crisis.playbook.key, crisis.playbook.version)
        : null;
      const templates = (playbook?.spec as RepliesSpec | undefined)?.replies ?? [];
      // The mention's language, else English, else the statement's language.
      const wanted = [item.lang, 'en', wording.lang].filter(Boolean) as string[];
      const lang = wanted.find((l) => templates.some((t) => t.lang === l));
      const chosen = lang ? templates.filter((t) => t.lang === lang) : templates;
      const statement = {
        id: wording.statementId,
        version: wording.version,
        url: wording.url,
        lang: wording.lang,
      };
      if (!chosen.length) {
        return {
          ready: false,
          reason: 'The crisis playbook has no reply templates; the statement link is below.',
          statement,
          replies: [],
        };
      }
      const variables = {
        ...(await deps.crises().variables(workspaceId, crisis.id)),
        statement_url: wording.url,
        statement_text: wording.text,
      };
      const replies = chosen.map((t) => {
        const out = renderTemplate(t.body, variablesForLang(variables, t.lang));
        return { lang: t.lang, text: out.text, missing: out.missing };
      });
      return { ready: replies.every((r) => r.missing.length === 0), statement, replies };
    },

    /**
     * Coverage, live: of the negative mentions in scope (negative as they entered the inbox; a crisis,
     * a brand or the workspace; optionally those posted in a time window) the share answered, the share
     * closed with a reason, and the median time from the post to its first reply; `all` gives the same
     * over every item, positive and neutral crisis mentions included. Counted by GROUP BY in the
     * database; only reply delays are read. `by` splits the figures per brand or per crisis.
     */
    async coverage(workspaceId: string, q: CoverageQuery): Promise<CoverageReport> {
      const groupKey = q.by === 'brand' ? 'i.brand_id' : q.by === 'crisis' ? 'i.crisis_id' : null;
      // Without a split, group by the workspace (one value): PostgreSQL refuses GROUP BY a constant.
      const key = sql<string | null>`${sql.ref(groupKey ?? 'i.workspace_id')}`;
      const negative = sql<number>`i.negative`;
      let base = db.selectFrom('inbox_items as i').where('i.workspace_id', '=', workspaceId);
      if (q.crisisId) base = base.where('i.crisis_id', '=', q.crisisId);
      if (q.brandId) base = base.where('i.brand_id', '=', q.brandId);
      if (q.since !== undefined) base = base.where('i.mention_created_at', '>=', q.since);
      if (q.until !== undefined) base = base.where('i.mention_created_at', '<', q.until);
      const [counts, delays] = await Promise.all([
        base
          .select([
            key.as('k'),
            negative.as('neg'),
            'i.status',
            'i.close_reason',
            sql<number>`count(*)`.as('n'),
            sql<number>`count(i.first_reply_at)`.as('replied'),
          ])
          .groupBy([key, negative, 'i.status', 'i.close_reason'])
          .execute(),
        base
          .select([
            key.as('k'),
            negative.as('neg'),
            sql<number>`i.first_reply_at - i.mention_created_at`.as('delay'),
          ])
          .where('i.first_reply_at', 'is not', null)
          .execute(),
      ]);
      const figures = (k: string | null | undefined, onlyNegative: boolean) =>
        coverageOf(
          counts
            .filter((c) => (k === undefined || c.k === k) && (!onlyNegative || Number(c.neg) === 1))
            .map((c) => ({
              status: c.status,
              closeReason: c.close_reason,
              items: Number(c.n),
              replied: Number(c.replied),
            })),
          delays
            .filter((d) => (k === undefined || d.k === k) && (!onlyNegative || Number(d.neg) === 1))
            .map((d) => Math.max(0, Number(d.delay))),
        );
      const byStatus: Record<string, number> = {};
      for (const c of counts) byStatus[c.status] = (byStatus[c.status] ?? 0) + Number(c.n);
      const report: CoverageReport = {
        ...figures(undefined, true),
        all: figures(undefined, false),
        byStatus,
      };
      if (groupKey) {
        const keys = [...new Set(counts.map((c) => c.k))];
        report.groups = keys
          .map((k) => ({ [q.by === 'brand' ? 'brandId' : 'crisisId']: k, ...figures(k, true) }))
          .filter((g) => g.total > 0)
          .sort((a, b) => b.total - a.total);
      }
      return report;
    },
  };
  return service;
}

export type InboxService = ReturnType<typeof createInboxService>;

const pastTense = { assign: 'assigned', reply: 'replied to', escalate: 'escalated', close: 'closed' };

function snapshot(item: InboxItemsTable) {
  return {
    status: item.status,
    assigneeId: item.assignee_id,
    crisisId: item.crisis_id,
    closeReason: item.close_reason,
    closeNote: item.close_note,
    version: item.version,
  };
}

function byRankDesc(a: InboxItemsTable, b: InboxItemsTable): number {
  return Number(b.rank) - Number(a.rank) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function encodeCursor(rank: number, id: string): string {
  return Buffer.from(JSON.stringify([rank, id])).toString('base64url');
}

function decodeCursor(cursor: string): { rank: number; id: string } {
  try {
    const [rank, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof rank === 'number' && Number.isFinite(rank) && typeof id === 'string') return { rank, id };
  } catch {
    // fall through to the error below
  }
  throw errors.validation('This paging cursor is not one the inbox gave out.', { field: 'after' });
}
