/**
 * A crisis team and a data-breach playbook for the crises/statements tests. They stand in for the team
 * and playbook modules (issue 6, part P) through the same contract (`ctx.team`, `ctx.playbooks`) until
 * those modules are assembled; the tests put them on the context in place of whatever is assembled, so these tests do not depend on the team
 * and playbook storage (which has its own tests).
 */
import type { AppContext } from '../../src/app-context.ts';
import type {
  PlaybookCatalog,
  StoredPlaybookLike,
  TeamDirectory,
  TeamPersonLike,
} from '../../src/modules/crises/index.ts';

export const dataBreach: StoredPlaybookLike = {
  id: 'pbk_test_breach',
  workspaceId: 'any',
  key: 'data-breach',
  version: 3,
  spec: {
    key: 'data-breach',
    name: 'Data breach',
    steps: [
      {
        id: 'alert-team',
        title: 'Tell the crisis team',
        kind: 'notify_people',
        owner: 'crisis_lead',
        dueMinutes: 0,
        notify: ['crisis_lead', 'legal', 'spokesperson'],
      },
      {
        id: 'contain',
        title: 'Contain the breach and list what leaked',
        kind: 'task',
        owner: 'it_security',
        dueMinutes: 10,
      },
      {
        id: 'holding',
        title: 'Draft the holding statement',
        kind: 'draft_statement',
        owner: 'spokesperson',
        dueMinutes: 15,
        statement: 'holding',
      },
      {
        id: 'approve',
        title: 'Approve the holding statement',
        kind: 'approval',
        owner: 'legal',
        dueMinutes: 30,
        statement: 'holding',
      },
      {
        id: 'publish',
        title: 'Publish the holding statement',
        kind: 'publish',
        owner: 'spokesperson',
        dueMinutes: 45,
        statement: 'holding',
      },
    ],
    statements: [
      {
        kind: 'holding',
        approvals: ['legal', 'spokesperson'],
        templates: [
          {
            channel: 'site',
            lang: 'en',
            title: 'About the {{brand}} data incident',
            body: 'We found that {{incident_summary}}.\n\nWe are sorry. Updates: {{statement_url}}',
          },
          {
            channel: 'site',
            lang: 'he',
            title: 'הודעה בנוגע לאירוע המידע ב-{{brand}}',
            body: 'גילינו כי {{incident_summary}}.\n\nאנו מתנצלים. עדכונים: {{statement_url}}',
          },
          { channel: 'x', lang: 'he', body: '{{brand}}: אירוע מידע. פרטים: {{statement_url}}' },
          { channel: 'internal', lang: 'en', body: 'Phone reps: read the site text, do not speculate.' },
        ],
      },
    ],
  },
};

export interface TestTeam extends TeamDirectory {
  people: TeamPersonLike[];
}

export function person(
  id: string,
  name: string,
  roles: string[],
  extra: Partial<TeamPersonLike> = {},
): TeamPersonLike {
  return {
    id,
    name,
    email: null,
    phone: null,
    slack: null,
    telegram: null,
    userId: null,
    roles,
    available: true,
    ...extra,
  };
}

export function testTeam(people: TeamPersonLike[]): TestTeam {
  return {
    people,
    async peopleForRole(_ws, role) {
      return people
        .filter((p) => p.roles.includes(role))
        .sort((a, b) => Number(b.available) - Number(a.available));
    },
    async rolesOfUser(_ws, userId) {
      return people.find((p) => p.userId === userId)?.roles ?? [];
    },
  };
}

export function testCatalog(playbooks: StoredPlaybookLike[]): PlaybookCatalog {
  return {
    async choose(_ws, q) {
      return q.type === 'external_force' ? (playbooks[0] ?? null) : null;
    },
    async get(_ws, key, version) {
      return playbooks.find((p) => p.key === key && (version === undefined || p.version === version)) ?? null;
    },
  };
}

/** Puts the stand-ins on the context (the services look them up on each call). */
export function installTeamAndPlaybooks(ctx: AppContext, team: TestTeam, catalog: PlaybookCatalog): void {
  const c = ctx as unknown as { team?: TeamDirectory; playbooks?: PlaybookCatalog };
  c.team = team;
  c.playbooks = catalog;
}
