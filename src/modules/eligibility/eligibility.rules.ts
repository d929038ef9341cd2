import type { AttributeValue } from './eligibility.tables.js';

export const CONDITION_OPS = ['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'exists', 'missing'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** One test on one attribute of the subject; a rule denies when all its conditions hold. */
export interface Condition {
  attribute: string;
  op: ConditionOp;
  value?: string | number | boolean | Array<string | number>;
}

export type Attributes = Record<string, AttributeValue | undefined>;

const norm = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v);

/**
 * Whether a condition holds. A missing attribute satisfies only `missing` (and `neq`/`not_in` do not
 * match it either): a rule never denies on data it does not have, unless it asks for that.
 */
export function conditionHolds(c: Condition, attrs: Attributes): boolean {
  const raw = attrs[c.attribute];
  const present = raw !== undefined && raw !== null && raw !== '';
  if (c.op === 'exists') return present;
  if (c.op === 'missing') return !present;
  if (!present) return false;
  const v = norm(raw);
  const want = Array.isArray(c.value) ? c.value.map(norm) : norm(c.value);
  switch (c.op) {
    case 'eq': return v === want;
    case 'neq': return v !== want;
    case 'in': return Array.isArray(want) && want.includes(v as string | number);
    case 'not_in': return Array.isArray(want) && !want.includes(v as string | number);
    default: return compare(c.op, v, want);
  }
}

function compare(op: 'lt' | 'lte' | 'gt' | 'gte', v: unknown, want: unknown): boolean {
  const a = typeof v === 'number' ? v : Number(v);
  const b = typeof want === 'number' ? want : Number(want);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return op === 'lt' ? a < b : op === 'lte' ? a <= b : op === 'gt' ? a > b : a >= b;
}

/** A rule with no conditions would deny everyone: the schema refuses it, and this guards again. */
export function ruleMatches(conditions: Condition[], attrs: Attributes): boolean {
  return conditions.length > 0 && conditions.every((c) => conditionHolds(c, attrs));
}
