/**
 * The dashboard: sign-in and a live overview of each brand (volume and negative mentions over 24 hours,
 * the latest mentions) rendered on the server with escaping by default. No script runs in the page.
 */
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { errors } from '../domain/errors.ts';
import type { Principal, WorkspaceAccess } from '../modules/auth/auth.service.ts';
import type { StoredMention } from '../ports/store.ts';
import { SESSION_COOKIE } from '../server/access.ts';
import type { RoutePlugin } from '../server/routes.ts';
import { volumeChart } from './chart.ts';
import { bidiText, dirFor, html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';

const DAY = 86_400_000;
const BUCKET = 15 * 60_000;

export const webRoutes: RoutePlugin = async (app, { ctx }) => {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16_384 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.get('/login', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(loginPage()),
  );

  app.post(
    '/login',
    {
      schema: { hide: true, body: z.object({ email: z.string().max(320), password: z.string().max(1_000) }) },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      try {
        const { session } = await ctx.auth.login(request.body.email, request.body.password);
        reply.setCookie(SESSION_COOKIE, session, {
          httpOnly: true,
          sameSite: 'lax',
          path: '/',
          maxAge: ctx.config.sessionTtlHours * 3_600,
        });
        return reply.redirect('/app', 303);
      } catch {
        return reply
          .status(401)
          .type('text/html; charset=utf-8')
          .send(loginPage('Wrong e-mail or password.'));
      }
    },
  );

  app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
    const session = request.cookies[SESSION_COOKIE];
    if (session) await ctx.auth.logout(session);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });

  app.get(
    '/app',
    { schema: { hide: true, querystring: z.object({ ws: z.string().max(64).optional() }) } },
    async (request, reply) => {
      const principal = request.principal;
      if (!principal) return reply.redirect('/login', 303);
      const workspace = pickWorkspace(principal, request.query.ws);
      const body = await overview(ctx, workspace);
      return reply
        .type('text/html; charset=utf-8')
        .send(layout({ title: 'Overview', body, user: principal, workspace, refreshSeconds: 15 }));
    },
  );

  app.get(
    '/app/mentions',
    {
      schema: {
        hide: true,
        querystring: z.object({
          ws: z.string().max(64).optional(),
          beforeSeq: z.coerce.number().int().optional(),
          sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
          source: z.string().max(64).optional(),
        }),
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (!principal) return reply.redirect('/login', 303);
      const workspace = pickWorkspace(principal, request.query.ws);
      const { beforeSeq, sentiment, source } = request.query;
      const items = await ctx.store.mentions.list({
        workspaceId: workspace.workspaceId,
        limit: 50,
        beforeSeq,
        sentiment,
        source,
      });
      const next = items.at(-1)?.seq;
      const params = new URLSearchParams({
        ws: workspace.slug,
        ...(sentiment ? { sentiment } : {}),
        ...(source ? { source } : {}),
      });
      const body = html`<h1>Mentions${sentiment ? html` · ${sentiment}` : ''}${source ? html` · ${source}` : ''}</h1>
<p class="muted"><a href="/app/mentions?ws=${workspace.slug}">all</a> · <a href="/app/mentions?ws=${workspace.slug}&amp;sentiment=negative">negative only</a></p>
<div class="card">${items.length ? items.map(mentionItem) : html`<p class="muted">No mentions yet.</p>`}</div>
${next && items.length === 50 ? html`<p><a href="/app/mentions?${params.toString()}&amp;beforeSeq=${next}">Older →</a></p>` : ''}`;
      return reply
        .type('text/html; charset=utf-8')
        .send(layout({ title: 'Mentions', body, user: principal, workspace }));
    },
  );
};

function pickWorkspace(principal: Principal, wanted?: string): WorkspaceAccess {
  const ws = wanted
    ? principal.access.find((a) => a.slug === wanted || a.workspaceId === wanted)
    : principal.access[0];
  if (!ws)
    throw errors.forbidden(
      wanted
        ? `You are not a member of the workspace "${wanted}".`
        : 'You are not a member of any workspace yet.',
    );
  return ws;
}

function loginPage(error?: string): string {
  return layout({
    title: 'Sign in',
    body: html`<form class="login card" method="post" action="/login">
  <h1>Sign in to Firebreak</h1>
  ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
  <label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  <p><button type="submit">Sign in</button></p>
</form>`,
  });
}

