/**
 * Statement rules without I/O: the wording of one version (a variant per channel and language), the
 * variables still missing in it, the approval state of a version and whether it may be published, and
 * word diffs between versions.
 */
import { diffWords } from 'diff';
import { z } from 'zod';
import { errors } from '../../domain/errors.ts';
import { checkTemplate, MAX_TEMPLATE_LENGTH, templateVariables } from '../../domain/template.ts';

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

export const variantSchema = z.object({
  channel: z.enum(statementChannels),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language code such as en, he, ru, zh or pt-BR')
    .max(16),
  title: z.string().max(300).nullable().default(null),
  body: z.string().min(1).max(MAX_TEMPLATE_LENGTH),
});
export type Variant = z.infer<typeof variantSchema>;

export const sameSlot = (a: { channel: string; lang: string }, b: { channel: string; lang: string }) =>
  a.channel === b.channel && a.lang === b.lang;

/**
 * The variables a version still needs. Text that is not a valid logic-less template (a section, a
 * partial, an unclosed tag) is refused: it would be published with the tag visible.
 */
export function missingVariables(variants: Variant[]): string[] {
  const missing = new Set<string>();
  for (const v of variants) {
    for (const [field, text] of [
      ['title', v.title ?? ''],
      ['body', v.body],
    ] as const) {
      const problems = checkTemplate(text);
      if (problems.length) {
        const p = problems[0]!;
        throw errors.validation(
          `The ${field} of the ${v.channel}/${v.lang} text has a tag that is not a variable at ${p.at}: ${p.message}.`,
          { channel: v.channel, lang: v.lang, field, problems },
        );
      }
      for (const name of templateVariables(text)) missing.add(name);
    }
  }
  return [...missing];
}

export interface ApprovalRecord {
  role: string;
  version: number;
  userId: string;
  approver: string;
  comment: string | null;
  at: number;
}

export type StatementState = 'draft' | 'in_review' | 'approved' | 'published';

export interface ReadinessReport {
  /** Required approval roles not yet given for this exact version. */
  missingApprovals: string[];
  /** Variables still unfilled in this version's text. */
  missingVariables: string[];
  ready: boolean;
}

export function readiness(
  required: string[],
  approvals: ApprovalRecord[],
  version: number,
  missing: string[],
): ReadinessReport {
  const given = new Set(approvals.filter((a) => a.version === version).map((a) => a.role));
  const missingApprovals = required.filter((r) => !given.has(r));
  return { missingApprovals, missingVariables: missing, ready: !missingApprovals.length && !missing.length };
}

export function stateOf(
  current: number,
  published: number | null,
  report: ReadinessReport,
  approvalsOnCurrent: number,
): StatementState {
  if (published === current) return 'published';
  if (!report.missingApprovals.length) return 'approved';
  return approvalsOnCurrent ? 'in_review' : 'draft';
}

/**
 * Which approval slots a caller fills: the one named, or every required slot they hold that is still open
 * on this version. Throws with a message that names the roles when the caller may not approve.
 */
export function slotsToApprove(
  required: string[],
  held: string[],
  approvedOnVersion: string[],
  wanted?: string,
): string[] {
  if (wanted) {
    if (!required.includes(wanted)) {
      throw errors.badRequest(
        `This statement does not need the approval of "${wanted}"; it needs ${required.join(', ')}.`,
      );
    }
    if (!held.includes(wanted)) {
      throw errors.forbidden(
        `Approving as "${wanted}" needs that crisis role in the team; you hold ${held.length ? held.join(', ') : 'no crisis role'}.`,
      );
    }
    if (approvedOnVersion.includes(wanted)) {
      throw errors.conflict(`"${wanted}" already approved this version.`);
    }
    return [wanted];
  }
  const mine = required.filter((r) => held.includes(r));
  if (!mine.length) {
    throw errors.forbidden(
      `This statement needs the approval of ${required.join(', ')}; you hold ${held.length ? held.join(', ') : 'no crisis role'} in the team.`,
    );
  }
  const open = mine.filter((r) => !approvedOnVersion.includes(r));
  if (!open.length) throw errors.conflict(`You already approved this version as ${mine.join(', ')}.`);
  return open;
}

export interface VariantDiff {
  channel: string;
  lang: string;
  change: 'added' | 'removed' | 'changed' | 'same';
  /** Word-level parts: text with added/removed flags (absent when the variant is the same). */
  parts?: Array<{ value: string; added?: boolean; removed?: boolean }>;
}

const segmenters = new Map<string, Intl.Segmenter>();
/** Word boundaries of the language (Hebrew, Russian, Chinese without spaces…), not only Latin ones. */
function segmenter(lang: string): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    try {
      s = new Intl.Segmenter(lang, { granularity: 'word' });
    } catch {
      s = new Intl.Segmenter('en', { granularity: 'word' });
    }
    segmenters.set(lang, s);
  }
  return s;
}

export function diffVersions(from: Variant[], to: Variant[]): VariantDiff[] {
  const out: VariantDiff[] = [];
  for (const b of to) {
    const a = from.find((x) => sameSlot(x, b));
    const textOf = (v: Variant | undefined) => (v ? `${v.title ? `${v.title}\n\n` : ''}${v.body}` : '');
    if (!a) {
      out.push({
        channel: b.channel,
        lang: b.lang,
        change: 'added',
        parts: [{ value: textOf(b), added: true }],
      });
      continue;
    }
    if (textOf(a) === textOf(b)) {
      out.push({ channel: b.channel, lang: b.lang, change: 'same' });
      continue;
    }
    const parts = diffWords(textOf(a), textOf(b), { intlSegmenter: segmenter(b.lang) }).map((p) => ({
      value: p.value,
      ...(p.added ? { added: true } : {}),
      ...(p.removed ? { removed: true } : {}),
    }));
    out.push({ channel: b.channel, lang: b.lang, change: 'changed', parts });
  }
  for (const a of from) {
    if (!to.some((b) => sameSlot(a, b))) {
      out.push({
        channel: a.channel,
        lang: a.lang,
        change: 'removed',
        parts: [{ value: a.body, removed: true }],
      });
    }
  }
  return out;
}

export const kindTitles: Record<string, string> = {
  holding: 'Holding statement',
  update: 'Update',
  final: 'Statement',
  internal: 'Internal note',
};

/** The variant the public and the inbox see for a language: the site text, else the first public one. */
export function publicVariant(variants: Variant[], lang?: string, channel?: string): Variant | undefined {
  const pub = variants.filter((v) => v.channel !== 'internal');
  const inLang = lang ? pub.filter((v) => v.lang === lang) : [];
  const pool = inLang.length ? inLang : pub.filter((v) => v.lang === pub[0]?.lang);
  return (
    (channel ? pool.find((v) => v.channel === channel) : undefined) ??
    pool.find((v) => v.channel === 'site') ??
    pool[0]
  );
}

/** Languages of the public variants, in order of first appearance. */
export function publicLanguages(variants: Variant[]): string[] {
  return [...new Set(variants.filter((v) => v.channel !== 'internal').map((v) => v.lang))];
}
