/**
 * HTTP for crises, their tasks, links, timeline and export. Thin: a zod schema, the permission check
 * (viewers read, responders work the crisis), one service call.
 */
import { z } from 'zod';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { crisisStatuses, crisisTypes, mentionRefSchema, roleKey, variableName } from './crises.model.ts';
import { crisisExport, crisisMarkdown } from './export.ts';

const idParams = z.object({ id: z.string().min(1).max(64) });
const taskParams = z.object({ id: z.string().min(1).max(64), taskId: z.string().min(1).max(64) });
const severity = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const variables = z.record(variableName, z.string().max(5_000));
const note = z.string().trim().min(1).max(5_000);

const openSchema = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    type: z.enum(crisisTypes).optional(),
    category: z.string().max(64).nullable().optional(),
    severity: severity.optional(),
    brandId: z.string().max(64).nullable().optional(),
    commanderId: z.string().max(64).nullable().optional(),
    isDrill: z.boolean().optional(),
    playbookKey: z.string().max(64).nullable().optional(),
    playbookVersion: z.number().int().min(1).optional(),
    variables: variables.optional(),
    alertId: z.string().min(1).max(64).optional(),
    mentions: z.array(mentionRefSchema).max(1_000).optional(),
    stories: z.array(z.string().min(1).max(128)).max(100).optional(),
  })
  .refine((b) => b.title || b.alertId || b.mentions?.length, {
    message: 'give a title, an alertId or mentions to open a crisis from',
  });

