/**
 * A playbook file: the scenario plan a PR team writes in advance and reviews in a pull request (YAML),
 * its zod schema, the cross-field rules zod cannot express (known roles, existing statement kinds,
 * logic-less templates with known variables), problems named by their path (and line) in the file, and
 * the canonical YAML form (`playbookToYaml`) so a file written in that form round-trips unchanged.
 *
 * Pure: no I/O. docs/PLAYBOOKS.md is the reference for the format.
 */
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import type { CrisisType, Severity } from './entities.ts';
import { checkTemplate, templateVariables } from './template.ts';

export const standardCrisisRoles = [
  'crisis_lead',
  'spokesperson',
  'legal',
  'it_security',
  'social_media',
  'customer_service',
  'marketing',
  'executive_sponsor',
] as const;
export type StandardCrisisRole = (typeof standardCrisisRoles)[number];

export const playbookCrisisTypes = [
  'self_inflicted',
  'technical_error',
  'disinformation_attack',
  'external_force',
  'unknown',
] as const satisfies readonly CrisisType[];

export const stepKinds = [
  'task',
  'notify_people',
  'notify_ambassadors',
  'draft_statement',
  'approval',
  'publish',
  'check_metric',
] as const;
export type StepKind = (typeof stepKinds)[number];
/** Step kinds that act on one of the playbook's statements and must name it. */
export const statementStepKinds: readonly StepKind[] = ['draft_statement', 'approval', 'publish'];

export const statementChannels = [
  'site',
  'x',
  'facebook',
  'instagram',
  'vk',
  'telegram',
  'email',
  'internal',
] as const;
export type StatementChannel = (typeof statementChannels)[number];

/** The usual statement kinds; a playbook may use others (a key like `recall_notice`). */
export const standardStatementKinds = ['holding', 'update', 'final', 'internal'] as const;

/** Variables every template may use (the crisis fills them); a playbook declares any others it uses. */
export const standardTemplateVariables = [
  'brand',
  'incident_summary',
  'statement_url',
  'crisis_title',
  'date',
  'contact_email',
  'compensation',
] as const;

export const MAX_PLAYBOOK_BYTES = 512 * 1024;

const keyPattern = /^[a-z][a-z0-9_]*$/;
const key = (what: string) =>
  z.string().max(64).regex(keyPattern, `${what} is lower-case letters, digits and _, starting with a letter`);
// Text is kept exactly as written (no trimming), so what was reviewed is what is stored and exported.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, 'must not be empty');

