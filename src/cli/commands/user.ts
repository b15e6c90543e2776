import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Role } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import { systemActor } from '../../modules/audit/audit.ts';
import { printJson, resolveWorkspace, withApp } from '../context.ts';

const roles = ['admin', 'responder', 'approver', 'viewer'];

export function register(program: Command): void {
  const user = program.command('user').description('manage users');
  user
    .command('add <email>')
    .description(
      'create a user (or update their role) in a workspace; prints a generated password if none is given',
    )
    .option('--name <name>', 'display name')
    .option('--password <password>', 'at least 10 characters (env FIREBREAK_NEW_USER_PASSWORD)')
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .option('--role <role>', roles.join('|'), 'viewer')
    .option('--json', 'print the result as JSON')
    .action(async function (
      this: Command,
      email: string,
      opts: { name?: string; password?: string; workspace?: string; role: string; json?: boolean },
    ) {
      if (!roles.includes(opts.role)) throw errors.badRequest(`--role must be one of ${roles.join(', ')}.`);
      const given = opts.password ?? process.env.FIREBREAK_NEW_USER_PASSWORD;
      if (given !== undefined && given.length < 10)
        throw errors.badRequest('--password must be at least 10 characters.');
      await withApp(this, async (app) => {
        const actor = systemActor('cli');
        const ws = await resolveWorkspace(app, opts.workspace);
        const existing = await app.auth.findUserByEmail(email);
        const password = existing ? given : (given ?? randomBytes(12).toString('base64url'));
        const userId =
          existing?.id ??
          (await app.auth.createUser(actor, { email, name: opts.name ?? email, password })).id;
        if (existing && given) await app.auth.setPassword(actor, userId, given);
        await app.auth.setMembership(actor, ws.id, userId, opts.role as Role);
        const result = {
          userId,
          email: email.toLowerCase(),
          workspace: ws.slug,
          role: opts.role,
          created: !existing,
        };
        if (opts.json) printJson({ ...result, password: given ? undefined : password });
        else {
          process.stdout.write(
            `${existing ? 'Updated' : 'Created'} ${result.email} as ${opts.role} in ${ws.slug}.\n`,
          );
          if (!existing && !given) process.stdout.write(`Password (shown once): ${password}\n`);
        }
      });
    });
}
