/** The topics table and its row ↔ entity mapping. */
import type { Topic, TopicKind } from '../../domain/entities.ts';

export interface TopicsTable {
  id: string;
  workspace_id: string;
  brand_id: string | null;
  name: string;
  /** Lower-cased name: names are unique per workspace regardless of case, as topic:"…" resolves them. */
  name_key: string;
  kind: string;
  query: string;
  active: number;
  created_at: number;
  updated_at: number;
}

declare module '../../store/schema.ts' {
  interface Database {
    topics: TopicsTable;
  }
}

export function topicFromRow(r: TopicsTable): Topic {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    brandId: r.brand_id,
    name: r.name,
    kind: r.kind as TopicKind,
    query: r.query,
    active: Number(r.active) === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}
