/**
 * The alerts module: signals → alerts (de-duplication, cooldown, lifecycle, escalation) → routing rules →
 * notification channels. `createAlertsModule` builds its services; the crises module, the detectors and
 * the server use it through this file.
 */
import type { Kysely } from 'kysely';
import type { Notifiers } from '../../notify/index.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type AlertsServiceDeps, createAlertsService } from './alerts.service.ts';
import { createChannelsService } from './channels.service.ts';
import { createRoutingService } from './routing.service.ts';
import { createSettingsService } from './settings.service.ts';

export type { AlertSettings, AlertState, DetectorSettings, Sensitivity } from './alerts.model.ts';
export {
  defaultAlertSettings,
  defaultDetectorSettings,
  effectiveSensitivity,
  sensitivityFactor,
} from './alerts.model.ts';
export type { AlertView, DeliveryView } from './alerts.presenter.ts';
export type { AlertsService, BrandInfo } from './alerts.service.ts';
export type { NotificationChannelView } from './channels.service.ts';
export type { RoutingRuleView } from './routing.service.ts';

export interface AlertsModuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  notifiers: Notifiers;
  secretKey: Buffer;
  allowPrivateNetworks: boolean;
  disableAfterFailures?: number;
  brandInfo: AlertsServiceDeps['brandInfo'];
  publicUrl?: string;
  log?: AlertsServiceDeps['log'];
  openCrisis?: AlertsServiceDeps['openCrisis'];
}

export type AlertsModule = ReturnType<typeof createAlertsModule>;

export function createAlertsModule(deps: AlertsModuleDeps) {
  const settings = createSettingsService({ db: deps.db, clock: deps.clock });
  const channels = createChannelsService(deps);
  const routing = createRoutingService({
    db: deps.db,
    clock: deps.clock,
    existingChannels: (workspaceId, ids) => channels.existing(workspaceId, ids),
  });
  const alerts = createAlertsService({ ...deps, channels, routing, settings });
  return { alerts, channels, routing, settings, notifiers: deps.notifiers };
}
