/**
 * HTTP for playbooks: list, get (JSON), get as YAML, export, versions, import (YAML body or `{yaml}`),
 * validate-only, install the default library, choose for a crisis. Viewers read; admins write.
 */
import { z } from 'zod';
import { errors } from '../../domain/errors.ts';
import { MAX_PLAYBOOK_BYTES, playbookCrisisTypes } from '../../domain/playbook.ts';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';

const keyParams = z.object({ key: z.string().min(1).max(64) });
const versionQuery = z.object({ version: z.coerce.number().int().min(1).optional() });
const yamlTypes = ['text/yaml', 'application/yaml', 'application/x-yaml', 'text/x-yaml'];
/** A YAML file as the raw body (text/yaml, text/plain) or as `{ "yaml": "…" }` in JSON. */
const yamlBody = z.union([
  z.string().max(MAX_PLAYBOOK_BYTES),
  z.object({ yaml: z.string().max(MAX_PLAYBOOK_BYTES) }),
]);
const yamlText = (body: z.infer<typeof yamlBody>) => (typeof body === 'string' ? body : body.yaml);

export const playbooksRoutes: RoutePlugin = async (app, { ctx }) => {
  const playbooks = ctx.playbooks;
  app.addContentTypeParser(
    yamlTypes,
    { parseAs: 'string', bodyLimit: MAX_PLAYBOOK_BYTES + 1024 },
    (_r, body, done) => done(null, body),
  );

  app.get(
    '/api/v1/playbooks',
    {
      schema: { tags: ['playbooks'], description: 'The latest version of every playbook of the workspace.' },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return playbooks.list(workspace.workspaceId);
    },
  );

  app.get(
    '/api/v1/playbooks/:key',
    {
      schema: {
        tags: ['playbooks'],
        description: 'One playbook version as JSON (the latest unless `version` is given).',
        params: keyParams,
        querystring: versionQuery,
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return playbooks.find(workspace.workspaceId, request.params.key, request.query.version);
    },
  );

  app.get(
    '/api/v1/playbooks/:key/versions',
    { schema: { tags: ['playbooks'], params: keyParams } },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return playbooks.versions(workspace.workspaceId, request.params.key);
    },
  );

  app.get(
    '/api/v1/playbooks/:key/diff',
    {
      schema: {
        tags: ['playbooks'],
        description:
          'A unified diff of the YAML of two versions: `from` (default: the version before `to`) and `to` (default: the latest).',
        params: keyParams,
        querystring: z.object({
          from: z.coerce.number().int().min(1).optional(),
          to: z.coerce.number().int().min(1).optional(),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return playbooks.diff(workspace.workspaceId, request.params.key, request.query);
    },
  );

  for (const [suffix, download] of [
    ['yaml', false],
    ['export', true],
  ] as const) {
    app.get(
      `/api/v1/playbooks/:key/${suffix}`,
      {
        schema: {
          tags: ['playbooks'],
          description: download
            ? 'The YAML file of a version, as an attachment named KEY.vN.yaml.'
            : 'The YAML of a version (text/yaml), exactly as it was imported.',
          params: keyParams,
          querystring: versionQuery,
        },
      },
      async (request, reply) => {
        const { workspace } = access(request, 'viewer');
        const { key } = request.params;
        const out = await playbooks.exportYaml(workspace.workspaceId, key, request.query.version);
        reply.header('content-type', 'text/yaml; charset=utf-8');
        if (download) {
          reply.header('content-disposition', `attachment; filename="${key}.v${out.version}.yaml"`);
        }
        reply.header('x-playbook-version', String(out.version));
        return reply.send(out.yaml);
      },
    );
  }

  app.post(
    '/api/v1/playbooks/import',
    {
      schema: {
        tags: ['playbooks'],
        description:
          'Validates a playbook file and stores it as the next version of its key (201), or answers 200 ' +
          'with `created: false` when the latest version has the same text. 400 lists every problem by path and line.',
        body: yamlBody,
      },
    },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      const result = await playbooks.importYaml(actor, workspace.workspaceId, yamlText(request.body));
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/v1/playbooks/validate',
    {
      schema: {
        tags: ['playbooks'],
        description: 'Checks a playbook file without storing it: `{ ok, problems, spec? }`.',
        body: yamlBody,
      },
    },
    async (request) => {
      access(request, 'viewer');
      return playbooks.validate(yamlText(request.body));
    },
  );

  app.post(
    '/api/v1/playbooks/install-defaults',
    {
      schema: {
        tags: ['playbooks'],
        description:
          'Installs the default library into the workspace. Files already installed are unchanged; a key whose latest version was imported by the workspace is not overwritten.',
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return playbooks.installDefaults(actor, workspace.workspaceId);
    },
  );

  app.post(
    '/api/v1/playbooks/choose',
    {
      schema: {
        tags: ['playbooks'],
        description:
          'The playbook a crisis of this type, category and severity would get (404 when none applies).',
        body: z.object({
          type: z.enum(playbookCrisisTypes),
          category: z.string().max(64).nullable().default(null),
          severity: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      const chosen = await playbooks.choose(workspace.workspaceId, request.body);
      if (!chosen) throw errors.notFound('A playbook for this crisis');
      return chosen;
    },
  );
};