/** `T+15m`, `T+2h`, `T+1d`, `T+1h30m`, `T+0`: minutes after the crisis opened. */
const AT = /^T\+(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;
export function parseAt(at: string): number | null {
  const m = AT.exec(at.replace(/\s+/g, ''));
  if (!m) return at.replace(/\s+/g, '') === 'T+0' ? 0 : null;
  if (!m[1] && !m[2] && !m[3]) return null;
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
/** The canonical `at` of a number of minutes: the largest units that divide it exactly. */
export function formatAt(minutes: number): string {
  if (minutes === 0) return 'T+0m';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return `T+${d ? `${d}d` : ''}${h ? `${h}h` : ''}${m ? `${m}m` : ''}`;
}

const MAX_DUE_MINUTES = 60 * 24 * 90;

const stepFileSchema = z
  .strictObject({
    id: key('a step id'),
    title: text(300),
    kind: z.enum(stepKinds),
    owner: key('an owner role'),
    at: z.string().max(20).optional(),
    dueMinutes: z.number().int().min(0).max(MAX_DUE_MINUTES).optional(),
    statement: key('a statement kind').optional(),
    notify: z.array(key('a role')).max(20).optional(),
    details: text(5_000).optional(),
  })
  .transform((s, c) => {
    let dueMinutes = s.dueMinutes;
    if (s.at !== undefined && s.dueMinutes !== undefined) {
      c.addIssue({ code: 'custom', path: ['at'], message: 'write either at or dueMinutes, not both' });
    } else if (s.at !== undefined) {
      const parsed = parseAt(s.at);
      if (parsed === null || parsed > MAX_DUE_MINUTES) {
        c.addIssue({
          code: 'custom',
          path: ['at'],
          message: `"${s.at}" is not a time after the crisis start such as T+15m, T+2h, T+1d (at most 90 days)`,
        });
      } else dueMinutes = parsed;
    } else if (dueMinutes === undefined) {
      c.addIssue({
        code: 'custom',
        path: ['at'],
        message: 'a step needs a deadline: at: T+15m (or dueMinutes)',
      });
    }
    const { at: _at, dueMinutes: _d, ...rest } = s;
    return { ...rest, dueMinutes: dueMinutes ?? 0 };
  });

const templateSchema = z.strictObject({
  channel: z.enum(statementChannels),
  lang: z
    .string()
    .max(20)
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language is a code such as en, he, ru, zh, pt-BR'),
  title: text(300).optional(),
  body: text(20_000),
});

const statementSchema = z.strictObject({
  kind: key('a statement kind'),
  approvals: z.array(key('a role')).max(20).default([]),
  templates: z.array(templateSchema).min(1, 'a statement needs at least one template').max(200),
});

export const playbookFileSchema = z.strictObject({
  key: z
    .string()
    .max(64)
    .regex(/^[a-z][a-z0-9_-]*$/, 'a playbook key is lower-case letters, digits, - and _'),
  name: text(200),
  description: text(5_000),
  appliesTo: z
    .strictObject({
      crisisTypes: z.array(z.enum(playbookCrisisTypes)).max(5).default([]),
      categories: z.array(key('a category id')).max(50).default([]),
      minSeverity: z.number().int().min(1).max(4).default(1),
    })
    .default({ crisisTypes: [], categories: [], minSeverity: 1 }),
  roles: z
    .array(z.strictObject({ key: key('a role key'), name: text(100), description: text(1_000).optional() }))
    .max(50)
    .default([]),
  variables: z
    .array(z.strictObject({ name: key('a variable name'), description: text(1_000).optional() }))
    .max(50)
    .default([]),
  steps: z.array(stepFileSchema).min(1, 'a playbook needs at least one step').max(200),
  statements: z.array(statementSchema).max(50).default([]),
  replies: z
    .array(z.strictObject({ lang: templateSchema.shape.lang, body: text(5_000) }))
    .max(100)
    .default([]),
  compensation: z
    .array(z.strictObject({ id: key('a compensation id'), description: text(2_000) }))
    .max(50)
    .default([]),
});

/** A validated playbook as the API and the crises module see it (deadlines in minutes). */
export type PlaybookSpec = z.output<typeof playbookFileSchema>;
export type PlaybookStep = PlaybookSpec['steps'][number];
export type PlaybookStatement = PlaybookSpec['statements'][number];
export type PlaybookTemplate = PlaybookStatement['templates'][number];

export interface StoredPlaybook {
  id: string;
  workspaceId: string;
  key: string;
  version: number;
  spec: PlaybookSpec;
  createdAt: number;
}

export interface PlaybookProblem {
  /** Where in the file: `statements[0].templates[3].body`; empty for the whole file. */
  path: string;
  /** 1-based line in the YAML text, when known. */
  line?: number;
  message: string;
}

export type PlaybookValidation =
  | { ok: true; spec: PlaybookSpec; problems: [] }
  | { ok: false; problems: PlaybookProblem[] };

export const formatPath = (path: ReadonlyArray<PropertyKey>) =>
  path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)),
    '',
  );

/** `statements[0].templates[3].body (line 42): sections … at 12` */
export const describeProblem = (p: PlaybookProblem) =>
  `${p.path || '(file)'}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`;

/** Every problem of an already-parsed document (a JSON body or parsed YAML). */
export function validatePlaybookObject(input: unknown): PlaybookValidation {
  const parsed = playbookFileSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.flatMap((i) =>
        // One problem per unknown key, at the key itself, so a typo (`apliesTo`) points at its line.
        i.code === 'unrecognized_keys'
          ? i.keys.map((k) => ({ path: formatPath([...i.path, k]), message: `unknown key "${k}"` }))
          : [{ path: formatPath(i.path), message: i.message }],
      ),
    };
  }
  const problems = crossCheck(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, spec: parsed.data, problems: [] };
}

