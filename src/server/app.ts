/**
 * buildApp() assembles the Fastify instance from an AppContext; it does not listen (tests inject or
 * listen on port 0; the CLI's `start` listens on the configured port).
 */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.ts';
import { installAuthentication } from './access.ts';
import { installErrorHandler } from './errors.ts';
import { routePlugins } from './routes.ts';

export type App = FastifyInstance<any, any, any, any, any>;

export async function buildApp(ctx: AppContext): Promise<App> {
  const app = Fastify({
    // Per-request lines only when debugging; errors and warnings always reach the log.
    loggerInstance: (['debug', 'trace'].includes(ctx.config.logLevel)
      ? ctx.logger
      : ctx.logger.child(
          {},
          { level: ctx.config.logLevel === 'silent' ? 'silent' : 'warn' },
        )) as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(helmet, {
    // The Swagger UI at /docs needs inline styles; every other page is our own server-rendered HTML.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Firebreak API',
        description:
          'Brand-crisis command center. Authenticate with a session cookie (POST /api/v1/auth/login) or `Authorization: Bearer fbt_…`.',
        version: '1',
      },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
      security: [{ token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  installAuthentication(app, ctx);
  for (const plugin of routePlugins) await app.register(plugin, { ctx });
  return app;
}
