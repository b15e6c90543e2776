/**
 * The crisis record (issue 6, audit): everything that happened and who decided what, as JSON (for tools)
 * and Markdown (for the post-crisis review and the case library). Mention text and every other
 * user-written string is escaped for Markdown: it renders as the words people wrote, never as markup,
 * links or HTML.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { AlertView } from '../alerts/index.ts';
import type { StatementsService } from '../statements/index.ts';
import { type MentionRef, mentionRefKey } from './crises.model.ts';
import type { CrisisView, TaskView } from './crises.presenter.ts';
import type { CrisesService, CrisisLinks } from './crises.service.ts';
import type { TasksService } from './tasks.service.ts';
import type { CrisisEvent } from './timeline.ts';

export interface ExportSources {
  store: { db: Kysely<Database> };
  clock: { now(): number };
  crises: Pick<CrisesService, 'get' | 'links' | 'timeline'> & { tasks: Pick<TasksService, 'list'> };
  statements: Pick<StatementsService, 'decisions'>;
  alerts: { alerts: { get(workspaceId: string, id: string): Promise<AlertView> } };
}

/** How many linked mentions the record quotes in full (the rest are counted). */
const QUOTED_MENTIONS = 200;

export interface CrisisRecord {
  format: 'firebreak.crisis-record/1';
  exportedAt: number;
  crisis: CrisisView;
  tasks: TaskView[];
  statements: Awaited<ReturnType<StatementsService['decisions']>>;
  /** Who decided what, in order: status changes, approvals (per exact version), publications. */
  decisions: Array<{ at: number; by: string; what: string; kind: 'status' | 'approval' | 'publication' }>;
  alerts: Array<
    Pick<AlertView, 'id' | 'title' | 'severity' | 'status' | 'createdAt'> | { id: string; missing: true }
  >;
  links: CrisisLinks;
  mentions: Array<
    MentionRef & {
      author: string | null;
      text: string;
      url: string | null;
      createdAt: number;
      lang: string | null;
    }
  >;
  timeline: CrisisEvent[];
}

export async function crisisExport(
  src: ExportSources,
  workspaceId: string,
  id: string,
): Promise<CrisisRecord> {
  const crisis = await src.crises.get(workspaceId, id);
  const [tasks, statements, links, timeline] = await Promise.all([
    src.crises.tasks.list(workspaceId, id),
    src.statements.decisions(workspaceId, id),
    src.crises.links(workspaceId, id),
    src.crises.timeline(workspaceId, id),
  ]);
  const alerts: CrisisRecord['alerts'] = [];
  for (const link of links.alerts) {
    const alert = await src.alerts.alerts.get(workspaceId, link.id).catch(() => undefined);
    alerts.push(
      alert
        ? {
            id: alert.id,
            title: alert.title,
            severity: alert.severity,
            status: alert.status,
            createdAt: alert.createdAt,
          }
        : { id: link.id, missing: true },
    );
  }
  const mentions: CrisisRecord['mentions'] = [];
  for (const ref of links.mentions.slice(0, QUOTED_MENTIONS)) {
    const row = await src.store.db
      .selectFrom('mentions')
      .select(['text', 'author_handle', 'url', 'created_at', 'lang'])
      .where('workspace_id', '=', workspaceId)
      .where('source', '=', ref.source)
      .where('external_id', '=', ref.externalId)
      .executeTakeFirst();
    if (row) {
      mentions.push({
        source: ref.source,
        externalId: ref.externalId,
        author: row.author_handle,
        text: row.text,
        url: row.url,
        createdAt: Number(row.created_at),
        lang: row.lang,
      });
    }
  }
  const decisions: CrisisRecord['decisions'] = [];
  for (const e of timeline) {
    if (e.kind === 'crisis.status')
      decisions.push({ at: e.at, by: e.actor, what: e.summary, kind: 'status' });
  }
  for (const s of statements) {
    for (const a of s.approvals) {
      decisions.push({
        at: a.at,
        by: a.approver,
        what: `approved "${s.statement.title}" version ${a.version} as ${a.role}${a.comment ? ` (${a.comment})` : ''}`,
        kind: 'approval',
      });
    }
    for (const p of s.publications) {
      decisions.push({
        at: p.at,
        by: p.publishedBy,
        what: `published "${s.statement.title}" version ${p.version}${p.isUpdate ? ' as an update' : ''}`,
        kind: 'publication',
      });
    }
  }
  decisions.sort((a, b) => a.at - b.at);
  return {
    format: 'firebreak.crisis-record/1',
    exportedAt: src.clock.now(),
    crisis,
    tasks,
    statements,
    decisions,
    alerts,
    links,
    mentions,
    timeline,
  };
}

/**
 * One line of user text, inert in Markdown: the characters that open emphasis, code, links, images,
 * HTML, entities and tables are backslash-escaped everywhere, and what would start a block (a heading,
 * list item, quote, rule) is escaped at the start. Letters and everyday punctuation stay readable.
 */
export function mdInline(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]<>()#|~!&]/g, (c) => `\\${c}`)
    .replace(/^([-+=>]|\d+[.)])/, (m) => `${m.slice(0, -1)}\\${m.slice(-1)}`);
}

/** Multi-line user text as a quote block, each line escaped. */
function mdQuote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `> ${mdInline(line)}`)
    .join('\n');
}

const iso = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().replace('.000Z', 'Z'));

