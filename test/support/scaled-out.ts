/**
 * A throwaway scaled-out deployment for tests: its own PostgreSQL database, data folder and JetStream
 * stream on the shared NATS server, and the config every instance of it starts with. `dispose()` removes
 * all three (after the test has closed its instances).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsBus } from '../../src/bus/nats/nats-bus.ts';
import { type Config, loadConfig } from '../../src/config/config.ts';
import { createTempPostgresDatabase, natsUrl } from './services.ts';

export async function scaledOutDeployment(
  tag: string,
): Promise<{ config: Config; dispose(): Promise<void> }> {
  const pg = await createTempPostgresDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), `firebreak-${tag}-`));
  const stream = `FBTEST_${tag.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${Date.now()}`;
  const config = loadConfig(
    { dataDir, database: pg.url, bus: `${natsUrl}?stream=${stream}`, logLevel: 'silent' },
    {},
  );
  return {
    config,
    async dispose() {
      const cleanup = await NatsBus.connect({ servers: natsUrl, stream });
      await cleanup.destroy();
      await cleanup.close();
      await pg.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
