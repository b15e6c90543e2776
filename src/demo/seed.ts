/**
 * The one-command demo: a workspace with the brand "Acme Air" (aliases in Hebrew, Russian and Chinese),
 * its topics, and the recorded crisis day of data/demo replayed through the real pipeline. The calm
 * history is loaded at once; then the crisis unfolds at `speed`× (at 60×, an hour of crisis takes a
 * minute). The stream is moved in time so that its last record lands at the moment the replay ends:
 * every mention carries a past timestamp, as a real one would, and the day ends "now".
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../app-context.ts';
import { packageRoot } from '../config/paths.ts';
import type { TopicKind } from '../domain/entities.ts';
import { systemActor } from '../modules/audit/audit.ts';
import type { BrandInput } from '../modules/brands/brands.service.ts';
import type { AmbassadorInput, PersonInput } from '../modules/team/index.ts';
import { replay, startReplay } from '../replay/index.ts';

export const demoDir = join(packageRoot, 'data', 'demo');
const DEMO_SLUG = 'demo';

interface Manifest {
  stream: string;
  brand: string;
  topics: string;
  /** Records before this instant are history, loaded at once; the rest plays live. */
  liveFrom: string;
  onset: string;
}

export interface DemoOptions {
  speed: number;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(demoDir, file), 'utf8')) as T;

export async function seedDemo(
  ctx: AppContext,
  options: DemoOptions,
): Promise<{ workspaceId: string; summary: string }> {
  const actor = systemActor('demo');
  const manifest = readJson<Manifest>('manifest.json');
  const existing = await ctx.auth.findWorkspace(DEMO_SLUG);
  const workspaceId =
    existing?.id ?? (await ctx.auth.createWorkspace(actor, { name: 'Acme Air (demo)', slug: DEMO_SLUG })).id;
  // The install's first admin can look at the demo.
  const admin = await ctx.auth.findUserByEmail(ctx.config.adminEmail);
  if (admin) await ctx.auth.setMembership(actor, workspaceId, admin.id, 'admin');
  // A new workspace gets the playbook library on creation (assemble.ts); an older demo gets library updates.
  if (existing) await ctx.playbooks.installDefaults(actor, workspaceId);
  if (existing)
    return {
      workspaceId,
      summary: 'Demo workspace "demo" (Acme Air) is loaded; its recorded day was replayed at first start.',
    };

  await seedTeam(ctx, workspaceId);
  const brand = await ctx.brands.create(actor, workspaceId, readJson<BrandInput>(manifest.brand));
  for (const topic of readJson<{ name: string; kind: TopicKind; query: string }[]>(manifest.topics)) {
    await ctx.topics.service.create(actor, workspaceId, { ...topic, brandId: brand.id });
  }

  const { history, live } = splitStream(ctx.config.dataDir, manifest);
  const now = ctx.clock.now();
  const replayMs = options.speed > 0 ? (live.lastAt - live.firstAt) / options.speed : 0;
  const shift = now + replayMs - live.lastAt;
  const origin = { workspaceId, defaultSource: 'demo', keepUnmatched: true };
  const loaded = await replay(history.file, {
    sink: ctx.pipeline,
    origin,
    speed: 0,
    shiftTo: history.firstAt + shift,
  });
  const running = startReplay(live.file, {
    sink: ctx.pipeline,
    origin,
    speed: options.speed,
    shiftTo: live.firstAt + shift,
    onError: (error) => ctx.logger.error({ err: error }, 'demo replay failed'),
  });
  ctx.onClose(() => running.stop());
  const onsetIn =
    options.speed > 0 ? Math.max(0, (Date.parse(manifest.onset) - live.firstAt) / options.speed / 1_000) : 0;
  return {
    workspaceId,
    summary:
      `Demo workspace "demo": Acme Air with ${loaded.stored} mentions of history; the recorded crisis replays at ${options.speed}× ` +
      `and its first post arrives in about ${Math.round(onsetIn)} s.`,
  };
}

interface DemoPerson extends PersonInput {
  key: string;
  roles?: string[];
  deputyOf?: string[];
}

/**
 * A small crisis team (data/demo/team.json): every standard role held, one deputy on leave, two
 * ambassadors, so the playbooks have someone to assign and notify. Runs once, when the workspace is made.
 */
async function seedTeam(ctx: AppContext, workspaceId: string): Promise<void> {
  const actor = systemActor('demo');
  const team = readJson<{ people: DemoPerson[]; ambassadors: AmbassadorInput[] }>('team.json');
  for (const { key: _key, roles = [], deputyOf = [], ...input } of team.people) {
    const person = await ctx.team.createPerson(actor, workspaceId, input);
    for (const role of roles) await ctx.team.addHolder(actor, workspaceId, role, person.id, 'primary');
    for (const role of deputyOf) await ctx.team.addHolder(actor, workspaceId, role, person.id, 'deputy');
  }
  for (const ambassador of team.ambassadors) await ctx.team.createAmbassador(actor, workspaceId, ambassador);
}

/** Writes the history and live parts of the recorded stream into the data directory. */
function splitStream(dataDir: string, manifest: Manifest) {
  const liveFrom = Date.parse(manifest.liveFrom);
  const lines = readFileSync(join(demoDir, manifest.stream), 'utf8').split('\n').filter(Boolean);
  const at = (line: string) => Date.parse((JSON.parse(line) as { createdAt: string }).createdAt);
  const split = lines.findIndex((line) => at(line) >= liveFrom);
  const cut = split < 0 ? lines.length : split;
  const dir = join(dataDir, 'demo');
  mkdirSync(dir, { recursive: true });
  const write = (name: string, part: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, part.length ? `${part.join('\n')}\n` : '');
    return {
      file,
      firstAt: part.length ? at(part[0]!) : liveFrom,
      lastAt: part.length ? at(part.at(-1)!) : liveFrom,
    };
  };
  return {
    history: write('history.jsonl', lines.slice(0, cut)),
    live: write('live.jsonl', lines.slice(cut)),
  };
}
