/**
 * The default playbook library: every `playbooks/*.yaml` file at the package root, read in file-name
 * order. Read on each call (a few small files) so a file added to the library is picked up by the next
 * `install-defaults` without a restart.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../config/paths.ts';

export interface LibraryFile {
  /** File name, e.g. `data-breach.yaml`. */
  file: string;
  source: string;
}

export const libraryDir = join(packageRoot, 'playbooks');

export function readLibrary(dir = libraryDir): LibraryFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((file) => ({ file, source: readFileSync(join(dir, file), 'utf8') }));
}
