import { Type, type TSchema } from '@sinclair/typebox';

/**
 * Kong's status integers for developers and application instances. Requests may send the integer or
 * its label; responses always carry the integer.
 */
export const Status = {
  APPROVED: 0,
  PENDING: 1,
  REJECTED: 2,
  REVOKED: 3,
  INVITED: 4,
  UNVERIFIED: 5,
} as const;

export type DeveloperStatus = (typeof Status)[keyof typeof Status];
export type InstanceStatus = 0 | 1 | 2 | 3;

const LABELS = ['approved', 'pending', 'rejected', 'revoked', 'invited', 'unverified'] as const;

/** `PENDING`, as in "Unauthorized: Developer status: PENDING". */
export function statusLabel(status: number): string {
  return (LABELS[status] ?? 'unknown').toUpperCase();
}

function statusSchema(count: number, description: string): TSchema {
  const values = [...Array(count).keys()];
  return Type.Union([...values.map((v) => Type.Literal(v)), ...LABELS.slice(0, count).map((l) => Type.Literal(l))], { description });
}

export const DeveloperStatusSchema = statusSchema(
  6,
  'Developer status: 0 approved, 1 pending, 2 rejected, 3 revoked, 4 invited, 5 unverified (or the label).',
);
export const InstanceStatusSchema = statusSchema(4, 'Access status: 0 approved, 1 pending, 2 rejected, 3 revoked (or the label).');

/** A validated status (integer or label) as its integer. */
export function toStatus(value: number | string): number {
  return typeof value === 'number' ? value : LABELS.indexOf(value as (typeof LABELS)[number]);
}