export const crisesRoutes: RoutePlugin = async (app, { ctx }) => {
  const crises = ctx.crises;

  app.post(
    '/api/v1/crises',
    {
      schema: {
        tags: ['crises'],
        description:
          'Opens a crisis by hand, from an alert (`alertId`: the alert is escalated to it) or from mentions. The matching playbook (or `playbookKey`; null for none) is instantiated: tasks with owners and due times, and the team is notified.',
        body: openSchema,
      },
    },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'responder');
      const crisis = await crises.open(workspace.workspaceId, request.body, actor);
      if (request.body.alertId) {
        // The alert records which crisis took it over; an alert already resolved or escalated stays as it is.
        await ctx.alerts.alerts
          .act(actor, workspace.workspaceId, request.body.alertId, 'escalate', { crisisId: crisis.id })
          .catch((error) => {
            if ((error as { code?: string }).code !== 'conflict') throw error;
          });
      }
      return reply.status(201).send(crisis);
    },
  );

  app.get(
    '/api/v1/crises',
    {
      schema: {
        tags: ['crises'],
        querystring: z.object({
          status: z
            .string()
            .max(200)
            .optional()
            .transform((s, c) => {
              if (!s) return undefined;
              const parsed = z.array(z.enum(crisisStatuses)).safeParse(s.split(',').map((x) => x.trim()));
              if (!parsed.success) {
                c.addIssue({ code: 'custom', message: `status must be among ${crisisStatuses.join(', ')}` });
                return z.NEVER;
              }
              return parsed.data;
            }),
          brandId: z.string().max(64).optional(),
          drills: z.enum(['include', 'exclude']).default('include'),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          before: z.coerce.number().int().optional(),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      const q = request.query;
      return crises.list(workspace.workspaceId, { ...q, includeDrills: q.drills === 'include' });
    },
  );

  app.get('/api/v1/crises/:id', { schema: { tags: ['crises'], params: idParams } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return crises.get(workspace.workspaceId, request.params.id);
  });

  app.patch(
    '/api/v1/crises/:id',
    {
      schema: {
        tags: ['crises'],
        description: 'Title, type, category, severity, commander, template variables (null removes one).',
        params: idParams,
        body: z.object({
          title: z.string().trim().min(1).max(300).optional(),
          type: z.enum(crisisTypes).optional(),
          category: z.string().max(64).nullable().optional(),
          severity: severity.optional(),
          commanderId: z.string().max(64).nullable().optional(),
          variables: z.record(variableName, z.string().max(5_000).nullable()).optional(),
        }),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      return crises.update(workspace.workspaceId, request.params.id, request.body, actor);
    },
  );

  app.post(
    '/api/v1/crises/:id/status',
    {
      schema: {
        tags: ['crises'],
        description: `Moves the crisis through ${crisisStatuses.join(' → ')}; an illegal move is a 409 naming the allowed ones.`,
        params: idParams,
        body: z.object({ status: z.enum(crisisStatuses), note: z.string().max(2_000).optional() }),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      return crises.transition(
        workspace.workspaceId,
        request.params.id,
        request.body.status,
        actor,
        request.body.note,
      );
    },
  );

  app.put(
    '/api/v1/crises/:id/assignments/:role',
    {
      schema: {
        tags: ['crises'],
        description: 'Puts a team member holding this crisis role in charge of it for this crisis.',
        params: z.object({ id: z.string().min(1).max(64), role: roleKey }),
        body: z.object({ personId: z.string().min(1).max(64) }),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      const { id, role } = request.params;
      return crises.assign(workspace.workspaceId, id, role, request.body.personId, actor);
    },
  );

  app.post(
    '/api/v1/crises/:id/notes',
    { schema: { tags: ['crises'], params: idParams, body: z.object({ text: note }) } },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'responder');
      return reply
        .status(201)
        .send(await crises.addNote(workspace.workspaceId, request.params.id, request.body.text, actor));
    },
  );

  app.get(
    '/api/v1/crises/:id/timeline',
    {
      schema: {
        tags: ['crises'],
        description: 'Every event in order; `after` (a seq) returns only newer ones.',
        params: idParams,
        querystring: z.object({
          after: z.coerce.number().int().min(0).optional(),
          kind: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      const { after, kind, limit } = request.query;
      return crises.timeline(workspace.workspaceId, request.params.id, {
        after,
        limit,
        kinds: kind ? kind.split(',').map((k) => k.trim()) : undefined,
      });
    },
  );

  app.get('/api/v1/crises/:id/links', { schema: { tags: ['crises'], params: idParams } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return crises.links(workspace.workspaceId, request.params.id);
  });

  app.post(
    '/api/v1/crises/:id/links',
    {
      schema: {
        tags: ['crises'],
        description: 'Links alerts, stories (with their mentions) and mentions to the crisis.',
        params: idParams,
        body: z.object({
          alerts: z.array(z.string().min(1).max(64)).max(50).optional(),
          stories: z.array(z.string().min(1).max(128)).max(100).optional(),
          mentions: z.array(mentionRefSchema).max(1_000).optional(),
        }),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      const ws = workspace.workspaceId;
      const id = request.params.id;
      const out = { alerts: 0, stories: 0, mentions: 0 };
      for (const alertId of request.body.alerts ?? []) {
        out.alerts += (await crises.linkAlert(ws, id, alertId, actor)).linked;
      }
      if (request.body.stories?.length) {
        const r = await crises.linkStories(ws, id, request.body.stories, actor);
        out.stories += r.linked;
        out.mentions += r.mentions;
      }
      if (request.body.mentions?.length) {
        out.mentions += (await crises.linkMentions(ws, id, request.body.mentions, actor)).linked;
      }
      return { linked: out };
    },
  );

  app.get('/api/v1/crises/:id/tasks', { schema: { tags: ['crises'], params: idParams } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return crises.tasks.list(workspace.workspaceId, request.params.id);
  });

  app.post(
    '/api/v1/crises/:id/tasks',
    {
      schema: {
        tags: ['crises'],
        params: idParams,
        body: z.object({
          title: z.string().trim().min(1).max(300),
          details: z.string().max(5_000).optional(),
          ownerRole: roleKey.optional(),
          dueAt: z.number().int().optional(),
        }),
      },
    },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'responder');
      return reply
        .status(201)
        .send(await crises.tasks.add(workspace.workspaceId, request.params.id, request.body, actor));
    },
  );

  app.post(
    '/api/v1/crises/:id/tasks/:taskId/assign',
    {
      schema: {
        tags: ['crises'],
        params: taskParams,
        body: z.object({ personId: z.string().min(1).max(64) }),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      const { id, taskId } = request.params;
      return crises.tasks.assign(workspace.workspaceId, id, taskId, request.body.personId, actor);
    },
  );

  app.post(
    '/api/v1/crises/:id/tasks/:taskId/start',
    { schema: { tags: ['crises'], params: taskParams } },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      return crises.tasks.start(workspace.workspaceId, request.params.id, request.params.taskId, actor);
    },
  );

  app.post(
    '/api/v1/crises/:id/tasks/:taskId/done',
    {
      schema: {
        tags: ['crises'],
        params: taskParams,
        body: z.object({ note: z.string().max(5_000).optional() }).default({}),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      const { id, taskId } = request.params;
      return crises.tasks.done(workspace.workspaceId, id, taskId, request.body?.note, actor);
    },
  );

  app.get(
    '/api/v1/crises/:id/export',
    {
      schema: {
        tags: ['crises'],
        description:
          'The crisis record: timeline, decisions (who approved which version when), tasks, statements, links.',
        params: idParams,
        querystring: z.object({ format: z.enum(['json', 'md']).default('json') }),
      },
    },
    async (request, reply) => {
      const { workspace } = access(request, 'viewer');
      const record = await crisisExport(ctx, workspace.workspaceId, request.params.id);
      if (request.query.format === 'md') {
        return reply
          .type('text/markdown; charset=utf-8')
          .header('content-disposition', `attachment; filename="crisis-${record.crisis.id}.md"`)
          .send(crisisMarkdown(record));
      }
      return reply
        .header('content-disposition', `attachment; filename="crisis-${record.crisis.id}.json"`)
        .send(record);
    },
  );
};
