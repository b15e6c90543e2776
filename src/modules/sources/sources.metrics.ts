/** Source health as Prometheus gauges, read from the sources table at scrape time. */
import { Gauge } from 'prom-client';
import type { SourceHealth } from '../../ports/checkpoints.ts';
import { registry } from '../../telemetry/metrics.ts';

type Rows = () => Promise<
  Array<{ id: string; kind: string; workspace_id: string; health: string | null; enabled: number }>
>;

let provider: Rows | undefined;

/** The latest service wins: one process serves one database. */
export function setSourceHealthProvider(rows: Rows): void {
  provider = rows;
}

const labelNames = ['source_id', 'kind', 'workspace_id'] as const;

async function each(
  fn: (labels: Record<(typeof labelNames)[number], string>, h: SourceHealth, enabled: boolean) => void,
) {
  if (!provider) return;
  for (const row of await provider().catch(() => [])) {
    let h: SourceHealth = {};
    try {
      h = row.health ? (JSON.parse(row.health) as SourceHealth) : {};
    } catch {
      // Unreadable health counts as no health.
    }
    fn({ source_id: row.id, kind: row.kind, workspace_id: row.workspace_id }, h, row.enabled === 1);
  }
}

function gauge(name: string, help: string, pick: (h: SourceHealth, enabled: boolean) => number | undefined) {
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      await each((labels, h, enabled) => {
        const v = pick(h, enabled);
        if (v !== undefined) this.set(labels, v);
      });
    },
  });
}

export const sourceGauges = [
  gauge(
    'firebreak_source_up',
    'Enabled and its last pass succeeded (1) or failed/disabled (0).',
    (h, enabled) =>
      enabled && h.lastSuccessAt !== undefined && (h.lastErrorAt ?? 0) <= h.lastSuccessAt ? 1 : 0,
  ),
  gauge('firebreak_source_last_success_timestamp_seconds', 'When the last pass succeeded.', (h) =>
    h.lastSuccessAt === undefined ? undefined : h.lastSuccessAt / 1000,
  ),
  gauge('firebreak_source_last_error_timestamp_seconds', 'When the last pass failed.', (h) =>
    h.lastErrorAt === undefined ? undefined : h.lastErrorAt / 1000,
  ),
  gauge('firebreak_source_lag_seconds', 'Now minus the newest item seen, at the last pass.', (h) =>
    h.lagMs === undefined ? undefined : h.lagMs / 1000,
  ),
  gauge(
    'firebreak_source_items_per_minute',
    'Items stored per minute at the last pass.',
    (h) => h.itemsPerMinute,
  ),
  gauge('firebreak_source_items_total', 'Items stored since the source was created.', (h) => h.itemsTotal),
  gauge(
    'firebreak_source_malformed_total',
    'Malformed items skipped since the source was created.',
    (h) => h.malformedTotal,
  ),
  gauge('firebreak_source_circuit_open', 'The circuit breaker is open (1).', (h) =>
    h.circuit === 'open' ? 1 : 0,
  ),
];
