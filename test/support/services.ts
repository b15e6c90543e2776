/**
 * Tests that need a real service (PostgreSQL, NATS) skip with a clear message when it is not reachable,
 * unless FIREBREAK_REQUIRE_SERVICES=1 (CI), where an unreachable service fails the run.
 */
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import pg from 'pg';

export const requireServices = process.env.FIREBREAK_REQUIRE_SERVICES === '1';

export const postgresAdminUrl =
  process.env.FIREBREAK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const natsUrl = process.env.FIREBREAK_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export function tcpReachable(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/**
 * Returns a skip reason, or undefined when the service is there. Throws in CI when it is not.
 * Three tries of 5 s each: a test file that blocks its event loop while the probe is in flight (model
 * loading, a big synchronous batch) once made a 1 s probe time out in CI with the service up; a
 * refused connection still answers at once, so a machine without the service skips quickly.
 */
export async function serviceSkipReason(name: string, url: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tcpReachable(hostname, Number(port), 5_000)) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const message = `${name} is not reachable at ${hostname}:${port}`;
  if (requireServices)
    throw new Error(`${message} and FIREBREAK_REQUIRE_SERVICES=1: start it (see README, "Tests").`);
  return `${message}; skipped (set FIREBREAK_REQUIRE_SERVICES=1 to make this a failure)`;
}

/** A throwaway PostgreSQL database; `drop()` removes it. */
export async function createTempPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `firebreak_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
