/**
 * The crisis team without I/O: people and their contacts, crisis roles (the standard eight + custom keys),
 * availability, ambassadors, the input schemas and the ordering rule of `peopleForRole`.
 * Crisis roles are not workspace permission roles (admin > approver > responder > viewer): a legal
 * counsel may hold the crisis role `legal` and the workspace role approver.
 */
import { z } from 'zod';
import { type StandardCrisisRole, standardCrisisRoles } from '../../domain/playbook.ts';

export { standardCrisisRoles };

export const standardRoleNames: Record<StandardCrisisRole, string> = {
  crisis_lead: 'Crisis lead',
  spokesperson: 'Spokesperson',
  legal: 'Legal',
  it_security: 'IT / security',
  social_media: 'Social media',
  customer_service: 'Customer service',
  marketing: 'Marketing',
  executive_sponsor: 'Executive sponsor',
};

export const isStandardRole = (key: string): key is StandardCrisisRole =>
  (standardCrisisRoles as readonly string[]).includes(key);

export const availabilities = ['available', 'on_call', 'unavailable'] as const;
export type Availability = (typeof availabilities)[number];

/** The contract shape (CRISIS.md): what the crises, statements and inbox modules read. */
export interface TeamPerson {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  slack: string | null;
  telegram: string | null;
  userId: string | null;
  /** Crisis roles this person holds (as primary or deputy), in the order of the roles list. */
  roles: string[];
  /** Available or on call. */
  available: boolean;
}

export interface TeamPersonView extends TeamPerson {
  availability: Availability;
  availabilityNote: string | null;
  notes: string | null;
  holds: Array<{ role: string; primary: boolean }>;
  createdAt: number;
  updatedAt: number;
}

export interface RoleHolderView {
  personId: string;
  name: string;
  primary: boolean;
  availability: Availability;
  available: boolean;
}

export interface TeamRoleView {
  key: string;
  name: string;
  description: string | null;
  standard: boolean;
  /** How long to wait for the first holder before calling the next one (null: the caller decides). */
  escalateAfterMinutes: number | null;
  /** Primaries first, then deputies, each in their order. */
  holders: RoleHolderView[];
}

export interface AmbassadorChannel {
  platform: string;
  handle: string;
  url?: string;
}

export interface Ambassador {
  id: string;
  name: string;
  /** A brand ambassador (employee, loyal customer) or a friendly influencer. */
  kind: 'ambassador' | 'influencer';
  email: string | null;
  phone: string | null;
  channels: AmbassadorChannel[];
  languages: string[];
  topics: string[];
  notes: string | null;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export const roleKeySchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'a role key is lower-case letters, digits and _, starting with a letter');

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const contact = {
  email: z.string().trim().max(320).pipe(z.email('an e-mail address')).nullable().optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^\+?[0-9 ()./-]{3,40}$/, 'a phone number: digits, spaces, + ( ) - . /')
    .nullable()
    .optional(),
  slack: optionalText(200),
  telegram: optionalText(200),
};

export const personInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  ...contact,
  userId: z.string().min(1).max(64).nullable().optional(),
  availability: z.enum(availabilities).default('available'),
  availabilityNote: optionalText(500),
  notes: optionalText(5_000),
});
export type PersonInput = z.input<typeof personInputSchema>;

export const personPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  ...contact,
  userId: z.string().min(1).max(64).nullable().optional(),
  availability: z.enum(availabilities).optional(),
  availabilityNote: optionalText(500),
  notes: optionalText(5_000),
});
export type PersonPatch = z.input<typeof personPatchSchema>;

export const roleInputSchema = z.strictObject({
  key: roleKeySchema,
  name: z.string().trim().min(1).max(100),
  description: optionalText(1_000),
  escalateAfterMinutes: z.number().int().min(1).max(1_440).nullable().optional(),
});
export type RoleInput = z.input<typeof roleInputSchema>;

export const rolePatchSchema = roleInputSchema.omit({ key: true }).partial();
export type RolePatch = z.input<typeof rolePatchSchema>;

export const holdersInputSchema = z.strictObject({
  primary: z.array(z.string().min(1).max(64)).max(20).default([]),
  deputies: z.array(z.string().min(1).max(64)).max(50).default([]),
});
export type HoldersInput = z.input<typeof holdersInputSchema>;

export const escalationInputSchema = z.strictObject({ roles: z.array(roleKeySchema).max(20) });

const ambassadorChannelSchema = z.strictObject({
  platform: z.string().trim().min(1).max(40),
  handle: z.string().trim().min(1).max(200),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .optional(),
});

export const ambassadorInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['ambassador', 'influencer']).default('ambassador'),
  email: contact.email,
  phone: contact.phone,
  channels: z.array(ambassadorChannelSchema).max(30).default([]),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language code such as en, he, ru, zh'))
    .max(20)
    .default([]),
  topics: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
  notes: optionalText(5_000),
  active: z.boolean().default(true),
});
export type AmbassadorInput = z.input<typeof ambassadorInputSchema>;
export const ambassadorPatchSchema = z.strictObject({
  name: ambassadorInputSchema.shape.name.optional(),
  kind: z.enum(['ambassador', 'influencer']).optional(),
  email: contact.email,
  phone: contact.phone,
  channels: z.array(ambassadorChannelSchema).max(30).optional(),
  languages: ambassadorInputSchema.shape.languages.unwrap().optional(),
  topics: z.array(z.string().trim().min(1).max(100)).max(30).optional(),
  notes: optionalText(5_000),
  active: z.boolean().optional(),
});
export type AmbassadorPatch = z.input<typeof ambassadorPatchSchema>;

/**
 * The order in which to call the holders of a role: primaries before deputies, each in their order,
 * and among those everyone available or on call before anyone unavailable (who stays listed: a crisis
 * lead on leave is still better than nobody when every deputy is unreachable).
 */
export function orderHolders<T extends { primary: boolean; position: number; available: boolean }>(
  holders: T[],
): T[] {
  return [...holders].sort(
    (a, b) =>
      Number(b.available) - Number(a.available) ||
      Number(b.primary) - Number(a.primary) ||
      a.position - b.position,
  );
}
