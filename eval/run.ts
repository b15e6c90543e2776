/**
 * `npm run eval [-- nab|scenarios|forecast] [options]`: every quality evaluation — NAB realTweets
 * (eval/nab), the replayed crisis scenarios (eval/scenarios) and the story-size forecast on generated
 * cascades (eval/forecast). With a name, only that one runs and the other options
 * go to it (e.g. `npm run eval -- scenarios --set test`).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [which, ...rest] = process.argv.slice(2);
const all = {
  nab: join(here, 'nab', 'main.ts'),
  scenarios: join(here, 'scenarios', 'main.ts'),
  forecast: join(here, 'forecast', 'main.ts'),
};
const chosen =
  which && which in all
    ? [[which, rest] as const]
    : ([
        ['nab', []],
        ['scenarios', []],
        ['forecast', []],
      ] as const);
let status = 0;
for (const [name, args] of chosen) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', all[name as keyof typeof all], ...args], {
    stdio: 'inherit',
  });
  status ||= result.status ?? 1;
}
process.exit(status);
