/**
 * Telling the crisis team: who hears about a new crisis (the people holding the roles of the playbook's
 * notify_people steps), what they are told (their role, their tasks and due times), and through which
 * of their contacts (e-mail; a Slack incoming-webhook URL). Messages are plain text: every channel
 * escapes it for its own markup (src/notify).
 */
import { newId } from '../../domain/ids.ts';
import type { Notifiers } from '../../notify/index.ts';
import type { NotificationMessage, NotificationTarget } from '../../ports/notifier.ts';
import type { Assignment, StoredPlaybookLike, TeamDirectory, TeamPersonLike } from './crises.model.ts';
import type { CrisesTable, CrisisTasksTable } from './crises.tables.ts';

export interface PlannedNotification {
  person: TeamPersonLike;
  /** The roles this person is told about (one message per person, whatever the number of roles). */
  roles: string[];
  /** The notify_people tasks this message fulfils. */
  stepTaskIds: string[];
  /** The person's own tasks on this crisis. */
  tasks: Array<{ title: string; dueAt: number | null }>;
}

/**
 * Everyone to tell, once each: for each role named by a notify_people step (its `notify` list, else its
 * owner), the person assigned to that role on this crisis and every other available holder of the role
 * (deputies included: in a crisis the deputy should know as early as the primary).
 */
export async function planNotifications(
  team: TeamDirectory,
  crisis: CrisesTable,
  playbook: StoredPlaybookLike,
  assignments: Assignment[],
  tasks: CrisisTasksTable[],
): Promise<PlannedNotification[]> {
  const byPerson = new Map<string, PlannedNotification>();
  for (const step of playbook.spec.steps) {
    if (step.kind !== 'notify_people') continue;
    const taskId = tasks.find((t) => t.step_id === step.id)?.id;
    const roles = step.notify?.length ? step.notify : [step.owner];
    for (const role of roles) {
      const holders = await team.peopleForRole(crisis.workspace_id, role);
      const assigned = assignments.find((a) => a.role === role)?.personId;
      const chosen = holders.filter((p) => p.available || p.id === assigned);
      const people = chosen.length ? chosen : holders.slice(0, 1);
      for (const person of people) {
        let entry = byPerson.get(person.id);
        if (!entry) {
          entry = {
            person,
            roles: [],
            stepTaskIds: [],
            tasks: tasks
              .filter((t) => t.assignee_id === person.id && t.kind !== 'notify_people')
              .map((t) => ({ title: t.title, dueAt: t.due_at === null ? null : Number(t.due_at) })),
          };
          byPerson.set(person.id, entry);
        }
        if (!entry.roles.includes(role)) entry.roles.push(role);
        if (taskId && !entry.stepTaskIds.includes(taskId)) entry.stepTaskIds.push(taskId);
      }
    }
  }
  return [...byPerson.values()];
}

export function crisisMessage(
  item: PlannedNotification,
  crisis: CrisesTable,
  publicUrl: string,
): NotificationMessage {
  const drill = Number(crisis.is_drill) === 1 ? '[DRILL] ' : '';
  const lines = [
    `${drill}A crisis was opened: ${crisis.title}`,
    `Severity ${crisis.severity}, type ${crisis.type.replaceAll('_', ' ')}. Opened by ${crisis.opened_by} at ${iso(Number(crisis.opened_at))}.`,
    `Your role${item.roles.length === 1 ? '' : 's'} on this crisis: ${item.roles.join(', ')}.`,
  ];
  if (item.tasks.length) {
    lines.push('', 'Your tasks:');
    for (const t of item.tasks) {
      const due =
        t.dueAt === null
          ? ''
          : ` (due ${iso(t.dueAt)}, T+${Math.round((t.dueAt - Number(crisis.opened_at)) / 60_000)} min)`;
      lines.push(`- ${t.title}${due}`);
    }
  }
  if (drill) lines.push('', 'This is an exercise.');
  return {
    id: newId('cmsg'),
    workspaceId: crisis.workspace_id,
    title: `${drill}Crisis: ${crisis.title} (you are ${item.roles.join(', ')})`,
    body: lines.join('\n'),
    url: `${publicUrl.replace(/\/+$/, '')}/app`,
    severity: Number(crisis.severity) as 1 | 2 | 3 | 4,
  };
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The contacts of a person that a notifier can reach without further configuration. */
export function targetsOf(person: TeamPersonLike): NotificationTarget[] {
  const out: NotificationTarget[] = [];
  if (person.email) out.push({ channel: 'email', address: person.email });
  if (person.slack?.startsWith('https://')) out.push({ channel: 'slack', address: person.slack });
  return out;
}

export interface NotifyOutcome {
  ok: boolean;
  channels: string[];
  error?: string;
}

export interface CrisisNotifier {
  send(item: PlannedNotification, crisis: CrisesTable, publicUrl: string): Promise<NotifyOutcome>;
}

export function createCrisisNotifier(notifiers: Notifiers): CrisisNotifier {
  return {
    async send(item, crisis, publicUrl) {
      const targets = targetsOf(item.person);
      if (!targets.length) {
        return { ok: false, channels: [], error: 'no e-mail address or Slack webhook on file' };
      }
      const message = crisisMessage(item, crisis, publicUrl);
      const sent: string[] = [];
      const failed: string[] = [];
      for (const target of targets) {
        const report = await notifiers.sendTo(target, message);
        if (report.ok) sent.push(target.channel);
        else failed.push(`${target.channel}: ${report.error ?? 'failed'}`);
      }
      return sent.length
        ? { ok: true, channels: sent, ...(failed.length ? { error: failed.join('; ') } : {}) }
        : { ok: false, channels: [], error: failed.join('; ') };
    },
  };
}
