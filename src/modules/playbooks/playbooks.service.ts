/**
 * Playbooks: versioned scenario plans per workspace. A version is the YAML a PR team reviewed, stored
 * verbatim beside its validated spec; importing a changed file under the same key makes the next
 * version, importing the same text again makes none. `choose` and `get` are what the crises module
 * reads (CRISIS.md contract). Every write is audited in the same transaction.
 */

import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import type { Kysely } from 'kysely';
import type { CrisisType, Severity } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import {
  describeProblem,
  type PlaybookProblem,
  type PlaybookSpec,
  type PlaybookValidation,
  parsePlaybookYaml,
  playbookFit,
  type StoredPlaybook,
} from '../../domain/playbook.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { LibraryFile } from './library.ts';
import type { PlaybooksTable } from './playbooks.tables.ts';

export interface PlaybooksServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** The default library files (playbooks/*.yaml). */
  library: () => LibraryFile[];
  /** Declares the custom roles a playbook uses in the team, so people can be given them. */
  declareRoles?: (
    actor: Actor,
    workspaceId: string,
    roles: Array<{ key: string; name: string; description?: string }>,
  ) => Promise<unknown>;
}

export interface PlaybookSummary {
  key: string;
  name: string;
  description: string;
  version: number;
  appliesTo: PlaybookSpec['appliesTo'];
  steps: number;
  languages: string[];
  origin: string;
  createdAt: number;
  createdBy: string;
}

export interface PlaybookVersionView {
  id: string;
  key: string;
  version: number;
  name: string;
  origin: string;
  createdAt: number;
  createdBy: string;
}

export interface ImportResult {
  playbook: StoredPlaybook;
  /** False when the same text was already the latest version (nothing was written). */
  created: boolean;
}

export interface InstallReport {
  installed: Array<{ file: string; key: string; version: number }>;
  unchanged: Array<{ file: string; key: string; version: number }>;
  /** The workspace has its own (imported) latest version of this key: the library does not overwrite it. */
  customised: Array<{ file: string; key: string; version: number }>;
  invalid: Array<{ file: string; problems: PlaybookProblem[] }>;
}

export type PlaybooksService = ReturnType<typeof createPlaybooksService>;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** CRLF → LF, so the same file checked out on Windows is the same version. */
export const normaliseSource = (s: string) => s.replace(/\r\n?/g, '\n');

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || /UNIQUE constraint failed/i.test(err?.message ?? '');
};

function stored(r: PlaybooksTable): StoredPlaybook {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    key: r.key,
    version: Number(r.version),
    spec: JSON.parse(r.spec) as PlaybookSpec,
    createdAt: Number(r.created_at),
  };
}

