/**
 * The replay source: plays a recorded JSONL stream through an IngestSink at N× speed. The records'
 * `createdAt` drive a simulated clock (a ManualClock shared with the pipeline and the detectors), so an
 * hour of recorded crisis at speed 60 takes a minute and every detector sees the recorded time. Speed 0
 * never sleeps. `shiftTo` moves the whole stream (keeping its spacing) so that it starts at that instant,
 * e.g. "now", which makes a recorded crisis look live on the dashboard.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { InvalidRecord } from '../domain/record.ts';
import { readLines } from '../import/lines.ts';
import { parseJsonLine } from '../import/parsers.ts';
import type { ManualClock } from '../ports/clock.ts';
import {
  addReports,
  emptyReport,
  type IngestOrigin,
  type IngestSink,
  type Rejection,
} from '../ports/ingest.ts';

export interface ReplayProgress {
  read: number;
  stored: number;
  /** Simulated time reached, epoch ms. */
  simulatedAt: number | undefined;
}

export interface ReplayOptions {
  sink: IngestSink;
  origin: IngestOrigin;
  /** Simulated seconds per real second; 0 = as fast as possible. */
  speed: number;
  /** Moved to each record's (shifted) time as it is delivered. */
  clock?: ManualClock;
  /** Epoch ms the first record is moved to; the others keep their distance from it. */
  shiftTo?: number;
  signal?: AbortSignal;
  /** Most records per sink call. */
  batchSize?: number;
  /** Longest real pause between clock updates while waiting for the next record. */
  tickMs?: number;
  onProgress?: (progress: ReplayProgress) => void;
  /** Real time, for tests: a monotonic millisecond reading and a sleep. */
  realNow?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ReplaySummary {
  file: string;
  read: number;
  stored: number;
  duplicates: number;
  dropped: number;
  rejectedCount: number;
  rejected: Rejection[];
  /** Recorded (shifted) time of the first and last records. */
  firstAt?: number;
  lastAt?: number;
  /** Stopped by the signal before the end of the file. */
  aborted: boolean;
  elapsedMs: number;
}

const defaultSleep = (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal });

/** A record's creation time in epoch ms, or NaN when it has none we can read (the sink will say why). */
export function recordTime(record: unknown): number {
  if (typeof record !== 'object' || record === null) return Number.NaN;
  const v = (record as { createdAt?: unknown }).createdAt;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Date.parse(v);
  return Number.NaN;
}

function shifted(record: unknown, t: number): unknown {
  const original = (record as { createdAt: unknown }).createdAt;
  return { ...(record as object), createdAt: typeof original === 'number' ? t : new Date(t).toISOString() };
}

export async function replay(path: string, options: ReplayOptions): Promise<ReplaySummary> {
  const realNow = options.realNow ?? (() => performance.now());
  const sleep = options.sleep ?? defaultSleep;
  const batchSize = options.batchSize ?? 1_000;
  const tickMs = options.tickMs ?? 250;
  const speed = options.speed;
  if (!(speed >= 0) || !Number.isFinite(speed))
    throw new RangeError('speed must be 0 (as fast as possible) or a positive number');

  const started = realNow();
  const totals = emptyReport();
  let rejectedCount = 0;
  let pending: unknown[] = [];
  let pendingFirst = 1;
  let t0: number | undefined;
  let shift = 0;
  let realStart = 0;
  let simulated: number | undefined;
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  let aborted = false;

  const advanceClock = (t: number) => {
    if (simulated === undefined || t > simulated) simulated = t;
    options.clock?.set(simulated);
  };

  const flush = async () => {
    if (pending.length === 0) return;
    const records = pending;
    const first = pendingFirst;
    pending = [];
    pendingFirst = first + records.length;
    const report = await options.sink.ingest(records, options.origin, first);
    rejectedCount += report.rejected.length;
    addReports(totals, {
      ...report,
      rejected: report.rejected.slice(0, Math.max(0, 1_000 - totals.rejected.length)),
    });
    options.onProgress?.({ read: totals.read, stored: totals.stored, simulatedAt: simulated });
  };

  /** Waits until real time reaches `due`, moving the simulated clock along in ticks. */
  const waitUntil = async (due: number, t: number) => {
    for (let now = realNow(); now < due; now = realNow()) {
      await sleep(Math.min(tickMs, due - now), options.signal);
      advanceClock(Math.min(t, (t0 as number) + shift + (realNow() - realStart) * speed));
    }
  };

  try {
    for await (const batch of readLines(path, { batchLines: 2_000, signal: options.signal })) {
      if (pending.length === 0) pendingFirst = batch.firstLine;
      for (let i = 0; i < batch.lines.length; i++) {
        if (options.signal?.aborted) throw options.signal.reason;
        const line = batch.lines[i]!;
        let record = line instanceof InvalidRecord ? line : parseJsonLine(line);
        const t = recordTime(record);
        if (!Number.isNaN(t)) {
          if (t0 === undefined) {
            t0 = t;
            shift = options.shiftTo !== undefined ? options.shiftTo - t : 0;
            realStart = realNow();
            firstAt = t + shift;
          }
          if (shift !== 0) record = shifted(record, t + shift);
          if (speed > 0) {
            const due = realStart + (t - t0) / speed;
            // Deliver what is due before sleeping, so the sink sees records at their (scaled) time.
            if (due > realNow() + 1) {
              await flush();
              await waitUntil(due, t + shift);
            }
          }
          advanceClock(t + shift);
          lastAt = Math.max(lastAt ?? t + shift, t + shift);
        }
        pending.push(record);
        if (pending.length >= batchSize) await flush();
      }
    }
    await flush();
  } catch (error) {
    if (!options.signal?.aborted) throw error;
    aborted = true;
    // What was already due is delivered; the rest of the stream is not.
    await flush();
  }
  return {
    file: path,
    read: totals.read,
    stored: totals.stored,
    duplicates: totals.duplicates,
    dropped: totals.dropped,
    rejectedCount,
    rejected: totals.rejected,
    firstAt,
    lastAt,
    aborted,
    elapsedMs: Math.round(realNow() - started),
  };
}
