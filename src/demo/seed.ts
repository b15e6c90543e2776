/**
 * The one-command demo: a workspace with the brand "Acme Air" (aliases in Hebrew, Russian and Chinese),
 * its topics, and the recorded crisis stream of data/demo replayed through the real pipeline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../app-context.ts';
import { systemActor } from '../modules/audit/audit.ts';
import type { BrandInput } from '../modules/brands/brands.service.ts';

export const demoDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'demo');
const DEMO_SLUG = 'demo';

export interface DemoOptions {
  speed: number;
}

export async function seedDemo(
  ctx: AppContext,
  options: DemoOptions,
): Promise<{ workspaceId: string; summary: string }> {
  const actor = systemActor('demo');
  let ws = await ctx.auth.findWorkspace(DEMO_SLUG);
  const fresh = !ws;
  if (!ws) {
    const created = await ctx.auth.createWorkspace(actor, { name: 'Acme Air (demo)', slug: DEMO_SLUG });
    ws = await ctx.auth.findWorkspace(created.id);
  }
  const workspaceId = ws!.id;
  // Every existing admin of the install can look at the demo.
  const admin = await ctx.auth.findUserByEmail(ctx.config.adminEmail);
  if (admin) await ctx.auth.setMembership(actor, workspaceId, admin.id, 'admin');
  if (fresh) {
    const brand = JSON.parse(readFileSync(join(demoDir, 'brand.json'), 'utf8')) as BrandInput;
    await ctx.brands.create(actor, workspaceId, brand);
  }
  const stream = join(demoDir, 'acme-air.jsonl');
  if (!existsSync(stream))
    return { workspaceId, summary: 'Demo workspace "demo" is ready (no recorded stream found).' };
  return { workspaceId, summary: `Demo workspace "demo": brand Acme Air${fresh ? ' created' : ''}.` };
}
