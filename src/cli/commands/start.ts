import type { Command } from 'commander';
import { assemble } from '../../assemble.ts';
import { seedDemo } from '../../demo/seed.ts';
import { errors } from '../../domain/errors.ts';
import { startSources } from '../../modules/sources/index.ts';
import { buildApp } from '../../server/app.ts';
import { cliConfig } from '../context.ts';

export function register(program: Command): void {
  program
    .command('start')
    .description('start the server and the pipeline')
    .option('--port <port>', 'HTTP port (env FIREBREAK_PORT, default 8080)')
    .option('--host <host>', 'interface to listen on (env FIREBREAK_HOST, default 127.0.0.1)')
    .option('--demo', 'create the demo workspace (Acme Air) and replay its recorded crisis stream')
    .option('--demo-speed <factor>', 'replay speed of the demo stream (simulated seconds per second)', '60')
    .action(async function (
      this: Command,
      opts: { port?: string; host?: string; demo?: boolean; demoSpeed: string },
    ) {
      const config = cliConfig(this, {
        port: opts.port,
        host: opts.host,
        logLevel: this.optsWithGlobals().logLevel ?? process.env.FIREBREAK_LOG_LEVEL ?? 'info',
      });
      const demoSpeed = Number(opts.demoSpeed);
      if (!(demoSpeed >= 0 && demoSpeed <= 100_000))
        throw errors.badRequest('--demo-speed must be a number from 0 (all at once) to 100000.');
      const ctx = await assemble(config);
      const app = await buildApp(ctx).catch(async (error) => {
        await ctx.close();
        throw error;
      });

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        ctx.logger.info({ signal }, 'shutting down: no new requests, draining the pipeline');
        await app.close();
        await ctx.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));

      let admin: Awaited<ReturnType<typeof ctx.auth.bootstrapAdmin>>;
      let demo: Awaited<ReturnType<typeof seedDemo>> | undefined;
      try {
        admin = await ctx.auth.bootstrapAdmin(config.adminEmail, config.adminPassword);
        // Seed before listening, so a broken demo fails the start instead of leaving a half-ready server.
        if (opts.demo) demo = await seedDemo(ctx, { speed: demoSpeed });
        await app.listen({ port: config.port, host: config.host });
        ctx.onClose(startSources(ctx));
      } catch (error) {
        await app.close();
        await ctx.close();
        throw error;
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const url =
        config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

      const lines = [`Firebreak is running at ${url}`, `API reference: ${url}/docs`];
      if (admin?.password)
        lines.push(`First start: sign in as ${admin.email} with the one-time password ${admin.password}`);
      else if (admin) lines.push(`First start: sign in as ${admin.email} with FIREBREAK_ADMIN_PASSWORD`);
      if (demo) lines.push(demo.summary);
      process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
    });
}
