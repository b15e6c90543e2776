/**
 * Where a connector's cursor and health live between runs. `save` is called only after the records the
 * cursor covers were stored (IngestSink.ingest resolved), so a crash re-reads, never skips.
 */
export interface SourceHealth {
  /** Epoch ms of the last pass that ended without error. */
  lastSuccessAt?: number;
  /** Epoch ms of the last error, and its message (never a credential). */
  lastErrorAt?: number;
  lastError?: string;
  /** Milliseconds between now and the newest item seen, at the last pass. */
  lagMs?: number;
  /** Items stored per minute over the recent passes. */
  itemsPerMinute?: number;
  itemsTotal?: number;
  malformedTotal?: number;
  circuit?: 'closed' | 'open' | 'half-open';
  /** A stretch the platform could no longer replay (Jetstream beyond 36 h, Telegram beyond 24 h). */
  gap?: string;
}

export interface CheckpointStore {
  load(sourceId: string): Promise<string | undefined>;
  save(sourceId: string, cursor: string): Promise<void>;
  loadHealth(sourceId: string): Promise<SourceHealth | undefined>;
  saveHealth(sourceId: string, health: SourceHealth): Promise<void>;
}

/** For tests and one-off runs. */
export class MemoryCheckpoints implements CheckpointStore {
  readonly cursors = new Map<string, string>();
  readonly health = new Map<string, SourceHealth>();
  async load(id: string) {
    return this.cursors.get(id);
  }
  async save(id: string, cursor: string) {
    this.cursors.set(id, cursor);
  }
  async loadHealth(id: string) {
    return this.health.get(id);
  }
  async saveHealth(id: string, health: SourceHealth) {
    this.health.set(id, health);
  }
}
