/**
 * The crises module: crises (status machine, team assignments, links, notes), their playbook tasks and
 * the timeline. Other modules use it through this file: `recordCrisisEvent` to put their events on a
 * crisis timeline, `ctx.crises` for the rest.
 */
import type { Kysely } from 'kysely';
import type { Notifiers } from '../../notify/index.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type CrisesServiceDeps, createCrisesService } from './crises.service.ts';
import { createCrisisNotifier } from './notifications.ts';
import { createTasksService } from './tasks.service.ts';

export type {
  Assignment,
  MentionRef,
  PlaybookCatalog,
  StoredPlaybookLike,
  TeamDirectory,
  TeamPersonLike,
} from './crises.model.ts';
export { crisisStatuses, crisisTypes, mentionRefKey, transitions } from './crises.model.ts';
export type { CrisisView, TaskView } from './crises.presenter.ts';
export type { CrisesService, CrisisPatch, OpenCrisisInput, Trx } from './crises.service.ts';
export type { TasksService } from './tasks.service.ts';
export { type CrisisEvent, type CrisisEventInput, listCrisisEvents, recordCrisisEvent } from './timeline.ts';

export interface CrisesModuleDeps extends Omit<CrisesServiceDeps, 'notifier'> {
  db: Kysely<Database>;
  clock: Clock;
  notifiers?: Notifiers;
}

export type CrisesModule = ReturnType<typeof createCrisesModule>;

/**
 * `ctx.crises`: the crisis service itself (open, get, list, transition, update, assign, addNote,
 * linkMentions, linkStories, linkAlert, links, timeline, variables) plus `tasks`.
 * `onMentionsLinked` may be set after construction (the inbox is built later).
 */
export function createCrisesModule(deps: CrisesModuleDeps) {
  const crises = createCrisesService({
    ...deps,
    notifier: deps.notifiers ? createCrisisNotifier(deps.notifiers) : undefined,
    onMentionsLinked: (trx, ws, id, mentions) =>
      module.onMentionsLinked?.(trx, ws, id, mentions) ?? Promise.resolve(),
  });
  const tasks = createTasksService({ db: deps.db, clock: deps.clock, team: deps.team });
  const module = {
    ...crises,
    tasks,
    /** The inbox may set (or replace) this after construction. */
    onMentionsLinked: deps.onMentionsLinked,
  };
  return module;
}
