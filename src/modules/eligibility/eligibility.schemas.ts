import { z } from 'zod';
import { CONDITION_OPS } from './eligibility.rules.js';

const text = (max: number) => z.string().trim().min(1).max(max);
export const localized = z.object({ fa: text(300), ar: text(300), en: text(300) }).strict();
const attributeName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,39}$/, 'letters, digits, _ and . (up to 40)');
const scalar = z.union([z.string().max(100), z.number().finite(), z.boolean()]);

export const conditionSchema = z.object({
  attribute: attributeName,
  op: z.enum(CONDITION_OPS),
  value: z.union([scalar, z.array(z.union([z.string().max(100), z.number().finite()])).min(1).max(50)]).optional(),
}).strict().superRefine((c, ctx) => {
  const list = c.op === 'in' || c.op === 'not_in';
  const none = c.op === 'exists' || c.op === 'missing';
  if (none && c.value !== undefined) ctx.addIssue({ code: 'custom', message: `${c.op} takes no value` });
  if (!none && c.value === undefined) ctx.addIssue({ code: 'custom', message: `${c.op} needs a value` });
  if (list && c.value !== undefined && !Array.isArray(c.value)) ctx.addIssue({ code: 'custom', message: `${c.op} needs a list` });
  if (!list && Array.isArray(c.value)) ctx.addIssue({ code: 'custom', message: `${c.op} takes one value` });
  if (['lt', 'lte', 'gt', 'gte'].includes(c.op) && typeof c.value !== 'number') ctx.addIssue({ code: 'custom', message: `${c.op} compares numbers` });
});

const ruleFields = {
  serviceCode: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/).nullable().describe('null: every service'),
  cityId: z.string().max(64).nullable().describe('null: every city'),
  subject: z.enum(['customer', 'provider']),
  conditions: z.array(conditionSchema).min(1).max(20),
  code: z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/).describe('stable reason code clients switch on'),
  messages: localized,
  active: z.boolean(),
};

export const ruleCreateBody = z.object({ ...ruleFields, active: ruleFields.active.default(false), reason: z.string().max(500).optional() }).strict();
export const ruleUpdateBody = z.object({
  ...Object.fromEntries(Object.entries(ruleFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof ruleFields]: z.ZodOptional<(typeof ruleFields)[K]> },
  version: z.number().int().min(1).describe('the version you read; a concurrent change answers 409'),
  reason: z.string().max(500).optional(),
}).strict();
export const ruleDeleteBody = z.object({ reason: text(500) }).strict();
export const idParam = z.object({ id: z.string().max(64) }).strict();
export const userIdParam = z.object({ userId: z.string().max(64) }).strict();
export const attributesBody = z.object({
  attributes: z.record(attributeName, z.union([z.string().max(100), z.number().finite(), z.boolean(), z.null()]))
    .refine((a) => Object.keys(a).length <= 30, 'at most 30 attributes'),
  reason: text(500),
}).strict();

export const ruleReply = z.object({
  id: z.string(), serviceCode: z.string().nullable(), cityId: z.string().nullable(), subject: z.enum(['customer', 'provider']),
  conditions: z.array(z.object({ attribute: z.string(), op: z.string(), value: z.unknown().optional() })),
  effect: z.literal('deny'), code: z.string(), messages: z.object({ fa: z.string(), ar: z.string(), en: z.string() }),
  active: z.boolean(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
export const attributesReply = z.object({ userId: z.string(), attributes: z.record(z.string(), z.unknown()) });

export type RuleCreateBody = z.infer<typeof ruleCreateBody>;
export type RuleUpdateBody = z.infer<typeof ruleUpdateBody>;
