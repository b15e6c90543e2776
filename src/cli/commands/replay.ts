/**
 * `firebreak replay FILE --speed 60`: plays a recorded JSONL stream into a workspace at N× speed,
 * optionally moved so that it starts now. Ctrl-C stops it after the records already due are stored.
 */
import type { Command } from 'commander';
import { errors } from '../../domain/errors.ts';
import { ManualClock } from '../../ports/clock.ts';
import { replay } from '../../replay/index.ts';
import { printJson, resolveWorkspace, withApp } from '../context.ts';

interface ReplayCliOptions {
  workspace?: string;
  speed: string;
  asFastAsPossible?: boolean;
  now?: boolean;
  shiftTo?: string;
  source?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('replay <file>')
    .description('play a recorded JSONL stream through the pipeline at N× speed with a simulated clock')
    .option('--workspace <slug>', 'workspace slug or id (default: the only one)')
    .option('--speed <factor>', 'simulated seconds per real second (0 = as fast as possible)', '60')
    .option('--as-fast-as-possible', 'no pauses (same as --speed 0)')
    .option('--now', 'shift the timestamps so that the stream starts now')
    .option('--shift-to <iso>', 'shift the timestamps so that the stream starts at this ISO 8601 time')
    .option('--source <platform>', 'platform name for records that do not say theirs')
    .option('--json', 'print only the JSON summary')
    .action(async function (this: Command, file: string, opts: ReplayCliOptions) {
      const speed = opts.asFastAsPossible ? 0 : Number(opts.speed);
      if (!(speed >= 0) || !Number.isFinite(speed))
        throw errors.badRequest('--speed must be 0 or a positive number.');
      let shiftTo: number | undefined;
      if (opts.shiftTo) {
        shiftTo = Date.parse(opts.shiftTo);
        if (Number.isNaN(shiftTo))
          throw errors.badRequest('--shift-to must be an ISO 8601 time such as 2026-11-25T09:00:00Z.');
      } else if (opts.now) shiftTo = Date.now();
      // The pipeline and its stages see the recorded time, not the wall clock.
      const clock = new ManualClock(shiftTo ?? Date.now());
      await withApp(
        this,
        async (app) => {
          const ws = await resolveWorkspace(app, opts.workspace);
          const controller = new AbortController();
          const stop = () => controller.abort();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          try {
            const summary = await replay(file, {
              sink: app.pipeline,
              origin: { workspaceId: ws.id, defaultSource: opts.source, keepUnmatched: true },
              speed,
              clock,
              shiftTo,
              signal: controller.signal,
              onProgress: opts.json
                ? undefined
                : (p) => {
                    if (process.stderr.isTTY && p.simulatedAt !== undefined) {
                      process.stderr.write(
                        `\r  ${new Date(p.simulatedAt).toISOString()}  ${p.read} read, ${p.stored} stored `,
                      );
                    }
                  },
            });
            if (!opts.json && process.stderr.isTTY) process.stderr.write('\n');
            if (opts.json) printJson(summary);
            else {
              const span =
                summary.firstAt !== undefined && summary.lastAt !== undefined
                  ? ` covering ${new Date(summary.firstAt).toISOString()} … ${new Date(summary.lastAt).toISOString()}`
                  : '';
              process.stdout.write(
                `${summary.aborted ? 'Stopped replay of' : 'Replayed'} ${file}${span} in ${(summary.elapsedMs / 1000).toFixed(1)} s\n` +
                  `  read ${summary.read}, stored ${summary.stored}, duplicates ${summary.duplicates}, rejected ${summary.rejectedCount}\n` +
                  summary.rejected
                    .slice(0, 10)
                    .map((r) => `    line ${r.line}: ${r.reason}\n`)
                    .join(''),
              );
            }
          } finally {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
          }
        },
        { clock },
      );
    });
}
