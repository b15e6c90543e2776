/**
 * Per-workspace alert policy (acknowledgement timeouts, storm gap, cooldown) and per-brand detector
 * settings. Detectors read theirs through `detectorSettings(workspaceId, brandId)`; unset means defaults.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import {
  type AlertSettings,
  alertSettingsSchema,
  type DetectorSettings,
  defaultAlertSettings,
  defaultDetectorSettings,
  detectorSettingsSchema,
} from './alerts.model.ts';
import { patchSchema } from './patch.ts';

export const alertSettingsPatchSchema = patchSchema(alertSettingsSchema);
export const detectorSettingsPatchSchema = patchSchema(detectorSettingsSchema);

export type SettingsService = ReturnType<typeof createSettingsService>;

export function createSettingsService({ db, clock }: { db: Kysely<Database>; clock: Clock }) {
  const service = {
    async alertSettings(workspaceId: string): Promise<AlertSettings> {
      const r = await db
        .selectFrom('alert_settings')
        .select('settings')
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      return r ? alertSettingsSchema.parse(JSON.parse(r.settings)) : defaultAlertSettings;
    },

    async updateAlertSettings(
      actor: Actor,
      workspaceId: string,
      patch: Partial<AlertSettings>,
    ): Promise<AlertSettings> {
      const before = await service.alertSettings(workspaceId);
      const next = alertSettingsSchema.parse({ ...before, ...alertSettingsPatchSchema.parse(patch) });
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('alert_settings').where('workspace_id', '=', workspaceId).execute();
        await trx
          .insertInto('alert_settings')
          .values({ workspace_id: workspaceId, settings: JSON.stringify(next), updated_at: now })
          .execute();
        await recordAudit(trx, actor, now, {
          workspaceId,
          action: 'alert_settings.update',
          subjectType: 'alert_settings',
          subjectId: workspaceId,
          before,
          after: next,
        });
      });
      return next;
    },

    /** What a detector uses for one brand: stored settings over the defaults. */
    async detectorSettings(workspaceId: string, brandId: string): Promise<DetectorSettings> {
      const r = await db
        .selectFrom('detector_settings')
        .select('settings')
        .where('workspace_id', '=', workspaceId)
        .where('brand_id', '=', brandId)
        .executeTakeFirst();
      return r ? detectorSettingsSchema.parse(JSON.parse(r.settings)) : defaultDetectorSettings;
    },

    /** Every stored brand setting of every workspace, for a detector process loading at start. */
    async allDetectorSettings(): Promise<
      Array<{ workspaceId: string; brandId: string; settings: DetectorSettings }>
    > {
      const rows = await db.selectFrom('detector_settings').selectAll().execute();
      return rows.map((r) => ({
        workspaceId: r.workspace_id,
        brandId: r.brand_id,
        settings: detectorSettingsSchema.parse(JSON.parse(r.settings)),
      }));
    },

    async updateDetectorSettings(
      actor: Actor,
      workspaceId: string,
      brandId: string,
      patch: Partial<DetectorSettings>,
    ): Promise<DetectorSettings> {
      const before = await service.detectorSettings(workspaceId, brandId);
      const next = detectorSettingsSchema.parse({ ...before, ...detectorSettingsPatchSchema.parse(patch) });
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('detector_settings')
          .where('workspace_id', '=', workspaceId)
          .where('brand_id', '=', brandId)
          .execute();
        await trx
          .insertInto('detector_settings')
          .values({
            workspace_id: workspaceId,
            brand_id: brandId,
            settings: JSON.stringify(next),
            updated_at: now,
          })
          .execute();
        await recordAudit(trx, actor, now, {
          workspaceId,
          action: 'detector_settings.update',
          subjectType: 'brand',
          subjectId: brandId,
          before,
          after: next,
        });
      });
      return next;
    },
  };
  return service;
}