export function createPlaybooksService(deps: PlaybooksServiceDeps) {
  const { db, clock } = deps;

  async function row(
    workspaceId: string,
    key: string,
    version?: number,
  ): Promise<PlaybooksTable | undefined> {
    let q = db
      .selectFrom('playbooks')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('key', '=', key);
    if (version !== undefined) q = q.where('version', '=', version);
    return q.orderBy('version', 'desc').limit(1).executeTakeFirst();
  }

  async function mustRow(workspaceId: string, key: string, version?: number): Promise<PlaybooksTable> {
    const r = await row(workspaceId, key, version);
    if (!r)
      throw errors.notFound(
        version === undefined ? `Playbook "${key}"` : `Playbook "${key}" version ${version}`,
      );
    return r;
  }

  /** The latest version of every key. */
  async function latestRows(workspaceId: string): Promise<PlaybooksTable[]> {
    const rows = await db
      .selectFrom('playbooks')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('key')
      .orderBy('version', 'desc')
      .execute();
    const latest = new Map<string, PlaybooksTable>();
    for (const r of rows) if (!latest.has(r.key)) latest.set(r.key, r);
    return [...latest.values()];
  }

  function invalid(problems: PlaybookProblem[]) {
    const first = problems.slice(0, 3).map(describeProblem).join('; ');
    return errors.validation(
      `The playbook has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${first}${problems.length > 3 ? '; …' : ''}`,
      { problems },
    );
  }

  const service = {
    // ---- contract (CRISIS.md) ----

    /** A version of a playbook (the latest when `version` is omitted), or null. */
    async get(workspaceId: string, key: string, version?: number): Promise<StoredPlaybook | null> {
      const r = await row(workspaceId, key, version);
      return r ? stored(r) : null;
    },

    /**
     * The playbook that fits a crisis best, among the latest versions: it must apply (type, category,
     * severity floor) and the most specific wins (a category match over a type match over a catch-all).
     */
    async choose(
      workspaceId: string,
      q: { type: CrisisType; category: string | null; severity: Severity },
    ): Promise<StoredPlaybook | null> {
      let best: { p: StoredPlaybook; fit: number } | null = null;
      for (const r of await latestRows(workspaceId)) {
        const p = stored(r);
        const fit = playbookFit(p.spec, q);
        if (fit !== null && (!best || fit > best.fit)) best = { p, fit };
      }
      return best?.p ?? null;
    },

    // ---- reading ----

    async list(workspaceId: string): Promise<PlaybookSummary[]> {
      return (await latestRows(workspaceId)).map((r) => {
        const spec = JSON.parse(r.spec) as PlaybookSpec;
        const languages = new Set<string>();
        for (const s of spec.statements) for (const t of s.templates) languages.add(t.lang);
        return {
          key: r.key,
          name: spec.name,
          description: spec.description,
          version: Number(r.version),
          appliesTo: spec.appliesTo,
          steps: spec.steps.length,
          languages: [...languages],
          origin: r.origin,
          createdAt: Number(r.created_at),
          createdBy: r.created_by,
        };
      });
    },

    async versions(workspaceId: string, key: string): Promise<PlaybookVersionView[]> {
      const rows = await db
        .selectFrom('playbooks')
        .select(['id', 'key', 'version', 'name', 'origin', 'created_at', 'created_by'])
        .where('workspace_id', '=', workspaceId)
        .where('key', '=', key)
        .orderBy('version', 'desc')
        .execute();
      if (!rows.length) throw errors.notFound(`Playbook "${key}"`);
      return rows.map((r) => ({
        id: r.id,
        key: r.key,
        version: Number(r.version),
        name: r.name,
        origin: r.origin,
        createdAt: Number(r.created_at),
        createdBy: r.created_by,
      }));
    },

    /** Like `get`, but a missing playbook is a 404. */
    async find(workspaceId: string, key: string, version?: number): Promise<StoredPlaybook> {
      return stored(await mustRow(workspaceId, key, version));
    },

    /** The YAML of a version exactly as it was imported: what the PR team reviewed. */
    async exportYaml(
      workspaceId: string,
      key: string,
      version?: number,
    ): Promise<{ version: number; yaml: string }> {
      const r = await mustRow(workspaceId, key, version);
      return { version: Number(r.version), yaml: r.source };
    },

    /**
     * A unified diff of the YAML of two versions (default: the one before `to`, and the latest), the way
     * a reviewer reads a pull request.
     */
    async diff(
      workspaceId: string,
      key: string,
      range: { from?: number; to?: number },
    ): Promise<{ key: string; from: number; to: number; diff: string }> {
      const to = await mustRow(workspaceId, key, range.to);
      const toVersion = Number(to.version);
      const fromVersion = range.from ?? Math.max(1, toVersion - 1);
      const from = await mustRow(workspaceId, key, fromVersion);
      const diff = createTwoFilesPatch(
        `${key}.v${fromVersion}.yaml`,
        `${key}.v${toVersion}.yaml`,
        from.source,
        to.source,
        undefined,
        undefined,
        { context: 3 },
      );
      return { key, from: fromVersion, to: toVersion, diff };
    },

    // ---- writing ----

    validate(source: string): PlaybookValidation {
      return parsePlaybookYaml(normaliseSource(source));
    },

    /**
     * Validates, then stores the file as the next version of its key — unless the latest version has the
     * same text, in which case nothing is written. Refused with every problem (400) when invalid.
     */
    async importYaml(
      actor: Actor,
      workspaceId: string,
      source: string,
      origin: 'import' | 'library' = 'import',
    ): Promise<ImportResult> {
      const text = normaliseSource(source);
      const checked = parsePlaybookYaml(text);
      if (!checked.ok) throw invalid(checked.problems);
      const spec = checked.spec;
      const hash = sha256(text);
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await db.transaction().execute(async (trx) => {
            const latest = await trx
              .selectFrom('playbooks')
              .selectAll()
              .where('workspace_id', '=', workspaceId)
              .where('key', '=', spec.key)
              .orderBy('version', 'desc')
              .limit(1)
              .executeTakeFirst();
            if (latest && latest.source_sha256 === hash) return { playbook: stored(latest), created: false };
            const now = clock.now();
            const r: PlaybooksTable = {
              id: newId('pbk'),
              workspace_id: workspaceId,
              key: spec.key,
              version: latest ? Number(latest.version) + 1 : 1,
              name: spec.name,
              spec: JSON.stringify(spec),
              source: text,
              source_sha256: hash,
              origin,
              created_by: actor.label,
              created_at: now,
            };
            await trx.insertInto('playbooks').values(r).execute();
            await recordAudit(trx, actor, now, {
              workspaceId,
              action: 'playbook.import',
              subjectType: 'playbook',
              subjectId: r.id,
              before: latest ? { key: latest.key, version: Number(latest.version) } : undefined,
              after: { key: r.key, version: r.version, origin, sha256: hash },
            });
            return { playbook: stored(r), created: true };
          });
          if (result.created && spec.roles.length) await deps.declareRoles?.(actor, workspaceId, spec.roles);
          return result;
        } catch (error) {
          // Two imports of the same key at once: the loser takes the next number.
          if (attempt < 3 && isUniqueViolation(error)) continue;
          throw error;
        }
      }
    },

    /**
     * Installs the default library: each valid file is imported (a file already installed with the same
     * text is left alone); invalid files are reported, not installed, and do not stop the others.
     */
    async installDefaults(actor: Actor, workspaceId: string): Promise<InstallReport> {
      const report: InstallReport = { installed: [], unchanged: [], customised: [], invalid: [] };
      for (const f of deps.library()) {
        const checked = service.validate(f.source);
        if (!checked.ok) {
          report.invalid.push({ file: f.file, problems: checked.problems });
          continue;
        }
        const latest = await row(workspaceId, checked.spec.key);
        if (latest && latest.origin !== 'library') {
          report.customised.push({ file: f.file, key: latest.key, version: Number(latest.version) });
          continue;
        }
        const r = await service.importYaml(actor, workspaceId, f.source, 'library');
        (r.created ? report.installed : report.unchanged).push({
          file: f.file,
          key: r.playbook.key,
          version: r.playbook.version,
        });
      }
      return report;
    },
  };
  return service;
}
