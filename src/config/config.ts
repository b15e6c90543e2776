/**
 * One strict schema for the whole configuration, read from the environment (FIREBREAK_*) and checked
 * before anything starts (`firebreak doctor` prints the result). Units are in the names.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { FirebreakError } from '../domain/errors.ts';
import { describeIssues } from '../domain/record.ts';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const configSchema = z.object({
  dataDir: z.string().min(1).default('./.firebreak'),
  /** `sqlite` (embedded default, a file under dataDir) or a postgres:// URL. */
  database: z.string().min(1).default('sqlite'),
  /** `memory` (in-process) or a nats:// URL for JetStream. */
  bus: z.string().min(1).default('memory'),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Public base URL used in links (statement pages, notifications). */
  publicUrl: z.string().url().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** First admin, created at first start if no user exists. */
  adminEmail: z.string().email().default('admin@firebreak.local'),
  adminPassword: z.string().min(10).optional(),
  /** 32-byte key (hex or base64) encrypting stored credentials. Generated into dataDir when absent. */
  secretKey: z.string().optional(),
  smtpUrl: z.string().optional(),
  /** From: address of alert e-mail. */
  emailFrom: z.string().min(3).max(200).optional(),
  /** Telegram Bot API base URL (a local Bot API server, or a fake in tests). */
  telegramApiBase: z.string().url().optional(),
  ingestMaxBodyBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  /** Mentions per pipeline batch. */
  batchSize: z.coerce.number().int().min(1).max(50_000).default(2_000),
  /** Batches in flight before sources are made to wait (backpressure). */
  maxInFlightBatches: z.coerce.number().int().min(1).max(64).default(4),
  sessionTtlHours: z.coerce
    .number()
    .positive()
    .default(24 * 7),
  /** Allow user-supplied URLs (feeds, webhooks) on private/loopback addresses. Tests and LAN installs. */
  allowPrivateNetworks: bool.default(false),
});

export type Config = z.infer<typeof configSchema>;

const envNames: Record<keyof Config, string> = {
  dataDir: 'FIREBREAK_DATA_DIR',
  database: 'FIREBREAK_DATABASE',
  bus: 'FIREBREAK_BUS',
  host: 'FIREBREAK_HOST',
  port: 'FIREBREAK_PORT',
  publicUrl: 'FIREBREAK_PUBLIC_URL',
  logLevel: 'FIREBREAK_LOG_LEVEL',
  adminEmail: 'FIREBREAK_ADMIN_EMAIL',
  adminPassword: 'FIREBREAK_ADMIN_PASSWORD',
  secretKey: 'FIREBREAK_SECRET_KEY',
  smtpUrl: 'FIREBREAK_SMTP_URL',
  emailFrom: 'FIREBREAK_EMAIL_FROM',
  telegramApiBase: 'FIREBREAK_TELEGRAM_API_BASE',
  ingestMaxBodyBytes: 'FIREBREAK_INGEST_MAX_BODY_BYTES',
  batchSize: 'FIREBREAK_BATCH_SIZE',
  maxInFlightBatches: 'FIREBREAK_MAX_IN_FLIGHT_BATCHES',
  sessionTtlHours: 'FIREBREAK_SESSION_TTL_HOURS',
  allowPrivateNetworks: 'FIREBREAK_ALLOW_PRIVATE_NETWORKS',
};

export function configEnvNames(): Record<keyof Config, string> {
  return envNames;
}

/** Environment first, then explicit overrides (CLI flags, tests). */
export function loadConfig(
  overrides: Partial<Record<keyof Config, unknown>> = {},
  env = process.env,
): Config {
  const input: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(envNames)) {
    const value = env[name];
    if (value !== undefined && value !== '') input[key] = value;
  }
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) input[key] = value;
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => envNames[i.path[0] as keyof Config] ?? String(i.path[0]));
    throw new FirebreakError(
      'validation_failed',
      `Invalid configuration (${[...new Set(names)].join(', ')}): ${describeIssues(parsed.error)}`,
    );
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir) };
}
