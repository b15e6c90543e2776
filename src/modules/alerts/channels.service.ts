/**
 * Notification channels: where a workspace's alerts can go (a Slack webhook, a mailbox, a Telegram chat,
 * a signed webhook…). Addresses that are themselves credentials (Slack/Teams webhook URLs) and secrets
 * are stored sealed; the API shows a masked address and `hasSecret`, never the values.
 */
import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { open, seal } from '../../config/secret-box.ts';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { DeliveryReport } from '../../notify/delivery.ts';
import { type Channel, channels, isPrivateAddress, type Notifiers } from '../../notify/index.ts';
import type { Clock } from '../../ports/clock.ts';
import type { NotificationTarget } from '../../ports/notifier.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit, systemActor } from '../audit/audit.ts';
import type { NotificationChannelsTable } from './alerts.queries.ts';

export const channelInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  channel: z.enum(channels as [Channel, ...Channel[]]),
  /** E-mail address, webhook URL, or Telegram chat id. */
  address: z.string().trim().min(1).max(2_000),
  /** Webhook signing secret or Telegram bot token. Write-only. */
  secret: z.string().min(1).max(500).optional(),
  enabled: z.boolean().default(true),
});
export const channelPatchSchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  address: z.string().trim().min(1).max(2_000).optional(),
  /** A new secret, or null to remove it. */
  secret: z.string().min(1).max(500).nullable().optional(),
  enabled: z.boolean().optional(),
});
export type ChannelInput = z.input<typeof channelInputSchema>;
export type ChannelPatch = z.infer<typeof channelPatchSchema>;

export interface NotificationChannelView {
  id: string;
  name: string;
  channel: Channel;
  /** Shown masked when the address itself grants access (Slack/Teams webhook URLs). */
  address: string;
  hasSecret: boolean;
  enabled: boolean;
  health: { consecutiveFailures: number; lastDeliveryAt: number | null; lastError: string | null };
  createdAt: number;
  updatedAt: number;
}

interface Sealed {
  address: string;
  secret?: string;
}

/** Slack and Teams webhook URLs carry their credential in the path. */
export function displayAddress(channel: Channel, address: string): string {
  if (channel !== 'slack' && channel !== 'teams' && channel !== 'webhook') return address;
  try {
    const url = new URL(address);
    if (channel === 'webhook') return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
    return `${url.origin}/…${url.pathname.slice(-4)}`;
  } catch {
    return '…';
  }
}