/** Rules across fields: unique ids, known roles and statement kinds, valid templates with known variables. */
function crossCheck(spec: PlaybookSpec): PlaybookProblem[] {
  const problems: PlaybookProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const duplicates = <T>(items: T[], id: (t: T) => string, path: (i: number) => string, what: string) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const k = id(item);
      const first = seen.get(k);
      if (first !== undefined) add(path(i), `${what} "${k}" is already used at index ${first}`);
      else seen.set(k, i);
    });
  };

  const standard = new Set<string>(standardCrisisRoles);
  spec.roles.forEach((r, i) => {
    if (standard.has(r.key)) add(`roles[${i}].key`, `"${r.key}" is a standard role; do not declare it`);
  });
  duplicates(
    spec.roles,
    (r) => r.key,
    (i) => `roles[${i}].key`,
    'the role',
  );
  const roles = new Set<string>([...standardCrisisRoles, ...spec.roles.map((r) => r.key)]);
  const roleHint = `a standard role (${standardCrisisRoles.join(', ')}) or one declared under roles`;
  const checkRole = (role: string, path: string) => {
    if (!roles.has(role)) add(path, `unknown role "${role}": use ${roleHint}`);
  };

  duplicates(
    spec.steps,
    (s) => s.id,
    (i) => `steps[${i}].id`,
    'the step id',
  );
  duplicates(
    spec.statements,
    (s) => s.kind,
    (i) => `statements[${i}].kind`,
    'the statement kind',
  );
  duplicates(
    spec.replies,
    (r) => r.lang,
    (i) => `replies[${i}].lang`,
    'a reply for the language',
  );
  duplicates(
    spec.compensation,
    (c) => c.id,
    (i) => `compensation[${i}].id`,
    'the compensation id',
  );
  duplicates(
    spec.variables,
    (v) => v.name,
    (i) => `variables[${i}].name`,
    'the variable',
  );
  spec.variables.forEach((v, i) => {
    if ((standardTemplateVariables as readonly string[]).includes(v.name)) {
      add(`variables[${i}].name`, `"${v.name}" is a standard variable; do not declare it`);
    }
  });

  const kinds = new Set(spec.statements.map((s) => s.kind));
  let previousDue = -1;
  spec.steps.forEach((step, i) => {
    checkRole(step.owner, `steps[${i}].owner`);
    step.notify?.forEach((r, j) => {
      checkRole(r, `steps[${i}].notify[${j}]`);
    });
    if (statementStepKinds.includes(step.kind)) {
      if (!step.statement)
        add(`steps[${i}].statement`, `a ${step.kind} step names the statement kind it acts on`);
    }
    if (step.statement && !kinds.has(step.statement)) {
      add(
        `steps[${i}].statement`,
        `no statement of kind "${step.statement}" in this playbook (statements: ${[...kinds].join(', ') || 'none'})`,
      );
    }
    if (step.kind === 'notify_people' && !step.notify?.length) {
      add(`steps[${i}].notify`, 'a notify_people step lists the roles to notify');
    }
    if (step.dueMinutes < previousDue) {
      add(
        `steps[${i}].at`,
        'steps are listed in order of their deadline; this one is due before the previous step',
      );
    }
    previousDue = Math.max(previousDue, step.dueMinutes);
  });

  const variables = new Set<string>([...standardTemplateVariables, ...spec.variables.map((v) => v.name)]);
  const checkText = (template: string, path: string) => {
    const found = checkTemplate(template);
    for (const p of found) add(path, `${p.message} at ${p.at}`);
    if (found.length) return;
    for (const v of templateVariables(template)) {
      if (!variables.has(v)) {
        add(
          path,
          `unknown variable {{${v}}}: use ${standardTemplateVariables.join(', ')} or declare it under variables`,
        );
      }
    }
  };
  spec.statements.forEach((s, i) => {
    s.approvals.forEach((r, j) => {
      checkRole(r, `statements[${i}].approvals[${j}]`);
    });
    duplicates(
      s.approvals,
      (r) => r,
      (j) => `statements[${i}].approvals[${j}]`,
      'the approval role',
    );
    duplicates(
      s.templates,
      (t) => `${t.channel}/${t.lang}`,
      (j) => `statements[${i}].templates[${j}]`,
      'a template for channel/language',
    );
    s.templates.forEach((t, j) => {
      if (t.title !== undefined) checkText(t.title, `statements[${i}].templates[${j}].title`);
      checkText(t.body, `statements[${i}].templates[${j}].body`);
    });
  });
  spec.replies.forEach((r, i) => {
    checkText(r.body, `replies[${i}].body`);
  });
  spec.compensation.forEach((c, i) => {
    checkText(c.description, `compensation[${i}].description`);
  });
  return problems;
}

/**
 * Validates a YAML file: syntax errors with their line, then every schema and cross-field problem with
 * its path and line. Nothing stops at the first problem: the author sees them all at once.
 */
