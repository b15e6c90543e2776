/**
 * HTTP for the response inbox. Thin: a zod schema, the permission check (viewers read, responders work
 * the queue), one service call. There is deliberately no DELETE route.
 */
import { z } from 'zod';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { closeInputSchema, inboxStatuses, openStatuses, replyInputSchema } from './inbox.model.ts';

const idParams = z.object({ id: z.string().min(1).max(64) });
const id = z.string().min(1).max(64);

export const inboxRoutes: RoutePlugin = async (app, { ctx }) => {
  const inbox = ctx.inbox;

  app.get(
    '/api/v1/inbox',
    {
      schema: {
        tags: ['inbox'],
        description:
          "The response queue, most urgent first (priority = reach × negativity × 2^(−age / 2 h), docs/INBOX.md). `status` takes a comma-separated list, `open` standing for new,assigned,escalated; `assignee=me` is the caller. Page with `after` = the previous page's `next`.",
        querystring: z.object({
          status: z
            .string()
            .max(120)
            .optional()
            .transform((s, c) => {
              if (!s) return undefined;
              const parsed = z
                .array(z.enum(inboxStatuses))
                .safeParse(
                  s.split(',').flatMap((x) => (x.trim() === 'open' ? [...openStatuses] : [x.trim()])),
                );
              if (!parsed.success) {
                c.addIssue({
                  code: 'custom',
                  message: `status must be among open, ${inboxStatuses.join(', ')}`,
                });
                return z.NEVER;
              }
              return parsed.data;
            }),
          crisisId: id.optional(),
          brandId: id.optional(),
          assignee: id.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          after: z.string().max(400).optional(),
        }),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'viewer');
      const { assignee, ...q } = request.query;
      return inbox.list(workspace.workspaceId, {
        ...q,
        assigneeId: assignee === 'me' ? actor.userId : assignee,
      });
    },
  );

  app.get(
    '/api/v1/inbox/coverage',
    {
      schema: {
        tags: ['inbox'],
        description:
          'Computed live. Of the negative mentions in scope (a crisis, a brand or the whole workspace; `since`/`until` bound the posting time, ms): the share answered, the share closed with a reason (shown separately, with the reasons), the median time from the post to its first reply; `all` gives the same over every item; `by=brand|crisis` adds the figures per brand or crisis.',
        querystring: z.object({
          crisisId: id.optional(),
          brandId: id.optional(),
          since: z.coerce.number().int().optional(),
          until: z.coerce.number().int().optional(),
          by: z.enum(['brand', 'crisis']).optional(),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return inbox.coverage(workspace.workspaceId, request.query);
    },
  );

  app.get('/api/v1/inbox/:id', { schema: { tags: ['inbox'], params: idParams } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return inbox.get(workspace.workspaceId, request.params.id);
  });

  app.get(
    '/api/v1/inbox/:id/canned-replies',
    {
      schema: {
        tags: ['inbox'],
        description:
          "Ready-made answers from the crisis playbook's reply templates in the mention's language, linking the current official statement.",
        params: idParams,
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return inbox.cannedReplies(workspace.workspaceId, request.params.id);
    },
  );

  app.post(
    '/api/v1/inbox/:id/assign',
    {
      schema: {
        tags: ['inbox'],
        params: idParams,
        body: z.object({ userId: id.nullable() }),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      return inbox.assign(actor, workspace.workspaceId, request.params.id, request.body.userId);
    },
  );

  app.post(
    '/api/v1/inbox/:id/reply',
    {
      schema: {
        tags: ['inbox'],
        description:
          'Records the answer given (Firebreak does not post to the platforms yet: send it there, then record it here).',
        params: idParams,
        body: replyInputSchema,
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      return inbox.reply(actor, workspace.workspaceId, request.params.id, request.body);
    },
  );

  app.post(
    '/api/v1/inbox/:id/escalate',
    {
      schema: {
        tags: ['inbox'],
        params: idParams,
        body: z.object({ note: z.string().trim().max(2_000).optional() }).default({}),
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      return inbox.escalate(actor, workspace.workspaceId, request.params.id, request.body.note);
    },
  );

  app.post(
    '/api/v1/inbox/:id/close',
    {
      schema: {
        tags: ['inbox'],
        description:
          'Closes an item without a reply (no_reply_needed): a reason from the list and a note that says why are both required.',
        params: idParams,
        body: closeInputSchema,
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'responder');
      return inbox.close(actor, workspace.workspaceId, request.params.id, request.body);
    },
  );
};
