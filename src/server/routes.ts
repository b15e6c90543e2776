/** Every module's routes, mounted by buildApp(). A module adds one line here. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.ts';
import { alertsRoutes } from '../modules/alerts/alerts.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { authorsRoutes } from '../modules/authors/authors.routes.ts';
import { brandsRoutes } from '../modules/brands/brands.routes.ts';
import { crisesRoutes } from '../modules/crises/crises.routes.ts';
import { inboxRoutes } from '../modules/inbox/inbox.routes.ts';
import { ingestRoutes } from '../modules/ingest/ingest.routes.ts';
import { mentionsRoutes } from '../modules/mentions/mentions.routes.ts';
import { playbooksRoutes } from '../modules/playbooks/playbooks.routes.ts';
import { sourcesRoutes } from '../modules/sources/sources.routes.ts';
import { statementsRoutes } from '../modules/statements/statements.routes.ts';
import { storiesRoutes } from '../modules/stories/stories.routes.ts';
import { teamRoutes } from '../modules/team/team.routes.ts';
import { topicsRoutes } from '../modules/topics/topics.routes.ts';
import { statementPageRoutes } from '../web/statement-page.ts';
import { webRoutes } from '../web/web.routes.ts';
import { systemRoutes } from './system.routes.ts';

export type RoutePlugin = FastifyPluginAsyncZod<{ ctx: AppContext }>;

export const routePlugins: RoutePlugin[] = [
  systemRoutes,
  authRoutes,
  auditRoutes,
  brandsRoutes,
  mentionsRoutes,
  authorsRoutes,
  storiesRoutes,
  ingestRoutes,
  webRoutes,
  alertsRoutes,
  topicsRoutes,
  sourcesRoutes,
  teamRoutes,
  playbooksRoutes,
  crisesRoutes,
  statementsRoutes,
  inboxRoutes,
  statementPageRoutes,
];
