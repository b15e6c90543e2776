/**
 * Authentication (session cookie or `Authorization: Bearer` API token) and the one permission check
 * routes call: `access(request, 'responder')` returns the caller and the workspace they act in, or throws.
 * The workspace comes from the `X-Firebreak-Workspace` header (slug or id), else the caller's first one.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { type Role, roleRank } from '../domain/entities.ts';
import { errors } from '../domain/errors.ts';
import type { Principal, WorkspaceAccess } from '../modules/auth/auth.service.ts';

export const SESSION_COOKIE = 'fb_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function installAuthentication(app: FastifyInstance<any, any, any, any, any>, ctx: AppContext): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer fbt_')) {
      request.principal = await ctx.auth.principalFromToken(header.slice('Bearer '.length).trim());
      if (!request.principal) throw errors.unauthenticated('This API token is unknown or revoked.');
      return;
    }
    const session = request.cookies?.[SESSION_COOKIE];
    if (session) request.principal = await ctx.auth.principalFromSession(session);
  });
}

export interface Access {
  actor: Principal;
  workspace: WorkspaceAccess;
}

export function access(request: FastifyRequest, minRole: Role): Access {
  const actor = request.principal;
  if (!actor) throw errors.unauthenticated();
  const wanted = request.headers['x-firebreak-workspace'];
  const workspace =
    typeof wanted === 'string' && wanted
      ? actor.access.find((a) => a.slug === wanted || a.workspaceId === wanted)
      : actor.access[0];
  if (!workspace) {
    throw errors.forbidden(
      typeof wanted === 'string' && wanted
        ? `You are not a member of the workspace "${wanted}".`
        : 'You are not a member of any workspace yet.',
    );
  }
  if (roleRank[workspace.role] < roleRank[minRole]) {
    throw errors.forbidden(
      `This needs the ${minRole} role in "${workspace.slug}"; you are ${workspace.role}.`,
    );
  }
  return { actor, workspace };
}

/** Signed-in, whatever the workspace. */
export function signedIn(request: FastifyRequest): Principal {
  if (!request.principal) throw errors.unauthenticated();
  return request.principal;
}
