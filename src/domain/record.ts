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

const isoDate = z.union([
  z
    .string()
    .max(64)
    .refine(
      (s) =>
        /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s.trim()) &&
        !Number.isNaN(Date.parse(s)),
      {
        message: 'must be an ISO 8601 date such as 2026-11-25T09:30:00Z',
      },
    ),
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
    .regex(/^[a-z0-9][a-z0-9_.-]*$/i, 'must be a platform name such as "x", "reddit" or "rss"'),
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
  const parsed = recordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error) };
  const r = parsed.data;
  const createdAt = typeof r.createdAt === 'number' ? r.createdAt : Date.parse(r.createdAt);

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
