/** Prometheus metrics (prom-client), one registry per process, exposed at /metrics. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'firebreak_' });

export const ingestRecords = new Counter({
  name: 'firebreak_ingest_records_total',
  help: 'Records handed to the pipeline, by outcome (stored, duplicate, dropped, rejected).',
  labelNames: ['source', 'outcome'] as const,
  registers: [registry],
});

export const pipelineBatchSeconds = new Histogram({
  name: 'firebreak_pipeline_batch_seconds',
  help: 'Time to normalise, process and store one batch.',
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  registers: [registry],
});

export const pipelineInFlight = new Gauge({
  name: 'firebreak_pipeline_batches_in_flight',
  help: 'Batches being processed; sources wait when this reaches the limit.',
  registers: [registry],
});

export const stageErrors = new Counter({
  name: 'firebreak_stage_errors_total',
  help: 'Errors raised by a pipeline stage or consumer (the batch goes on without that stage).',
  labelNames: ['stage'] as const,
  registers: [registry],
});
