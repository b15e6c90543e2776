import type { Command } from 'commander';
import type { Role } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import { systemActor } from '../../modules/audit/audit.ts';
import { printJson, resolveWorkspace, withApp } from '../context.ts';

const roles = ['admin', 'responder', 'approver', 'viewer'];

export function register(program: Command): void {
  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create an API token for a user in a workspace (shown once)')
    .requiredOption('--user <email>', 'the user the token acts for')
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .option('--role <role>', `${roles.join('|')} (never more than the user's own role)`, 'viewer')
    .option('--json', 'print the result as JSON')
    .action(async function (
      this: Command,
      opts: { user: string; name: string; workspace?: string; role: string; json?: boolean },
    ) {
      if (!roles.includes(opts.role)) throw errors.badRequest(`--role must be one of ${roles.join(', ')}.`);
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const user = await app.auth.findUserByEmail(opts.user);
        if (!user) throw errors.notFound(`User ${opts.user}`);
        const created = await app.auth.createApiToken(systemActor('cli'), {
          userId: user.id,
          workspaceId: ws.id,
          role: opts.role as Role,
          name: opts.name,
        });
        if (opts.json) printJson({ ...created, workspace: ws.slug });
        else process.stdout.write(`${created.token}\n`);
      });
    });
}
