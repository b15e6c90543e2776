/**
 * `firebreak team`: the crisis team from the command line — list it, add a person with their contacts
 * and roles, give a person a role (primary or deputy), set availability.
 */
import type { Command } from 'commander';
import { errors } from '../../domain/errors.ts';
import { systemActor } from '../../modules/audit/audit.ts';
import { type Availability, availabilities } from '../../modules/team/index.ts';
import { printJson, resolveWorkspace, withApp } from '../context.ts';

const actor = systemActor('cli');
const wsOption = ['--workspace <slug>', 'workspace slug (default: the only one)'] as const;

export function register(program: Command): void {
  const team = program
    .command('team')
    .description('the crisis team: people, crisis roles, deputies, availability');

  team
    .command('list')
    .description('every crisis role with its holders (primaries first, then deputies)')
    .option(...wsOption)
    .option('--json', 'print JSON')
    .action(async function (this: Command, opts: { workspace?: string; json?: boolean }) {
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        if (opts.json)
          return printJson({
            people: await app.team.listPeople(ws.id),
            roles: await app.team.listRoles(ws.id),
          });
        for (const r of await app.team.listRoles(ws.id)) {
          const holders = r.holders.map(
            (h) => `${h.name}${h.primary ? '' : ' (deputy)'}${h.available ? '' : ' [unavailable]'}`,
          );
          process.stdout.write(`${r.key.padEnd(20)} ${holders.join(', ') || '—'}\n`);
        }
      });
    });

  team
    .command('add <name>')
    .description('add a person; prints their id')
    .option(...wsOption)
    .option('--email <address>')
    .option('--phone <number>')
    .option('--slack <handle>')
    .option('--telegram <handle>')
    .option('--role <keys>', 'comma-separated crisis roles to hold as primary')
    .option('--deputy <keys>', 'comma-separated crisis roles to hold as deputy')
    .action(async function (
      this: Command,
      name: string,
      opts: {
        workspace?: string;
        email?: string;
        phone?: string;
        slack?: string;
        telegram?: string;
        role?: string;
        deputy?: string;
      },
    ) {
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const p = await app.team.createPerson(actor, ws.id, {
          name,
          email: opts.email,
          phone: opts.phone,
          slack: opts.slack,
          telegram: opts.telegram,
        });
        const split = (s?: string) =>
          s
            ? s
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean)
            : [];
        for (const role of split(opts.role)) await app.team.addHolder(actor, ws.id, role, p.id, 'primary');
        for (const role of split(opts.deputy)) await app.team.addHolder(actor, ws.id, role, p.id, 'deputy');
        process.stdout.write(`${p.id}\n`);
      });
    });

  team
    .command('assign <personId> <role>')
    .description('give a person a crisis role, as primary (default) or as the last deputy')
    .option(...wsOption)
    .option('--deputy', 'as a deputy')
    .action(async function (
      this: Command,
      personId: string,
      role: string,
      opts: { workspace?: string; deputy?: boolean },
    ) {
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const r = await app.team.addHolder(actor, ws.id, role, personId, opts.deputy ? 'deputy' : 'primary');
        process.stdout.write(`${r.key}: ${r.holders.map((h) => h.name).join(', ')}\n`);
      });
    });

  team
    .command('availability <personId> <state>')
    .description(`set availability: ${availabilities.join(' | ')}`)
    .option(...wsOption)
    .option('--note <text>', 'e.g. "on leave until Monday"')
    .action(async function (
      this: Command,
      personId: string,
      state: string,
      opts: { workspace?: string; note?: string },
    ) {
      if (!availabilities.includes(state as Availability)) {
        throw errors.badRequest(`state must be one of ${availabilities.join(', ')}.`);
      }
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const p = await app.team.updatePerson(actor, ws.id, personId, {
          availability: state as Availability,
          availabilityNote: opts.note ?? null,
        });
        process.stdout.write(`${p.name} is ${p.availability}\n`);
      });
    });
}
