/**
 * Estimated reach of one mention: the author's followers (the audience-size convention the store's
 * rollups already use when no stage sets reach), raised for verified accounts and known journalists/influencers/ambassadors, plus the people the
 * engagement reached (each share is seen by the sharer's own audience, taken as a flat median).
 */
import type { Mention } from '../domain/mention.ts';

export type AuthorRole = 'journalist' | 'influencer' | 'ambassador' | 'employee';

export interface KnownAuthor {
  handle: string;
  role: AuthorRole;
  /** A reach multiplier override, e.g. 3 for a national-TV journalist. */
  weight?: number;
}

export interface ReachOptions {
  /** Keyed by `${source}:${handle}` or bare handle, lower case, without '@'. */
  known?: Map<string, KnownAuthor>;
}

const SEEN_SHARE = 1;
const VERIFIED_BOOST = 2;
const ROLE_BOOST: Record<AuthorRole, number> = { journalist: 3, influencer: 2, ambassador: 1.5, employee: 1 };
const PER_SHARE = 150;
const PER_REPLY = 20;
const PER_LIKE = 2;

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(v, 1e10) : 0;
}

export function knownKey(source: string, handle: string): string {
  return `${source.toLowerCase()}:${handle.toLowerCase().replace(/^@/, '')}`;
}

export function findKnown(m: Mention, known?: Map<string, KnownAuthor>): KnownAuthor | undefined {
  const handle = m.author?.handle;
  if (!known || typeof handle !== 'string' || !handle) return undefined;
  return known.get(knownKey(m.source, handle)) ?? known.get(handle.toLowerCase().replace(/^@/, ''));
}

export function estimateReach(m: Mention, options: ReachOptions = {}): number {
  const followers = num(m.author?.followers);
  let reach = Math.max(1, followers * SEEN_SHARE);
  if (m.author?.verified === true) reach *= VERIFIED_BOOST;
  const k = findKnown(m, options.known);
  if (k) reach *= k.weight ?? ROLE_BOOST[k.role];
  const e = m.engagement;
  if (e) reach += num(e.shares) * PER_SHARE + num(e.replies) * PER_REPLY + num(e.likes) * PER_LIKE;
  return Math.round(Math.min(reach, 1e10));
}
