/**
 * Where the detectors' learned state lives between runs (src/detect/watch.ts WatchSnapshot): one opaque
 * snapshot per workspace, saved periodically and at shutdown, read once at start. A lost or unreadable
 * snapshot only means the detectors learn their baselines again.
 */
export interface DetectorStateStore {
  /** Every saved snapshot, by workspace. */
  loadAll(): Promise<Map<string, unknown>>;
  save(workspaceId: string, snapshot: unknown, at: number): Promise<void>;
}

/** For tests and one-off runs. */
export class MemoryDetectorState implements DetectorStateStore {
  readonly saved = new Map<string, { snapshot: string; at: number }>();
  async loadAll() {
    return new Map([...this.saved].map(([ws, s]) => [ws, JSON.parse(s.snapshot) as unknown]));
  }
  async save(workspaceId: string, snapshot: unknown, at: number) {
    this.saved.set(workspaceId, { snapshot: JSON.stringify(snapshot), at });
  }
}
