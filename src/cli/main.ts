/**
 * `firebreak`: the command line. Each command lives in commands/<verb>.ts and registers itself here.
 * Errors print one clear line on stderr and exit non-zero (1: failed, 2: usage).
 */
import { Command, CommanderError } from 'commander';
import { FirebreakError } from '../domain/errors.ts';
import { register as backup } from './commands/backup.ts';
import { register as crisis } from './commands/crisis.ts';
import { register as doctor } from './commands/doctor.ts';
import { register as importCommand } from './commands/import.ts';
import { register as inbox } from './commands/inbox.ts';
import { register as migrate } from './commands/migrate.ts';
import { register as model } from './commands/model.ts';
import { register as playbooks } from './commands/playbooks.ts';
import { register as query } from './commands/query.ts';
import { register as replay } from './commands/replay.ts';
import { register as sourcesCommand } from './commands/sources.ts';
import { register as start } from './commands/start.ts';
import { register as team } from './commands/team.ts';
import { register as token } from './commands/token.ts';
import { register as user } from './commands/user.ts';
import { addGlobalOptions } from './context.ts';

const program = addGlobalOptions(
  new Command('firebreak')
    .description('Firebreak: the command center for brand crises on social media')
    .version('0.1.0'),
);
program.showHelpAfterError('(run with --help for usage)');
program.exitOverride();

for (const registerCommand of [
  start,
  importCommand,
  replay,
  migrate,
  user,
  token,
  backup,
  doctor,
  query,
  sourcesCommand,
  model,
  crisis,
  inbox,
  playbooks,
  team,
])
  registerCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof FirebreakError) {
    process.stderr.write(`firebreak: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`firebreak: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
