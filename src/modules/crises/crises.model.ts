/**
 * Crisis rules without I/O: the status machine (SPEC.md: detected → triage → responding → monitoring →
 * resolved → reviewed), the shapes the service works with, and what the crises module needs from the
 * team and playbook modules (structural, so either side can evolve without an import cycle).
 */
import { z } from 'zod';
import type { CrisisStatus, CrisisType, Severity } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';

export const crisisStatuses = [
  'detected',
  'triage',
  'responding',
  'monitoring',
  'resolved',
  'reviewed',
] as const satisfies readonly CrisisStatus[];

export const crisisTypes = [
  'self_inflicted',
  'technical_error',
  'disinformation_attack',
  'external_force',
  'unknown',
] as const satisfies readonly CrisisType[];

/**
 * Where a crisis may go from each status. Forward along the lifecycle, with three honest shortcuts:
 * a false alarm is resolved straight from detected/triage, a crisis that flares up again goes from
 * monitoring back to responding, and a resolved crisis can be reopened (responding) until it is reviewed.
 * `reviewed` is final: the post-crisis review is the record.
 */
export const transitions: Record<CrisisStatus, readonly CrisisStatus[]> = {
  detected: ['triage', 'responding', 'resolved'],
  triage: ['responding', 'monitoring', 'resolved'],
  responding: ['monitoring', 'resolved'],
  monitoring: ['responding', 'resolved'],
  resolved: ['reviewed', 'responding'],
  reviewed: [],
};

/** Throws a conflict that names the allowed next statuses when `from → to` is not a legal move. */
export function checkTransition(from: CrisisStatus, to: CrisisStatus): void {
  const allowed = transitions[from];
  if (allowed.includes(to)) return;
  const next = allowed.length ? `it can go to ${allowed.join(', ')}` : 'it is final';
  throw errors.conflict(
    from === to ? `The crisis is already ${from}.` : `A crisis cannot go from ${from} to ${to}: ${next}.`,
  );
}

export type CrisisOrigin = 'manual' | 'alert' | 'mention';

export interface Assignment {
  role: string;
  personId: string;
  name: string;
}

export const taskStatuses = ['open', 'in_progress', 'done', 'skipped'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/**
 * Template variable names: the template engine's rule, plus an optional language (`incident_summary:he`)
 * for a value that only that language's text uses (src/domain/template.ts variablesForLang).
 */
export const variableName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*(:[a-z]{2,3}(-[A-Za-z0-9]{2,8})?)?$/,
    'a variable name is lower-case letters, digits and _, optionally with a language: incident_summary:he',
  )
  .max(64);
export const roleKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'a role key is lower-case letters, digits and _')
  .max(64);

/** A mention is identified by its source and the id the source gave it (domain/mention.ts). */
export interface MentionRef {
  source: string;
  externalId: string;
}
export const mentionRefSchema = z.object({
  source: z.string().min(1).max(64),
  externalId: z.string().min(1).max(512),
});
export const mentionRefKey = (m: MentionRef) => `${m.source}:${m.externalId}`;
export function parseMentionRefKey(key: string): MentionRef {
  const at = key.indexOf(':');
  return { source: key.slice(0, at), externalId: key.slice(at + 1) };
}

// ---- What the crises module needs from the team and playbook modules (P's contract in CRISIS.md) ----

export interface TeamPersonLike {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  slack: string | null;
  telegram: string | null;
  userId: string | null;
  roles: string[];
  available: boolean;
}

export interface TeamDirectory {
  peopleForRole(workspaceId: string, roleKey: string): Promise<TeamPersonLike[]>;
  rolesOfUser(workspaceId: string, userId: string): Promise<string[]>;
}

export type PlaybookStepKind =
  | 'task'
  | 'notify_people'
  | 'notify_ambassadors'
  | 'draft_statement'
  | 'approval'
  | 'publish'
  | 'check_metric';

export interface PlaybookStepLike {
  id: string;
  title: string;
  kind: PlaybookStepKind;
  owner: string;
  dueMinutes: number;
  details?: string;
  statement?: string;
  notify?: string[];
}

export interface StatementTemplateLike {
  channel: string;
  lang: string;
  title?: string;
  body: string;
}

export interface PlaybookStatementLike {
  kind: string;
  approvals: string[];
  templates: StatementTemplateLike[];
}

export interface PlaybookSpecLike {
  key: string;
  name: string;
  steps: PlaybookStepLike[];
  statements: PlaybookStatementLike[];
  compensation?: Array<{ id: string; description: string }>;
}

export interface StoredPlaybookLike {
  id: string;
  workspaceId: string;
  key: string;
  version: number;
  spec: PlaybookSpecLike;
}

export interface PlaybookCatalog {
  choose(
    workspaceId: string,
    q: { type: CrisisType; category: string | null; severity: Severity },
  ): Promise<StoredPlaybookLike | null>;
  get(workspaceId: string, key: string, version?: number): Promise<StoredPlaybookLike | null>;
}

/** Due time of a playbook step: crisis start + its offset. */
export const dueAt = (openedAt: number, dueMinutes: number) => openedAt + Math.round(dueMinutes * 60_000);
