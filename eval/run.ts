/** `npm run eval`: every quality evaluation. Today: NAB realTweets (eval/nab). */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'nab', 'main.ts')], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
