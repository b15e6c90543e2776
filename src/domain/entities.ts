/**
 * The core nouns of SPEC.md. Each module (src/modules/<m>) owns the rules around its noun; these are
 * the shapes everyone shares. Times are epoch milliseconds.
 */
export type Role = 'admin' | 'responder' | 'approver' | 'viewer';

/** What each workspace role may do, strongest first. */
export const roleRank: Record<Role, number> = { admin: 3, approver: 2, responder: 1, viewer: 0 };

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  createdAt: number;
}

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: number;
}

export interface Membership {
  workspaceId: string;
  userId: string;
  role: Role;
}

export interface Brand {
  id: string;
  workspaceId: string;
  name: string;
  aliases: string[];
  ownedAccounts: string[];
  competitors: string[];
  languages: string[];
  timeZone: string;
  createdAt: number;
}

export type TopicKind =
  | 'brand'
  | 'product'
  | 'executive'
  | 'competitor'
  | 'industry'
  | 'crisis_terms'
  | 'other';

export interface Topic {
  id: string;
  workspaceId: string;
  brandId: string | null;
  name: string;
  kind: TopicKind;
  /** A boolean query in Brandwatch/Talkwalker syntax. */
  query: string;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface SourceConfig {
  id: string;
  workspaceId: string;
  /** Connector kind: "rss", "bluesky", "webhook", "import", … */
  kind: string;
  name: string;
  params: Record<string, unknown>;
  enabled: boolean;
  /** Keep mentions that match no topic (true) or drop them (false). */
  keepUnmatched: boolean;
  createdAt: number;
}

export type SignalType =
  | 'volume_spike'
  | 'negative_surge'
  | 'velocity'
  | 'influencer'
  | 'cross_platform'
  | 'emerging_terms'
  | 'coordinated'
  | 'competitor_spike';

export interface Signal {
  id: string;
  workspaceId: string;
  brandId: string | null;
  topicId: string | null;
  type: SignalType;
  windowStart: number;
  windowEnd: number;
  score: number;
  evidence: Record<string, unknown>;
  createdAt: number;
}

export type Severity = 1 | 2 | 3 | 4;
export type AlertStatus = 'open' | 'acknowledged' | 'snoozed' | 'resolved' | 'escalated';

export interface Alert {
  id: string;
  workspaceId: string;
  brandId: string | null;
  severity: Severity;
  status: AlertStatus;
  title: string;
  signalIds: string[];
  crisisId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Seed 004's taxonomy. */
export type CrisisType =
  | 'self_inflicted'
  | 'technical_error'
  | 'disinformation_attack'
  | 'external_force'
  | 'unknown';
export type CrisisStatus = 'detected' | 'triage' | 'responding' | 'monitoring' | 'resolved' | 'reviewed';

export interface Crisis {
  id: string;
  workspaceId: string;
  brandId: string | null;
  title: string;
  type: CrisisType;
  severity: Severity;
  status: CrisisStatus;
  commanderId: string | null;
  playbookId: string | null;
  isDrill: boolean;
  openedAt: number;
  updatedAt: number;
}

export interface Playbook {
  id: string;
  workspaceId: string;
  key: string;
  version: number;
  title: string;
  /** The YAML document as reviewed by the PR team. */
  definition: unknown;
  createdAt: number;
}

export type StatementStatus = 'draft' | 'in_review' | 'approved' | 'published' | 'superseded';

export interface Statement {
  id: string;
  workspaceId: string;
  crisisId: string;
  kind: string;
  status: StatementStatus;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export type AssetKind = 'account' | 'page' | 'group' | 'channel' | 'domain';

export interface Asset {
  id: string;
  workspaceId: string;
  kind: AssetKind;
  platform: string;
  handle: string;
  owners: string[];
  admins: string[];
  twoFactor: boolean | null;
  recoveryContacts: string[];
  reviewedAt: number | null;
}

export interface AuditEvent {
  id: string;
  workspaceId: string | null;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: unknown;
  after: unknown;
  at: number;
}
