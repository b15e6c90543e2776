/**
 * The foundation's push sources (webhook ingest, file import) belong in the same source list; they
 * have no connector to run: records arrive through POST /api/v1/ingest or `firebreak import`.
 */
import { z } from 'zod';
import type { SourceDefinition } from './types.ts';

const nothing: AsyncIterable<never> = {
  [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined as never }) }),
};
const none: SourceDefinition['create'] = () => ({ sync: () => nothing });

export const webhookSource: SourceDefinition<{ defaultSource?: string }, Record<string, never>> = {
  kind: 'webhook',
  label: 'Webhook ingest (POST /api/v1/ingest with a per-source token)',
  mode: 'push',
  params: z.object({ defaultSource: z.string().trim().min(1).max(64).optional() }) as never,
  secrets: z.object({}) as never,
  userSuppliedHost: false,
  intervalMs: 0,
  credentials:
    'A per-source ingest token, shown once when the source is created (POST /api/v1/sources/webhook).',
  create: none,
};

export const importSource: SourceDefinition<Record<string, never>, Record<string, never>> = {
  kind: 'import',
  label: 'File import (JSONL, CSV, Brandwatch, Talkwalker, Meltwater exports)',
  mode: 'push',
  params: z.object({}) as never,
  secrets: z.object({}) as never,
  userSuppliedHost: false,
  intervalMs: 0,
  credentials: 'None: `firebreak import <file> --workspace <slug>`.',
  create: none,
};
