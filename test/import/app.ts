/** An assembled app on a temp SQLite data dir with one workspace, and a temp dir for the files a test writes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../src/app-context.ts';
import { assemble } from '../../src/assemble.ts';
import { loadConfig } from '../../src/config/config.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';

export interface ImportTestApp {
  app: AppContext;
  workspaceId: string;
  /** Writes a file into the test's temp dir and returns its path. */
  file(name: string, content: string | Buffer): string;
  close(): Promise<void>;
}

export async function openImportApp(): Promise<ImportTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-import-'));
  const app = await assemble(
    loadConfig({ dataDir: join(dir, 'data'), database: 'sqlite', logLevel: 'silent' }, {}),
  );
  const ws = await app.auth.createWorkspace(systemActor('test'), { name: 'Acme', slug: 'acme' });
  return {
    app,
    workspaceId: ws.id,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Real posts in the four languages the product is built for. */
export const texts = {
  en: 'Acme Air lost my bag on the Tel Aviv flight and nobody answers the phone',
  he: 'אקמה אייר איבדו לי את המזוודה בטיסה מתל אביב ואף אחד לא עונה לטלפון',
  ru: 'Акме Эйр потеряла мой багаж на рейсе из Тель-Авива, и никто не берёт трубку',
  zh: 'Acme航空在特拉维夫航班上弄丢了我的行李，没人接电话',
};
