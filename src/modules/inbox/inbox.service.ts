/**
 * The response inbox: negative brand mentions and crisis-linked mentions wait here, most urgent first,
 * until somebody answers them or closes them with a reason. There is no delete: an item only moves
 * between statuses, and every move is audited (and, for a crisis item, put on the crisis timeline) in
 * the transaction that makes it.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Mention } from '../../domain/mention.ts';
import { renderTemplate } from '../../domain/template.ts';
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
  type InboxStatus,
  needsAnswer,
  rankOf,
  weightOf,
} from './inbox.model.ts';
import { type InboxItemView, presentItem, type ReplyView } from './inbox.presenter.ts';
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

  async function mentionOf(trx: Trx, item: InboxItemsTable) {
    return trx
      .selectFrom('mentions')
      .select([
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
      ])
      .where('workspace_id', '=', item.workspace_id)
      .where('source', '=', item.source)
      .where('external_id', '=', item.external_id)
      .executeTakeFirst();
  }

  async function view(trx: Trx, item: InboxItemsTable, replies?: ReplyView[]): Promise<InboxItemView> {
    return presentItem(item, await mentionOf(trx, item), clock.now(), replies);
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
        after: snapshot(next),
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
      lang: m.lang,
      mention_created_at: m.createdAt,
      weight: m.weight,
      rank: rankOf(m.weight, m.createdAt),
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
            weight: weightOf(m.reach ?? m.author?.followers, m.sentiment),
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
      for (let i = 0; i < refs.length; i += INSERT_CHUNK) {
        const chunk = refs.slice(i, i + INSERT_CHUNK);
        const found = await trx
          .selectFrom('mentions')
          .select([
            'source',
            'external_id',
            'brand_ids',
            'lang',
            'created_at',
            'reach',
            'author_followers',
            'sentiment_label',
            'sentiment_score',
          ])
          .where('workspace_id', '=', workspaceId)
          .where((eb) =>
            eb.or(
              chunk.map((r) => eb.and([eb('source', '=', r.source), eb('external_id', '=', r.externalId)])),
            ),
          )
          .execute();
        const rows = found.map((m) => {
          const brands = m.brand_ids ? (JSON.parse(m.brand_ids) as string[]) : [];
          const sentiment = m.sentiment_label
            ? { label: m.sentiment_label as 'negative', score: Number(m.sentiment_score ?? 0) }
            : undefined;
          const reach = m.reach ?? m.author_followers;
          return newItem(
            workspaceId,
            {
              source: m.source,
              externalId: m.external_id,
              brandId: brands[0] ?? null,
              lang: m.lang,
              createdAt: Number(m.created_at),
              weight: weightOf(reach === null ? undefined : Number(reach), sentiment),
            },
            'crisis',
            crisisId,
            now,
          );
        });
        if (rows.length) await insertItems(trx, rows);
        for (const r of chunk) {
          await trx
            .updateTable('inbox_items')
            .set({ crisis_id: crisisId, updated_at: now })
            .where('workspace_id', '=', workspaceId)
            .where('source', '=', r.source)
            .where('external_id', '=', r.externalId)
            .where('crisis_id', 'is', null)
            .execute();
        }
      }
    },

    async list(
      workspaceId: string,
      q: InboxListQuery,
    ): Promise<{ items: InboxItemView[]; next: string | null }> {
      let query = db.selectFrom('inbox_items').selectAll().where('workspace_id', '=', workspaceId);
      if (q.status?.length) query = query.where('status', 'in', q.status);
      if (q.crisisId) query = query.where('crisis_id', '=', q.crisisId);
      if (q.brandId) query = query.where('brand_id', '=', q.brandId);
      if (q.assigneeId) query = query.where('assignee_id', '=', q.assigneeId);
      if (q.after) {
        const cursor = decodeCursor(q.after);
        query = query.where((eb) =>
          eb.or([
            eb('rank', '<', cursor.rank),
            eb.and([eb('rank', '=', cursor.rank), eb('id', '<', cursor.id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('rank', 'desc')
        .orderBy('id', 'desc')
        .limit(q.limit + 1)
        .execute();
      const page = rows.slice(0, q.limit);
      const items = await Promise.all(page.map((r) => view(db, r)));
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
      return change(actor, workspaceId, id, 'assign', async (_trx, item) => ({
        assignee_id: assigneeId,
        status: assigneeId ? 'assigned' : item.first_reply_at !== null ? 'replied' : 'new',
      }));
    },

    async reply(actor: Actor, workspaceId: string, id: string, input: { text: string; channel: string }) {
      // Read before the transaction: SQLite has one connection, which the transaction holds.
      const crisisId = (await loadItem(db, workspaceId, id)).crisis_id;
      const official = crisisId ? await deps.statements().current(workspaceId, crisisId) : null;
      return change(
        actor,
        workspaceId,
        id,
        'reply',
        async (trx, item, now) => {
          // A reply that carries the official statement's link records which wording it pointed to.
          const linked =
            official && item.crisis_id === crisisId && input.text.includes(official.url) ? official : null;
          await trx
            .insertInto('inbox_replies')
            .values({
              id: newId('rpl'),
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
      if (input.reason === 'other' && !input.note) {
        throw errors.validation('Closing with the reason "other" needs a note that says why.', {
          field: 'note',
        });
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
      const wanted = [item.lang, wording.lang, 'en'].filter(Boolean) as string[];
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
        const out = renderTemplate(t.body, variables);
        return { lang: t.lang, text: out.text, missing: out.missing };
      });
      return { ready: replies.every((r) => r.missing.length === 0), statement, replies };
    },

    /** Coverage of a crisis, a brand, or the whole workspace, optionally since a time. */
    async coverage(
      workspaceId: string,
      q: { crisisId?: string; brandId?: string; since?: number },
    ): Promise<Coverage> {
      let query = db
        .selectFrom('inbox_items')
        .select(['status', 'close_reason', 'first_reply_at', 'mention_created_at'])
        .where('workspace_id', '=', workspaceId);
      if (q.crisisId) query = query.where('crisis_id', '=', q.crisisId);
      if (q.brandId) query = query.where('brand_id', '=', q.brandId);
      if (q.since !== undefined) query = query.where('mention_created_at', '>=', q.since);
      return coverageOf(await query.execute());
    },

    /** Counts per status, for the queue's header. */
    async counts(workspaceId: string): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('inbox_items')
        .select(['status', sql<number>`count(*)`.as('n')])
        .where('workspace_id', '=', workspaceId)
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
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
