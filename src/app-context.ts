/**
 * What the server and the CLI get from `assemble()`: the adapters and the module services built on them.
 * Modules add their service here (one line) and build it in src/assemble.ts.
 */
import type { Config } from './config/config.ts';
import type { AlertsModule } from './modules/alerts/index.ts';
import type { AuthService } from './modules/auth/auth.service.ts';
import type { KnownAuthorsService } from './modules/authors/index.ts';
import type { BrandsService } from './modules/brands/brands.service.ts';
import type { CrisesModule } from './modules/crises/index.ts';
import type { InboxService } from './modules/inbox/index.ts';
import type { PlaybooksService } from './modules/playbooks/index.ts';
import type { SourcesService } from './modules/sources/sources.service.ts';
import type { StatementsService } from './modules/statements/index.ts';
import type { StoriesService } from './modules/stories/index.ts';
import type { TeamService } from './modules/team/index.ts';
import type { TopicsModule } from './modules/topics/index.ts';
import type { Leadership } from './pipeline/leadership.ts';
import type { Pipeline } from './pipeline/pipeline.ts';
import type { Bus } from './ports/bus.ts';
import type { Clock } from './ports/clock.ts';
import type { Store } from './store/open.ts';
import type { Logger } from './telemetry/logger.ts';

export interface AppContext {
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Encrypts stored credentials (src/config/secret-key.ts). */
  secretKey: Buffer;
  store: Store;
  bus: Bus;
  pipeline: Pipeline;
  /** Whether this process runs the detectors (one process does; src/pipeline/leadership.ts). */
  detection: Leadership;
  auth: AuthService;
  brands: BrandsService;
  /** Alerts, notification channels, routing rules, alert and detector settings (issue 5). */
  alerts: AlertsModule;
  /** Configured connectors: registry, CRUD, health, dry-run test (issue 7). */
  sources: SourcesService;
  /** Topics (named boolean queries) and the live matcher behind the pipeline's match stage (issue 3). */
  topics: TopicsModule;
  /** Crises: status machine, assignments, links, playbook tasks, the timeline (issue 6). */
  crises: CrisesModule;
  /** Statements: drafts, versions, approvals, publication, `current` official wording (issue 6). */
  statements: StatementsService;
  /** The crisis team: people, crisis roles with deputies, availability, escalation, ambassadors (issue 6). */
  team: TeamService;
  /** Versioned playbooks (YAML), the default library, `choose` for a crisis (issue 6). */
  playbooks: PlaybooksService;
  /** The response inbox: negative and crisis mentions waiting for an answer, replies, coverage (issue 6). */
  inbox: InboxService;
  /** Known journalists/influencers/ambassadors per workspace, used for reach (issue 4). */
  authors: KnownAuthorsService;
  /** Stories as stored: top stories of a window, one story's origin, members and spread (issue 4). */
  stories: StoriesService;
  /** Background work (replays, connectors, timers) registers its stopper here for graceful shutdown. */
  onClose(stop: () => Promise<void> | void): void;
  close(): Promise<void>;
}