/** An http(s) link, or nothing: a mention's URL never becomes a javascript: link or breaks out of <…>. */
function safeUrl(url: string | null): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return u.href.replace(/[<>()\s]/g, (c) => encodeURIComponent(c));
  } catch {
    return undefined;
  }
}

export function crisisMarkdown(r: CrisisRecord): string {
  const c = r.crisis;
  const out: string[] = [];
  out.push(`# Crisis record: ${mdInline(c.title)}`, '');
  if (c.isDrill) out.push('**Exercise (drill): not a real crisis.**', '');
  out.push(
    '| | |',
    '|---|---|',
    `| Id | ${mdInline(c.id)} |`,
    `| Type | ${mdInline(c.type)}${c.category ? ` (${mdInline(c.category)})` : ''} |`,
    `| Severity | ${c.severity} |`,
    `| Status | ${mdInline(c.status)} |`,
    `| Opened | ${iso(c.openedAt)} by ${mdInline(c.openedBy)} (${mdInline(c.origin)}) |`,
    `| Resolved | ${iso(c.resolvedAt)} |`,
    `| Playbook | ${c.playbook ? `${mdInline(c.playbook.key)} v${c.playbook.version}` : '—'} |`,
    `| Commander | ${c.commanderId ? mdInline(c.assignments.find((a) => a.personId === c.commanderId)?.name ?? c.commanderId) : '—'} |`,
    `| Public page | ${mdInline(c.publicUrl)} |`,
    `| Exported | ${iso(r.exportedAt)} |`,
    '',
  );
  if (c.assignments.length) {
    out.push('## Team', '');
    for (const a of c.assignments) out.push(`- ${mdInline(a.role)}: ${mdInline(a.name)}`);
    out.push('');
  }

  out.push('## Decisions', '');
  if (!r.decisions.length) out.push('None recorded.');
  for (const d of r.decisions) out.push(`- ${iso(d.at)} — ${mdInline(d.by)}: ${mdInline(d.what)}`);
  out.push('');

  out.push('## Tasks', '');
  if (!r.tasks.length) out.push('No tasks.');
  else {
    out.push('| Due | Task | Owner | Status | Done | Note |', '|---|---|---|---|---|---|');
    for (const t of r.tasks) {
      out.push(
        `| ${iso(t.dueAt)} | ${mdInline(t.title)} | ${mdInline(t.assignee?.name ?? t.ownerRole ?? '—')} | ${t.status}${t.overdue ? ' (overdue)' : ''} | ${t.doneAt ? `${iso(t.doneAt)} by ${mdInline(t.doneBy ?? '')}` : '—'} | ${mdInline(t.note ?? '')} |`,
      );
    }
  }
  out.push('');

  out.push('## Statements', '');
  if (!r.statements.length) out.push('No statements.');
  for (const s of r.statements) {
    const st = s.statement;
    out.push(
      `### ${mdInline(st.title)} (${mdInline(st.kind)})`,
      '',
      `State: ${st.state}; current version ${st.currentVersion}; published version ${st.publishedVersion ?? '—'}; required approvals: ${st.requiredApprovals.map(mdInline).join(', ')}.`,
      '',
    );
    for (const v of s.variants) {
      out.push(
        `#### ${mdInline(v.channel)} · ${mdInline(v.lang)}${v.title ? ` — ${mdInline(v.title)}` : ''}`,
        '',
        mdQuote(v.body),
        '',
      );
    }
    if (s.approvals.length) {
      out.push('Approvals:', '');
      for (const a of s.approvals) {
        out.push(
          `- version ${a.version}, ${mdInline(a.role)}: ${mdInline(a.approver)} at ${iso(a.at)}${a.comment ? ` — ${mdInline(a.comment)}` : ''}`,
        );
      }
      out.push('');
    }
    if (s.publications.length) {
      out.push('Publications:', '');
      for (const p of s.publications) {
        out.push(
          `- ${iso(p.at)}: version ${p.version}${p.isUpdate ? ' (update)' : ''} by ${mdInline(p.publishedBy)}`,
        );
      }
      out.push('');
    }
  }

  out.push('## Linked alerts', '');
  if (!r.alerts.length) out.push('None.');
  for (const a of r.alerts) {
    out.push(
      'missing' in a
        ? `- ${mdInline(a.id)} (no longer stored)`
        : `- ${iso(a.createdAt)} severity ${a.severity}, ${a.status}: ${mdInline(a.title)} (${mdInline(a.id)})`,
    );
  }
  out.push('');
  if (r.links.stories.length) {
    out.push('## Linked stories', '');
    for (const s of r.links.stories) out.push(`- ${mdInline(s.id)}`);
    out.push('');
  }

  out.push(`## Linked mentions (${r.links.mentions.length})`, '');
  if (r.links.mentions.length > r.mentions.length) {
    out.push(`The first ${r.mentions.length} are quoted; the JSON export lists every link.`, '');
  }
  for (const m of r.mentions) {
    const url = safeUrl(m.url);
    out.push(
      `- ${iso(m.createdAt)} ${mdInline(m.source)}${m.author ? ` @${mdInline(m.author)}` : ''}${url ? ` <${url}>` : ''} (${mdInline(mentionRefKey(m))})`,
      '',
      mdQuote(m.text)
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
      '',
    );
  }

  out.push('## Timeline', '');
  for (const e of r.timeline)
    out.push(`- ${iso(e.at)} [${mdInline(e.kind)}] ${mdInline(e.actor)}: ${mdInline(e.summary)}`);
  out.push('');
  return out.join('\n');
}