export function parsePlaybookYaml(source: string): PlaybookValidation {
  if (Buffer.byteLength(source, 'utf8') > MAX_PLAYBOOK_BYTES) {
    return {
      ok: false,
      problems: [{ path: '', message: `a playbook file may be at most ${MAX_PLAYBOOK_BYTES} bytes` }],
    };
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path: '',
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
  // Aliases and custom tags have no place in a reviewed plan; refuse them rather than expand them.
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: '', message: `aliases (*name) are not allowed: ${(error as Error).message}` }],
    };
  }
  const result = validatePlaybookObject(data);
  if (result.ok) return result;
  for (const p of result.problems) p.line = lineOf(doc, lines, p.path);
  result.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return result;
}

/** The line of the deepest node of the document that exists along a problem path. */
function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, path: string): number | undefined {
  const parts = path.match(/[^.[\]]+/g) ?? [];
  let node: unknown = doc.contents;
  let line: number | undefined;
  const lineOfNode = (n: unknown) => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    return range ? lines.linePos(range[0]).line : undefined;
  };
  line = lineOfNode(node);
  for (const part of parts) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === part);
      if (!pair) break;
      line = lineOfNode(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(part)];
      if (!node) break;
      line = lineOfNode(node) ?? line;
    } else break;
  }
  return line;
}

/**
 * The canonical YAML of a playbook: fixed key order, `at: T+…` deadlines, block scalars for multi-line
 * text, defaults left out. A file written in this form round-trips (YAML → API → YAML) byte for byte.
 */
export function playbookToYaml(spec: PlaybookSpec): string {
  const omitEmpty = <T>(items: T[]) => (items.length ? items : undefined);
  const ordered = {
    key: spec.key,
    name: spec.name,
    description: spec.description,
    appliesTo: {
      crisisTypes: spec.appliesTo.crisisTypes,
      categories: spec.appliesTo.categories,
      minSeverity: spec.appliesTo.minSeverity,
    },
    roles: omitEmpty(spec.roles.map((r) => ({ key: r.key, name: r.name, description: r.description }))),
    variables: omitEmpty(spec.variables.map((v) => ({ name: v.name, description: v.description }))),
    steps: spec.steps.map((s) => ({
      id: s.id,
      at: formatAt(s.dueMinutes),
      kind: s.kind,
      owner: s.owner,
      title: s.title,
      statement: s.statement,
      notify: s.notify,
      details: s.details,
    })),
    statements: omitEmpty(
      spec.statements.map((s) => ({
        kind: s.kind,
        approvals: s.approvals,
        templates: s.templates.map((t) => ({
          channel: t.channel,
          lang: t.lang,
          title: t.title,
          body: t.body,
        })),
      })),
    ),
    replies: omitEmpty(spec.replies.map((r) => ({ lang: r.lang, body: r.body }))),
    compensation: omitEmpty(spec.compensation.map((c) => ({ id: c.id, description: c.description }))),
  };
  const doc = new Document(ordered, { aliasDuplicateObjects: false });
  // Lists of plain words (roles, types, categories) read best on one line: [legal, spokesperson].
  visit(doc, {
    Seq(_, node) {
      if (
        node.items.every((i) => isScalar(i) && typeof i.value === 'string' && /^[a-z0-9_-]+$/.test(i.value))
      ) {
        node.flow = true;
      }
    },
  });
  return doc.toString({
    lineWidth: 0,
    indent: 2,
    indentSeq: true,
    blockQuote: 'literal',
    flowCollectionPadding: false,
  });
}

/** How well a playbook fits a crisis: null when it does not apply, else higher is more specific. */
export function playbookFit(
  spec: PlaybookSpec,
  q: { type: CrisisType; category: string | null; severity: Severity },
): number | null {
  const a = spec.appliesTo;
  if (q.severity < a.minSeverity) return null;
  if (a.crisisTypes.length && !a.crisisTypes.includes(q.type)) return null;
  if (a.categories.length && (!q.category || !a.categories.includes(q.category))) return null;
  // A named category says more than a crisis type, a type more than nothing; narrower lists and a higher
  // severity floor break ties.
  return (
    (a.categories.length ? 1_000 - a.categories.length : 0) * 100 +
    (a.crisisTypes.length ? 10 - a.crisisTypes.length : 0) * 10 +
    a.minSeverity
  );
}
