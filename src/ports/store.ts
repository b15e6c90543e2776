import type { Mention } from '../domain/mention.ts';

/** A stored mention: the Mention plus what storage adds. */
export interface StoredMention extends Mention {
  /** Monotonic storage sequence: a stable cursor for paging and consumers. */
  seq: number;
  ingestedAt: number;
  sourceId?: string;
}

export interface RollupPoint {
  /** Start of the bucket, epoch ms. */
  t: number;
  count: number;
  negative: number;
  reach: number;
  /** Sum of per-minute unique authors over the bucket ("author-minutes" for buckets over a minute). */
  uniqueAuthors: number;
}

export interface RollupQuery {
  workspaceId: string;
  /** '*' for the whole workspace, `b:<brandId>` or `t:<topicId>`. */
  scope: string;
  from: number;
  to: number;
  bucketMinutes: number;
  source?: string;
}

export interface MentionQuery {
  workspaceId: string;
  limit: number;
  /** Only mentions with seq below this (paging backwards). */
  beforeSeq?: number;
  afterSeq?: number;
  topicId?: string;
  brandId?: string;
  source?: string;
  sentiment?: 'negative' | 'neutral' | 'positive';
}

/**
 * Where mentions live. `insertNew` stores the mentions whose identity (workspace, source, externalId) is
 * new and updates the per-minute rollups for exactly those, in one transaction; it returns the new ones.
 */
export interface MentionStore {
  insertNew(batch: Mention[], ingestedAt: number, sourceId?: string): Promise<StoredMention[]>;
  list(query: MentionQuery): Promise<StoredMention[]>;
  get(workspaceId: string, source: string, externalId: string): Promise<StoredMention | undefined>;
  count(workspaceId: string): Promise<number>;
  rollups(query: RollupQuery): Promise<RollupPoint[]>;
  /** Per-source totals of a window, from the rollups. */
  rollupsBySource(query: Omit<RollupQuery, 'bucketMinutes' | 'source'>): Promise<Record<string, number>>;
}

/**
 * Every workspace's stored mentions in storage order, for the processes that rebuild in-memory indexes
 * from what is stored (the story tracker after a restart, or from what other processes stored). In
 * PostgreSQL a sequence number is taken before its transaction commits, so a reader can pass over a
 * row that commits late; readers use it for indexes that tolerate a miss.
 */
export interface MentionFeed {
  /** The highest sequence number stored, 0 when empty. */
  lastSeq(): Promise<number>;
  /** Up to `limit` mentions with `seq > afterSeq`, oldest first. */
  after(afterSeq: number, limit: number): Promise<StoredMention[]>;
}
