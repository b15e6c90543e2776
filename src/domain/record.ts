/**
 * The native record format (docs/RECORD_FORMAT.md): what every source, file import and webhook hands
 * to the pipeline. Validation is strict about what Firebreak relies on and keeps everything else.
 */
import { z } from 'zod';
import type { Mention } from './mention.ts';

export const limits = {
  /** Characters. A 100 KB article must still be accepted. */
  textChars: 200_000,
  titleChars: 2_000,
  urlChars: 4_096,
  idChars: 512,
  handleChars: 512,
  /** Bytes of one JSONL line or CSV row. */
  lineBytes: 1_048_576,
  /** Bytes of the raw attributes kept per mention. */
  rawBytes: 65_536,
} as const;

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const optionalCount = z.preprocess((v) => (v === null || v === '' ? undefined : v), count.optional());

const isoPattern = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const sourcePattern = /^[a-z0-9][a-z0-9_.-]*$/i;

/**
 * Epoch ms of an ISO 8601 date, or NaN. A time without a zone is UTC (never the server's zone, which
 * would make the same file mean different instants on different machines); impossible calendar dates
 * such as 30 February are refused instead of rolling over into March.
 */
export function parseIsoDate(text: string): number {
  const s = text.trim();
  const m = isoPattern.exec(s);
  if (!m) return Number.NaN;
  const hasTime = m[1] !== undefined;
  const t = Date.parse(m[4] ? s : hasTime ? `${s.replace(' ', 'T')}Z` : `${s}T00:00:00Z`);
  if (Number.isNaN(t)) return t;
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days =
    month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days ? t : Number.NaN;
}

const isoDate = z.union([
  z
    .string()
    .max(64)
    .refine((s) => !Number.isNaN(parseIsoDate(s)), {
      message: 'must be an ISO 8601 date such as 2026-11-25T09:30:00Z (no zone means UTC)',
    }),
  z.number().int().positive(),
]);

export const authorSchema = z.object({
  handle: z.string().trim().min(1).max(limits.handleChars),
  name: z.string().max(limits.handleChars).optional(),
  followers: optionalCount,
  verified: z.boolean().optional(),
});

export const engagementSchema = z.object({
  likes: optionalCount,
  shares: optionalCount,
  replies: optionalCount,
});

const knownFields = [
  'source',
  'id',
  'text',
  'createdAt',
  'url',
  'title',
  'author',
  'lang',
  'country',
  'parentId',
  'engagement',
] as const;

const idString = z
  .union([z.string(), z.number().int()])
  .transform(String)
  .pipe(z.string().trim().min(1).max(limits.idChars));

export const recordSchema = z.object({
  source: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(sourcePattern, 'must be a platform name such as "x", "reddit" or "rss"'),
  id: idString,
  text: z.string().max(limits.textChars, `must be at most ${limits.textChars} characters`),
  createdAt: isoDate,
  url: z.string().trim().max(limits.urlChars).optional().nullable(),
  title: z.string().max(limits.titleChars).optional().nullable(),
  author: authorSchema.optional().nullable(),
  lang: z.string().trim().max(16).optional().nullable(),
  country: z.string().trim().max(64).optional().nullable(),
  parentId: idString.optional().nullable(),
  engagement: engagementSchema.optional().nullable(),
});

export type NativeRecord = z.input<typeof recordSchema>;

export type NormaliseResult = { ok: true; mention: Mention } | { ok: false; reason: string };

/** "text: Required; author.handle: too short" — the field path first, so a user can find it. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(record)'}: ${issue.message}`)
    .join('; ');
}

/** Strips characters that are never text: NUL and lone surrogates, which break databases and JSON. */
export function cleanText(s: string): string {
  // toWellFormed replaces lone surrogates with U+FFFD (Node 20+).
  const wellFormed = (s as string & { toWellFormed(): string }).toWellFormed();
  return wellFormed.includes('\u0000') ? wellFormed.replaceAll('\u0000', '') : wellFormed;
}

/**
 * A line a reader could not turn into a record (bad JSON, invalid UTF-8, too long): it travels through
 * the pipeline in its place so that the rejection keeps the right line number.
 */
export class InvalidRecord {
  constructor(readonly reason: string) {}
}

