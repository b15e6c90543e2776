/**
 * The connector process the crash tests kill: the real store, pipeline and SQL checkpoints, one source
 * row, one pass. Storage is slowed (CRASH_STORE_DELAY_MS) after each batch is stored and before its
 * cursor is saved — the widest window a kill -9 can hit.
 */
import { assemble } from '../../src/assemble.ts';
import { loadConfig } from '../../src/config/config.ts';
import { HttpClient } from '../../src/net/http.ts';
import type { IngestSink } from '../../src/ports/ingest.ts';
import { findSource } from '../../src/sources/registry.ts';
import { SourceRunner } from '../../src/sources/runner.ts';
import { openSecrets } from '../../src/sources/secrets.ts';
import { SqlCheckpoints } from '../../src/sources/sql-checkpoints.ts';

const [dataDir, sourceId] = process.argv.slice(2) as [string, string];
const delayMs = Number(process.env.CRASH_STORE_DELAY_MS ?? '0');
const app = await assemble(loadConfig({ dataDir, database: 'sqlite', logLevel: 'silent' }, {}));
const row = await app.store.db
  .selectFrom('sources')
  .selectAll()
  .where('id', '=', sourceId)
  .executeTakeFirstOrThrow();
const def = findSource(row.kind)!;
const connector = def.create(
  def.params.parse(JSON.parse(row.params)),
  def.secrets.parse(openSecrets(app.secretKey, sourceId, row.secrets)),
);
const sink: IngestSink = {
  async ingest(records, origin) {
    const report = await app.pipeline.ingest(records, origin);
    await new Promise((r) => setTimeout(r, delayMs));
    return report;
  },
};
const logger = { info() {}, warn() {}, error: (f: object, m: string) => console.error(m, f) };
const runner = new SourceRunner({
  sink,
  checkpoints: new SqlCheckpoints(app.store.db, app.clock),
  clock: app.clock,
  logger,
});
const signal = new AbortController().signal;
const http = new HttpClient({
  clock: app.clock,
  guardPrivate: false,
  baseDelayMs: 10,
  maxDelayMs: 100,
  signal,
});
const result = await runner.runPass({
  id: sourceId,
  kind: row.kind,
  origin: { workspaceId: row.workspace_id, sourceId, keepUnmatched: true },
  connector,
  context: {
    http,
    clock: app.clock,
    signal,
    guardPrivate: false,
    random: Math.random,
    sleep: (ms: number) => new Promise((r) => setTimeout(r, Math.min(ms, 200))),
  },
});
await app.close();
console.log(JSON.stringify(result));
process.exit(result.error ? 1 : 0);
