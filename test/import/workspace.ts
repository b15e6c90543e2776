/** A temp data directory holding one workspace, ready for `firebreak import` in a child process. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '../../src/assemble.ts';
import { loadConfig } from '../../src/config/config.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';

export async function dataDirWithWorkspace(slug = 'acme'): Promise<{ dataDir: string; workspaceId: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-import-'));
  const app = await assemble(loadConfig({ dataDir, database: 'sqlite', logLevel: 'silent' }, {}));
  try {
    const ws = await app.auth.createWorkspace(systemActor('test'), { name: `Workspace ${slug}`, slug });
    return { dataDir, workspaceId: ws.id };
  } finally {
    await app.close();
  }
}
