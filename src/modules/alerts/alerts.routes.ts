/**
 * HTTP for alerts, notification channels, routing rules and alert/detector settings. Thin: a zod schema,
 * the permission check, one service call. Secrets are write-only.
 */
import { z } from 'zod';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { alertSettingsSchema, detectorSettingsSchema } from './alerts.model.ts';
import { channelInputSchema, channelPatchSchema } from './channels.service.ts';
import { patchSchema } from './patch.ts';
import { routingRuleSchema } from './routing.rules.ts';
import { routingRulePatchSchema } from './routing.service.ts';

const idParams = z.object({ id: z.string().min(1).max(64) });
const statuses = z.enum(['open', 'acknowledged', 'snoozed', 'resolved', 'escalated']);

export const alertsRoutes: RoutePlugin = async (app, { ctx }) => {
  const m = ctx.alerts;

  app.get(
    '/api/v1/alerts',
    {
      schema: {
        tags: ['alerts'],
        description: 'Alerts of the workspace, newest first. `status` takes a comma-separated list.',
        querystring: z.object({
          status: z
            .string()
            .max(100)
            .optional()
            .transform((s, c) => {
              if (!s) return undefined;
              const parsed = z.array(statuses).safeParse(s.split(',').map((x) => x.trim()));
              if (!parsed.success) {
                c.addIssue({
                  code: 'custom',
                  message: 'status must be open, acknowledged, snoozed, resolved or escalated',
                });
                return z.NEVER;
              }
              return parsed.data;
            }),
          brandId: z.string().max(64).optional(),
          minSeverity: z.coerce.number().int().min(1).max(4).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          before: z.coerce.number().int().optional(),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return m.alerts.list(workspace.workspaceId, request.query);
    },
  );

  app.get('/api/v1/alerts/:id', { schema: { tags: ['alerts'], params: idParams } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return m.alerts.get(workspace.workspaceId, request.params.id);
  });

  app.get(
    '/api/v1/alerts/:id/deliveries',
    {
      schema: {
        tags: ['alerts'],
        description: 'Every notification attempt for this alert.',
        params: idParams,
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return m.alerts.deliveries(workspace.workspaceId, request.params.id);
    },
  );

  const note = z.string().max(2_000).optional();
  const actions = {
    acknowledge: z.object({ note }).default({}),
    resolve: z.object({ note }).default({}),
    snooze: z
      .object({ minutes: z.number().int().min(1).max(10_080).default(60), note })
      .default({ minutes: 60 }),
    escalate: z.object({ crisisId: z.string().min(1).max(64).optional(), note }).default({}),
  } as const;
  for (const action of Object.keys(actions) as Array<keyof typeof actions>) {
    app.post(
      `/api/v1/alerts/:id/${action}`,
      { schema: { tags: ['alerts'], params: idParams, body: actions[action] } },
      async (request) => {
        const { actor, workspace } = access(request, 'responder');
        return m.alerts.act(actor, workspace.workspaceId, request.params.id, action, request.body ?? {});
      },
    );
  }

  app.get('/api/v1/notification-channels', { schema: { tags: ['notifications'] } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return m.channels.list(workspace.workspaceId);
  });

  app.get(
    '/api/v1/notification-channels/:id',
    { schema: { tags: ['notifications'], params: idParams } },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return m.channels.find(workspace.workspaceId, request.params.id);
    },
  );

  app.post(
    '/api/v1/notification-channels',
    { schema: { tags: ['notifications'], body: channelInputSchema } },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      return reply.status(201).send(await m.channels.create(actor, workspace.workspaceId, request.body));
    },
  );

  app.patch(
    '/api/v1/notification-channels/:id',
    { schema: { tags: ['notifications'], params: idParams, body: channelPatchSchema } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return m.channels.update(actor, workspace.workspaceId, request.params.id, request.body);
    },
  );

  app.delete(
    '/api/v1/notification-channels/:id',
    { schema: { tags: ['notifications'], params: idParams } },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      const usedBy = await m.routing.usingChannel(workspace.workspaceId, request.params.id);
      await m.channels.remove(actor, workspace.workspaceId, request.params.id, usedBy);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/notification-channels/:id/test',
    {
      schema: {
        tags: ['notifications'],
        description: 'Sends a test message now and reports each attempt.',
        params: idParams,
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return m.alerts.testChannel(actor, workspace.workspaceId, request.params.id);
    },
  );

  app.get('/api/v1/routing-rules', { schema: { tags: ['notifications'] } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return m.routing.list(workspace.workspaceId);
  });

  app.get(
    '/api/v1/routing-rules/:id',
    { schema: { tags: ['notifications'], params: idParams } },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return m.routing.find(workspace.workspaceId, request.params.id);
    },
  );

  app.post(
    '/api/v1/routing-rules',
    { schema: { tags: ['notifications'], body: routingRuleSchema } },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      return reply.status(201).send(await m.routing.create(actor, workspace.workspaceId, request.body));
    },
  );

  app.patch(
    '/api/v1/routing-rules/:id',
    { schema: { tags: ['notifications'], params: idParams, body: routingRulePatchSchema } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return m.routing.update(actor, workspace.workspaceId, request.params.id, request.body);
    },
  );

  app.delete(
    '/api/v1/routing-rules/:id',
    { schema: { tags: ['notifications'], params: idParams } },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      await m.routing.remove(actor, workspace.workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get('/api/v1/alert-settings', { schema: { tags: ['alerts'] } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return m.settings.alertSettings(workspace.workspaceId);
  });

  app.patch(
    '/api/v1/alert-settings',
    { schema: { tags: ['alerts'], body: patchSchema(alertSettingsSchema) } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return m.settings.updateAlertSettings(actor, workspace.workspaceId, request.body);
    },
  );

  app.get(
    '/api/v1/brands/:id/detector-settings',
    {
      schema: {
        tags: ['alerts'],
        description: 'Detector sensitivity for one brand (defaults when unset).',
        params: idParams,
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      await ctx.brands.find(workspace.workspaceId, request.params.id);
      return m.settings.detectorSettings(workspace.workspaceId, request.params.id);
    },
  );

  app.patch(
    '/api/v1/brands/:id/detector-settings',
    { schema: { tags: ['alerts'], params: idParams, body: patchSchema(detectorSettingsSchema) } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      await ctx.brands.find(workspace.workspaceId, request.params.id);
      return m.settings.updateDetectorSettings(actor, workspace.workspaceId, request.params.id, request.body);
    },
  );
};