function mentionItem(m: StoredMention): SafeHtml {
  const label = m.sentiment?.label;
  return html`<article class="mention">
  <div class="muted">${label ? html`<span class="badge ${label}">${label}</span>` : ''}<span class="badge">${m.source}</span>
    ${m.author ? html`<b>@${m.author.handle}</b>${m.author.followers ? html` · ${m.author.followers.toLocaleString('en-US')} followers` : ''}` : ''}
    · <time datetime="${new Date(m.createdAt).toISOString()}">${new Date(m.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC</time>
    ${m.url && /^https?:\/\//i.test(m.url) ? html` · <a href="${m.url}" rel="noopener noreferrer nofollow" target="_blank">open</a>` : ''}</div>
  ${m.title ? html`<div dir="${dirFor(m.lang)}" lang="${m.lang ?? ''}"><b>${bidiText(m.title)}</b></div>` : ''}
  <p class="text" dir="${dirFor(m.lang)}" lang="${m.lang ?? ''}">${bidiText(m.text.length > 1_000 ? `${m.text.slice(0, 1_000)}…` : m.text)}</p>
</article>`;
}

async function overview(ctx: AppContext, workspace: WorkspaceAccess): Promise<SafeHtml> {
  const [brands, latest, total, alerts] = await Promise.all([
    ctx.brands.list(workspace.workspaceId),
    ctx.store.mentions.list({ workspaceId: workspace.workspaceId, limit: 25 }),
    ctx.store.mentions.count(workspace.workspaceId),
    ctx.alerts.alerts.list(workspace.workspaceId, {
      status: ['open', 'acknowledged', 'escalated', 'snoozed'],
      limit: 10,
    }),
  ]);
  // The window ends at the newest mention (imports and replays may be in the past), or now.
  const newest = latest.reduce((t, m) => Math.max(t, m.createdAt), 0);
  const to = Math.ceil((newest || ctx.clock.now()) / BUCKET) * BUCKET;
  const from = to - DAY;
  const scopes = [
    { id: '*', name: 'All mentions', timeZone: brands[0]?.timeZone ?? 'UTC' },
    ...brands.map((b) => ({ id: `b:${b.id}`, name: b.name, timeZone: b.timeZone })),
  ];
  const panels = await Promise.all(
    scopes.map(async (s) => {
      const points = await ctx.store.mentions.rollups({
        workspaceId: workspace.workspaceId,
        scope: s.id,
        from,
        to,
        bucketMinutes: BUCKET / 60_000,
      });
      const count = points.reduce((n, p) => n + p.count, 0);
      const negative = points.reduce((n, p) => n + p.negative, 0);
      return html`<section class="card"><h2>${s.name}</h2>
  <div class="grid"><div class="stat"><b>${count.toLocaleString('en-US')}</b><span class="muted">mentions in 24 h</span></div>
  <div class="stat"><b>${count ? Math.round((100 * negative) / count) : 0}%</b><span class="muted">negative</span></div></div>
  ${volumeChart(points, from, to, BUCKET, s.timeZone)}
  <p class="muted">grey: mentions · red: negative · per 15 minutes, ${s.timeZone}</p></section>`;
    }),
  );
  const brandName = new Map(brands.map((b) => [b.id, b.name]));
  const alertRows = alerts.map(
    (
      a,
    ) => html`<tr><td class="sev${a.severity}">S${a.severity}</td><td dir="auto">${a.title}</td><td>${a.brandId ? (brandName.get(a.brandId) ?? '') : ''}</td>
<td>${a.status}</td><td>${a.signalCount}</td><td>${new Date(a.lastSignalAt).toISOString().slice(0, 16).replace('T', ' ')} UTC</td></tr>`,
  );
  return html`<h1>${workspace.name}</h1>
<p class="muted">${total.toLocaleString('en-US')} mentions stored · refreshes every 15 s</p>
<section class="card"><h2>Active alerts</h2>${
    alerts.length
      ? html`<table><thead><tr><th>severity</th><th>alert</th><th>brand</th><th>status</th><th>signals</th><th>last signal</th></tr></thead><tbody>${alertRows}</tbody></table>
<p class="muted">Act on them through the API: POST /api/v1/alerts/:id/acknowledge · resolve · snooze · escalate.</p>`
      : html`<p class="muted">No active alert.</p>`
  }</section>
${panels}
<section class="card"><h2>Latest mentions</h2>${latest.length ? latest.map(mentionItem) : html`<p class="muted">No mentions yet: import a file, add a source, or start with --demo.</p>`}</section>`;
}
