/**
 * The team module: people, crisis roles with primaries and deputies, availability, escalation order,
 * ambassadors. `ctx.team` is the service itself; `peopleForRole`, `rolesOfUser` and `ambassadors` are the
 * contract other modules read.
 */
export type {
  Ambassador,
  AmbassadorInput,
  Availability,
  PersonInput,
  TeamPerson,
  TeamPersonView,
  TeamRoleView,
} from './team.model.ts';
export { availabilities, standardCrisisRoles, standardRoleNames } from './team.model.ts';
export { createTeamService, type TeamService } from './team.service.ts';
