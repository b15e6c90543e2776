/**
 * A Mention is one normalised post, comment or article. Its identity is (source, externalId):
 * the same platform post arriving twice — a retry, a re-import, a replay — is the same mention.
 */
export interface Author {
  handle: string;
  name?: string;
  followers?: number;
  verified?: boolean;
}

export interface Engagement {
  likes: number;
  shares: number;
  replies: number;
}

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface Sentiment {
  label: SentimentLabel;
  /** -1 (most negative) … +1 (most positive). */
  score: number;
}

export interface CategoryLabel {
  /** e.g. "complaint", "data_breach". */
  id: string;
  confidence: number;
  /** What fired: words, rules or "model". */
  evidence: string[];
}

export interface Mention {
  workspaceId: string;
  /** Platform name: "x", "reddit", "rss", "bluesky", "import"… */
  source: string;
  /** The platform's own id of the post. */
  externalId: string;
  text: string;
  /** Epoch milliseconds, the platform's creation time. */
  createdAt: number;
  url?: string;
  title?: string;
  author?: Author;
  lang?: string;
  country?: string;
  parentId?: string;
  engagement?: Engagement;
  /** Fields of the incoming record that Firebreak has no column for, kept verbatim. */
  raw?: Record<string, unknown>;

  // Filled by pipeline stages.
  topicIds?: string[];
  brandIds?: string[];
  sentiment?: Sentiment;
  categories?: CategoryLabel[];
  storyId?: string;
  /** Estimated number of people who saw it. */
  reach?: number;
}

export interface MentionIdentity {
  source: string;
  externalId: string;
}

export function mentionKey(m: MentionIdentity): string {
  return `${m.source}\u0000${m.externalId}`;
}