export function normaliseRecord(input: unknown, workspaceId: string): NormaliseResult {
  if (input instanceof InvalidRecord) return { ok: false, reason: input.reason };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, reason: '(record): must be a JSON object' };
  }
  let r = fastParse(input as Record<string, unknown>);
  if (!r) {
    const parsed = recordSchema.safeParse(input);
    if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error) };
    r = parsed.data;
  }
  const createdAt = typeof r.createdAt === 'number' ? r.createdAt : parseIsoDate(r.createdAt);

  const mention: Mention = {
    workspaceId,
    source: r.source.toLowerCase(),
    externalId: r.id,
    text: cleanText(r.text),
    createdAt,
  };
  if (r.url) mention.url = r.url;
  if (r.title) mention.title = cleanText(r.title);
  if (r.author) {
    mention.author = { handle: cleanText(r.author.handle) };
    if (r.author.name) mention.author.name = cleanText(r.author.name);
    if (r.author.followers !== undefined) mention.author.followers = r.author.followers;
    if (r.author.verified !== undefined) mention.author.verified = r.author.verified;
  }
  if (r.lang) mention.lang = r.lang.toLowerCase();
  if (r.country) mention.country = r.country;
  if (r.parentId) mention.parentId = r.parentId;
  if (r.engagement) {
    mention.engagement = {
      likes: r.engagement.likes ?? 0,
      shares: r.engagement.shares ?? 0,
      replies: r.engagement.replies ?? 0,
    };
  }
  const raw = unknownFields(input as Record<string, unknown>);
  if (raw) {
    const size = JSON.stringify(raw).length;
    if (size > limits.rawBytes) {
      return {
        ok: false,
        reason: `(record): extra attributes take ${size} bytes, more than ${limits.rawBytes}`,
      };
    }
    mention.raw = raw;
  }
  return { ok: true, mention };
}

function unknownFields(input: Record<string, unknown>): Record<string, unknown> | undefined {
  let raw: Record<string, unknown> | undefined;
  for (const key of Object.keys(input)) {
    if ((knownFields as readonly string[]).includes(key)) continue;
    raw ??= {};
    raw[key] = input[key];
  }
  return raw;
}

type ParsedRecord = z.output<typeof recordSchema>;

/**
 * The ingest hot path: a record that is already clean (trimmed strings within their limits, whole
 * numbers, an ISO date) gives exactly what `recordSchema` would, without zod's per-field machinery
 * (which took ~30% of an import). Anything else returns undefined and goes through the schema, which
 * also writes the rejection reason.
 */
function fastParse(v: Record<string, unknown>): ParsedRecord | undefined {
  const { source, id, text, createdAt } = v;
  if (typeof source !== 'string' || source.length > 64 || !sourcePattern.test(source)) return undefined;
  if (!isCleanString(id, limits.idChars, 1)) return undefined;
  if (typeof text !== 'string' || text.length > limits.textChars) return undefined;
  if (typeof createdAt === 'string') {
    if (createdAt.length > 64 || Number.isNaN(parseIsoDate(createdAt))) return undefined;
  } else if (!(Number.isSafeInteger(createdAt) && (createdAt as number) > 0)) return undefined;
  const out: ParsedRecord = { source, id: id as string, text, createdAt: createdAt as string | number };
  if (v.url != null) {
    if (!isCleanString(v.url, limits.urlChars, 0)) return undefined;
    out.url = v.url as string;
  } else if (v.url === null) out.url = null;
  if (v.title != null) {
    if (typeof v.title !== 'string' || v.title.length > limits.titleChars) return undefined;
    out.title = v.title;
  }
  if (v.lang != null) {
    if (!isCleanString(v.lang, 16, 0)) return undefined;
    out.lang = v.lang as string;
  }
  if (v.country != null) {
    if (!isCleanString(v.country, 64, 0)) return undefined;
    out.country = v.country as string;
  }
  if (v.parentId != null) {
    if (!isCleanString(v.parentId, limits.idChars, 1)) return undefined;
    out.parentId = v.parentId as string;
  }
  if (v.author != null) {
    const a = v.author as Record<string, unknown>;
    if (typeof a !== 'object' || Array.isArray(a) || !isCleanString(a.handle, limits.handleChars, 1))
      return undefined;
    const author: NonNullable<ParsedRecord['author']> = { handle: a.handle as string };
    if (a.name !== undefined) {
      if (typeof a.name !== 'string' || a.name.length > limits.handleChars) return undefined;
      author.name = a.name;
    }
    const followers = fastCount(a.followers);
    if (followers === null) return undefined;
    if (followers !== undefined) author.followers = followers;
    if (a.verified !== undefined) {
      if (typeof a.verified !== 'boolean') return undefined;
      author.verified = a.verified;
    }
    out.author = author;
  }
  if (v.engagement != null) {
    const e = v.engagement as Record<string, unknown>;
    if (typeof e !== 'object' || Array.isArray(e)) return undefined;
    const likes = fastCount(e.likes);
    const shares = fastCount(e.shares);
    const replies = fastCount(e.replies);
    if (likes === null || shares === null || replies === null) return undefined;
    out.engagement = { likes, shares, replies };
  }
  return out;
}

/** A string the schema would keep as it is: already trimmed, within its length bounds. */
function isCleanString(v: unknown, max: number, min: number): boolean {
  return typeof v === 'string' && v.length >= min && v.length <= max && v.trim().length === v.length;
}

/** A count as the schema reads it; null when the schema must decide (and probably reject). */
function fastCount(v: unknown): number | undefined | null {
  if (v === undefined || v === null || v === '') return undefined;
  return Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : null;
}
