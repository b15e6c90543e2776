/**
 * `firebreak inbox`: read the response queue (most urgent first) and its coverage from the command line.
 * Reading only: answering is recorded through the API, where the responder signs in and is audited.
 */
import type { Command } from 'commander';
import { errors } from '../../domain/errors.ts';
import { type InboxStatus, inboxStatuses, openStatuses } from '../../modules/inbox/index.ts';
import { printJson, resolveWorkspace, withApp } from '../context.ts';

function statuses(list: string | undefined): InboxStatus[] | undefined {
  if (!list) return undefined;
  return list.split(',').flatMap((raw) => {
    const s = raw.trim();
    if (s === 'open') return [...openStatuses];
    if (!inboxStatuses.includes(s as InboxStatus)) {
      throw errors.badRequest(`--status must be among open, ${inboxStatuses.join(', ')}.`);
    }
    return [s as InboxStatus];
  });
}

/** Mention text is hostile: one line, terminal escapes removed, other control characters shown as spaces. */
function oneLine(text: string, max: number): string {
  const flat = text
    // Terminal escape sequences go whole, then every other control character becomes a space.
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const minutes = (ms: number | null) => (ms === null ? '—' : `${(ms / 60_000).toFixed(1)} min`);

export function register(program: Command): void {
  const inbox = program.command('inbox').description('the response inbox: the queue and its coverage');

  inbox
    .command('list')
    .description('the queue, most urgent first (reach × negativity × recency)')
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .option('--status <list>', `comma-separated: open,${inboxStatuses.join(',')}`, 'open')
    .option('--crisis <id>', 'only the mentions of this crisis')
    .option('--brand <id>', 'only the mentions of this brand')
    .option('--limit <n>', 'how many (1-200)', '20')
    .option('--json', 'print JSON')
    .action(async function (
      this: Command,
      opts: {
        workspace?: string;
        status?: string;
        crisis?: string;
        brand?: string;
        limit: string;
        json?: boolean;
      },
    ) {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        throw errors.badRequest('--limit must be a whole number from 1 to 200.');
      }
      const status = statuses(opts.status);
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const page = await app.inbox.list(ws.id, {
          status,
          crisisId: opts.crisis,
          brandId: opts.brand,
          limit,
        });
        if (opts.json) return printJson(page);
        for (const item of page.items) {
          const m = item.mention;
          const who = m?.author.handle ? `@${oneLine(m.author.handle, 30)}` : '?';
          process.stdout.write(
            `${item.id}  ${item.priority.toPrecision(3).padStart(9)}  ${item.status.padEnd(15)}  ${m ? `${m.source}  ${who}  ${oneLine(m.text, 90)}` : '(mention not stored)'}\n`,
          );
        }
        if (page.next) process.stdout.write(`… more: --json gives the cursor (next)\n`);
      });
    });

  inbox
    .command('coverage')
    .description('share of negative mentions answered, closed with a reason, median time to first reply')
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .option('--crisis <id>', 'for one crisis')
    .option('--brand <id>', 'for one brand')
    .option('--by <what>', 'also per brand or per crisis: brand|crisis')
    .option('--json', 'print JSON')
    .action(async function (
      this: Command,
      opts: { workspace?: string; crisis?: string; brand?: string; by?: string; json?: boolean },
    ) {
      if (opts.by && opts.by !== 'brand' && opts.by !== 'crisis') {
        throw errors.badRequest('--by must be brand or crisis.');
      }
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const c = await app.inbox.coverage(ws.id, {
          crisisId: opts.crisis,
          brandId: opts.brand,
          by: opts.by as 'brand' | 'crisis' | undefined,
        });
        if (opts.json) return printJson(c);
        const reasons = Object.entries(c.byReason)
          .map(([r, n]) => `${r.replaceAll('_', ' ')} ${n}`)
          .join(', ');
        process.stdout.write(
          [
            `negative mentions: ${c.total}`,
            `answered: ${c.replied} (${pct(c.answeredShare)})`,
            `closed with a reason: ${c.closedWithReason}${reasons ? ` (${reasons})` : ''}`,
            `answered or closed: ${pct(c.handledShare)}`,
            `still open: ${c.open}`,
            `median time to first reply: ${minutes(c.medianTimeToFirstReplyMs)}`,
            '',
          ].join('\n'),
        );
        for (const g of c.groups ?? []) {
          const key = (opts.by === 'brand' ? g.brandId : g.crisisId) ?? `(no ${opts.by})`;
          process.stdout.write(
            `${key}  ${g.total} negative  answered ${pct(g.answeredShare)}  closed ${g.closedWithReason}  median ${minutes(g.medianTimeToFirstReplyMs)}\n`,
          );
        }
      });
    });
}
