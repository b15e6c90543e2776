/**
 * A real server on a random loopback port, on a temp SQLite database (or PostgreSQL), with an admin,
 * a workspace and helpers that call the API over HTTP the way a client does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../src/app-context.ts';
import { type AssembleOptions, assemble } from '../../src/assemble.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { Role } from '../../src/domain/entities.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';
import { type App, buildApp } from '../../src/server/app.ts';
import { createTempPostgresDatabase } from './services.ts';

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  ctx: AppContext;
  app: App;
  url: string;
  workspaceId: string;
  adminToken: string;
  /** A token for a new user with this role in the test workspace. */
  tokenFor(role: Role, email?: string): Promise<string>;
  api<T = any>(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; headers?: Record<string, string>; raw?: string },
  ): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

export async function startTestApp(
  options: AssembleOptions & { database?: 'sqlite' | 'postgres'; config?: Record<string, unknown> } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-app-'));
  const pgdb = options.database === 'postgres' ? await createTempPostgresDatabase() : undefined;
  const config = loadConfig(
    {
      dataDir,
      database: pgdb?.url ?? 'sqlite',
      logLevel: 'silent',
      adminEmail: ADMIN_EMAIL,
      adminPassword: ADMIN_PASSWORD,
      port: 0,
      ...options.config,
    },
    {},
  );
  const ctx = await assemble(config, options);
  const admin = await ctx.auth.bootstrapAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
  const ws = await ctx.auth.createWorkspace(
    systemActor('test'),
    { name: 'Test workspace', slug: 'test' },
    admin!.userId,
  );
  const adminToken = (
    await ctx.auth.createApiToken(systemActor('test'), {
      userId: admin!.userId,
      workspaceId: ws.id,
      role: 'admin',
      name: 'test-admin',
    })
  ).token;
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;

  const api: TestApp['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? adminToken : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, body: parsed as any, headers: res.headers };
  };

  let n = 0;
  return {
    ctx,
    app,
    url,
    workspaceId: ws.id,
    adminToken,
    api,
    async tokenFor(role, email) {
      const address = email ?? `${role}${++n}@example.com`;
      const user =
        (await ctx.auth.findUserByEmail(address)) ??
        (await ctx.auth.createUser(systemActor('test'), {
          email: address,
          name: role,
          password: ADMIN_PASSWORD,
        }));
      await ctx.auth.setMembership(systemActor('test'), ws.id, user.id, role);
      return (
        await ctx.auth.createApiToken(systemActor('test'), {
          userId: user.id,
          workspaceId: ws.id,
          role,
          name: `${role}-token`,
        })
      ).token;
    },
    async close() {
      await app.close();
      await ctx.close();
      await pgdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