export function presentChannel(r: NotificationChannelsTable): NotificationChannelView {
  return {
    id: r.id,
    name: r.name,
    channel: r.channel as Channel,
    address: r.address,
    hasSecret: hasSecretMarker(r),
    enabled: r.enabled === 1,
    health: {
      consecutiveFailures: Number(r.consecutive_failures),
      lastDeliveryAt: r.last_delivery_at === null ? null : Number(r.last_delivery_at),
      lastError: r.last_error,
    },
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

// Whether a secret is set is kept outside the sealed blob so listing never needs to open it.
const secretMarker = '#s';
function hasSecretMarker(r: NotificationChannelsTable): boolean {
  return r.secret_sealed?.endsWith(secretMarker) ?? false;
}

export interface ChannelsServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  notifiers: Notifiers;
  secretKey: Buffer;
  allowPrivateNetworks: boolean;
  /** Failed deliveries in a row after which a channel is switched off (default 25). */
  disableAfterFailures?: number;
}

export type ChannelsService = ReturnType<typeof createChannelsService>;

export function createChannelsService(deps: ChannelsServiceDeps) {
  const { db, clock, secretKey } = deps;

  const sealTarget = (id: string, t: Sealed) =>
    `${seal(secretKey, JSON.stringify(t), id)}${t.secret ? secretMarker : ''}`;
  const openTarget = (r: NotificationChannelsTable): Sealed =>
    r.secret_sealed
      ? (JSON.parse(open(secretKey, r.secret_sealed.replace(/#s$/, ''), r.id)) as Sealed)
      : { address: r.address };

  function check(channel: Channel, address: string, secret: string | undefined) {
    const problem = deps.notifiers.validate({ channel, address, secret });
    if (problem) throw errors.validation(`This ${channel} channel cannot work: ${problem}.`);
    if (channel === 'email' || channel === 'telegram' || deps.allowPrivateNetworks) return;
    const host = new URL(address).hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host))) {
      throw errors.validation(
        `${host} is a private or loopback address; set FIREBREAK_ALLOW_PRIVATE_NETWORKS=1 to send to receivers on your own network.`,
      );
    }
  }

  async function row(workspaceId: string, id: string): Promise<NotificationChannelsTable> {
    const r = await db
      .selectFrom('notification_channels')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw errors.notFound(`Notification channel ${id}`);
    return r;
  }

  async function assertNameFree(workspaceId: string, name: string, exceptId?: string) {
    const clash = await db
      .selectFrom('notification_channels')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (clash && clash.id !== exceptId)
      throw errors.conflict(`A notification channel named "${name}" already exists.`);
  }

  return {
    async list(workspaceId: string): Promise<NotificationChannelView[]> {
      const rows = await db
        .selectFrom('notification_channels')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('name')
        .execute();
      return rows.map(presentChannel);
    },

    async find(workspaceId: string, id: string): Promise<NotificationChannelView> {
      return presentChannel(await row(workspaceId, id));
    },

    /** The real targets of enabled channels, for delivery only. */
    async targets(
      workspaceId: string,
      ids: string[],
    ): Promise<Array<{ id: string; target: NotificationTarget }>> {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('notification_channels')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', ids)
        .where('enabled', '=', 1)
        .execute();
      return rows.map((r) => {
        const t = openTarget(r);
        return { id: r.id, target: { channel: r.channel as Channel, address: t.address, secret: t.secret } };
      });
    },

    async existing(workspaceId: string, ids: string[]): Promise<string[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('notification_channels')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', ids)
        .execute();
      return rows.map((r) => r.id);
    },

    async create(actor: Actor, workspaceId: string, input: ChannelInput): Promise<NotificationChannelView> {
      const c = channelInputSchema.parse(input);
      check(c.channel, c.address, c.secret);
      await assertNameFree(workspaceId, c.name);
      const id = newId('nch');
      const now = clock.now();
      const r: NotificationChannelsTable = {
        id,
        workspace_id: workspaceId,
        name: c.name,
        channel: c.channel,
        address: displayAddress(c.channel, c.address),
        secret_sealed: sealTarget(id, { address: c.address, secret: c.secret }),
        enabled: c.enabled ? 1 : 0,
        consecutive_failures: 0,
        last_delivery_at: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('notification_channels').values(r).execute();
        await recordAudit(trx, actor, now, {
          workspaceId,
          action: 'notification_channel.create',
          subjectType: 'notification_channel',
          subjectId: id,
          after: presentChannel(r),
        });
      });
      return presentChannel(r);
    },

    async update(
      actor: Actor,
      workspaceId: string,
      id: string,
      patch: ChannelPatch,
    ): Promise<NotificationChannelView> {
      const p = channelPatchSchema.parse(patch);
      const before = await row(workspaceId, id);
      const current = openTarget(before);
      const channel = before.channel as Channel;
      const address = p.address ?? current.address;
      const secret = p.secret === null ? undefined : (p.secret ?? current.secret);
      if (p.address !== undefined || p.secret !== undefined) check(channel, address, secret);
      if (p.name && p.name !== before.name) await assertNameFree(workspaceId, p.name, id);
      const now = clock.now();
      const next: NotificationChannelsTable = {
        ...before,
        name: p.name ?? before.name,
        address: displayAddress(channel, address),
        secret_sealed: sealTarget(id, { address, secret }),
        enabled: p.enabled === undefined ? before.enabled : p.enabled ? 1 : 0,
        // A fixed address or a re-enabled channel starts with a clean record.
        consecutive_failures: p.address !== undefined || p.enabled ? 0 : before.consecutive_failures,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('notification_channels').set(next).where('id', '=', id).execute();
        await recordAudit(trx, actor, now, {
          workspaceId,
          action: 'notification_channel.update',
          subjectType: 'notification_channel',
          subjectId: id,
          before: presentChannel(before),
          after: { ...presentChannel(next), secretChanged: p.secret !== undefined },
        });
      });
      return presentChannel(next);
    },

    async remove(actor: Actor, workspaceId: string, id: string, usedBy: string[]): Promise<void> {
      const before = await row(workspaceId, id);
      if (usedBy.length > 0) {
        throw errors.conflict(
          `This channel is used by routing rule(s) ${usedBy.join(', ')}; remove it from them first.`,
        );
      }
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('notification_channels').where('id', '=', id).execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId,
          action: 'notification_channel.delete',
          subjectType: 'notification_channel',
          subjectId: id,
          before: presentChannel(before),
        });
      });
    },

    /**
     * Records the outcome of one delivery on the channel's health. A channel that failed
     * `disableAfterFailures` deliveries in a row (each already retried) is switched off and the switch
     * audited: it is broken, and sending to it only delays the others. Returns true when it was disabled.
     */
    async recordOutcome(channelId: string, report: DeliveryReport): Promise<boolean> {
      const now = clock.now();
      await db
        .updateTable('notification_channels')
        .set((eb) => ({
          last_delivery_at: now,
          last_error: report.ok ? null : (report.error ?? 'not delivered').slice(0, 500),
          consecutive_failures: report.ok ? 0 : eb('consecutive_failures', '+', 1),
        }))
        .where('id', '=', channelId)
        .execute();
      if (report.ok) return false;
      const limit = deps.disableAfterFailures ?? 25;
      const r = await db
        .selectFrom('notification_channels')
        .selectAll()
        .where('id', '=', channelId)
        .executeTakeFirst();
      if (r?.enabled !== 1 || Number(r.consecutive_failures) < limit) return false;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('notification_channels')
          .set({ enabled: 0, updated_at: now })
          .where('id', '=', channelId)
          .execute();
        await recordAudit(trx, systemActor('notifications'), now, {
          workspaceId: r.workspace_id,
          action: 'notification_channel.auto_disable',
          subjectType: 'notification_channel',
          subjectId: channelId,
          before: presentChannel(r),
          after: {
            enabled: false,
            reason: `${limit} deliveries failed in a row; last error: ${r.last_error}`,
          },
        });
      });
      return true;
    },
  };
}
