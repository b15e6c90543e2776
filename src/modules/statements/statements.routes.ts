/**
 * HTTP for statements. Thin: the approval chain lives in the service (it needs the workspace role and
 * the crisis roles of the caller, so the route hands it both). Responders draft and edit; approving and
 * publishing need the approver role, which the service checks again with the crisis role.
 */
import { z } from 'zod';
import { errors } from '../../domain/errors.ts';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { roleKey } from '../crises/crises.model.ts';
import { statementChannels, variantSchema } from './statements.model.ts';

const idParams = z.object({ id: z.string().min(1).max(64) });
const version = z.number().int().min(1);
const lang = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/)
  .max(16);

export const statementsRoutes: RoutePlugin = async (app, { ctx }) => {
  const statements = ctx.statements;

  app.post(
    '/api/v1/crises/:id/statements',
    {
      schema: {
        tags: ['statements'],
        description:
          'Drafts a statement of a kind (holding, update, final, internal…) from the playbook templates, rendered with the crisis variables; missing variables stay visible as {{name}} and block publication.',
        params: idParams,
        body: z.object({
          kind: roleKey,
          channels: z.array(z.enum(statementChannels)).max(8).optional(),
          langs: z.array(lang).max(20).optional(),
          playbookKey: z.string().max(64).optional(),
          title: z.string().trim().min(1).max(300).optional(),
          variants: z.array(variantSchema).max(100).optional(),
          approvals: z.array(roleKey).max(10).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'responder');
      return reply
        .status(201)
        .send(await statements.draft(workspace.workspaceId, request.params.id, request.body, actor));
    },
  );

  app.get(
    '/api/v1/crises/:id/statements',
    { schema: { tags: ['statements'], params: idParams } },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return statements.list(workspace.workspaceId, request.params.id);
    },
  );

  app.get(
    '/api/v1/crises/:id/statements/current',
    {
      schema: {
        tags: ['statements'],
        description:
          'The current official wording (the public statement published last) and its public link.',
        params: idParams,
        querystring: z.object({ lang: lang.optional(), channel: z.enum(statementChannels).optional() }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      const current = await statements.current(
        workspace.workspaceId,
        request.params.id,
        request.query.lang,
        request.query.channel,
      );
      if (!current) throw errors.notFound('A published statement for this crisis');
      return current;
    },
  );

  app.get(
    '/api/v1/crises/:id/statements/official',
    {
      schema: {
        tags: ['statements'],
        description:
          'Every published wording of the crisis, internal notes for support and phone staff included.',
        params: idParams,
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return statements.official(workspace.workspaceId, request.params.id);
    },
  );

  app.get(
    '/api/v1/statements/:id',
    { schema: { tags: ['statements'], params: idParams } },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return statements.get(workspace.workspaceId, request.params.id);
    },
  );

  app.get(
    '/api/v1/statements/:id/versions/:version',
    {
      schema: {
        tags: ['statements'],
        params: z.object({ id: z.string().min(1).max(64), version: z.coerce.number().int().min(1) }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return statements.version(workspace.workspaceId, request.params.id, request.params.version);
    },
  );

  app.get(
    '/api/v1/statements/:id/diff',
    {
      schema: {
        tags: ['statements'],
        description: 'Word diff between two versions, per channel and language.',
        params: idParams,
        querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return statements.diff(workspace.workspaceId, request.params.id, request.query.from, request.query.to);
    },
  );

  app.post(
    '/api/v1/statements/:id/edit',
    {
      schema: {
        tags: ['statements'],
        description:
          'A new version: the given variants replace those of the same channel and language. Approvals belong to a version, so an edit needs them again.',
        params: idParams,
        body: z.object({
          baseVersion: version,
          variants: z.array(variantSchema).max(100).optional(),
          remove: z
            .array(z.object({ channel: z.enum(statementChannels), lang }))
            .max(100)
            .optional(),
          title: z.string().trim().min(1).max(300).optional(),
          note: z.string().max(2_000).optional(),
        }),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      return statements.edit(workspace.workspaceId, request.params.id, request.body, actor);
    },
  );

  app.post(
    '/api/v1/statements/:id/fill',
    {
      schema: {
        tags: ['statements'],
        description:
          'A new version with the crisis variables filled into the {{placeholders}} still in the text.',
        params: idParams,
        body: z.object({ baseVersion: version }),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      return statements.fill(workspace.workspaceId, request.params.id, request.body.baseVersion, actor);
    },
  );

  app.post(
    '/api/v1/statements/:id/approve',
    {
      schema: {
        tags: ['statements'],
        description:
          'Approves this exact version in the slots of the crisis roles the caller holds (or the one `role`). Needs the approver workspace role AND the crisis role in the team.',
        params: idParams,
        body: z.object({ version, role: roleKey.optional(), comment: z.string().max(2_000).optional() }),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'approver');
      return statements.approve(workspace.workspaceId, request.params.id, request.body, {
        ...actor,
        role: workspace.role,
      });
    },
  );

  app.post(
    '/api/v1/statements/:id/publish',
    {
      schema: {
        tags: ['statements'],
        description:
          'Publishes this version (then later versions as dated updates). Refused with 409 and details { missingApprovals, missingVariables } until every required role approved it and no variable is missing.',
        params: idParams,
        body: z.object({ version, note: z.string().max(2_000).optional() }),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'approver');
      return statements.publish(workspace.workspaceId, request.params.id, request.body, {
        ...actor,
        role: workspace.role,
      });
    },
  );
};
