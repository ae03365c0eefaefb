import { PorticoError } from '../common/http-errors';
import { statusLabel } from './status';

const retryAfter = (ms: number) => ({ 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) });

/** The portal's and approval flow's denials, each with its exact body (SPEC §4) and a log reason. */
export const ApplicationErrors = {
  conflict: (field: 'custom_id' | 'name', value: string) =>
    new PorticoError(
      409,
      { code: 5, name: 'unique constraint violation', message: `application already exists with ${field}: '${value}'`, fields: { [field]: value } },
      'application_conflict',
    ),
  instanceConflict: () =>
    new PorticoError(409, { code: 5, name: 'unique constraint violation', message: 'access to this service was already requested' }, 'instance_conflict'),
  registrationDisabled: () =>
    new PorticoError(405, { code: 12, message: "'Application Registration' plugin must be enabled." }, 'registration_disabled'),
  invalidCredentials: () => new PorticoError(401, { message: 'Invalid authentication credentials' }, 'portal_bad_credentials'),
  developerNotApproved: (status: number) =>
    new PorticoError(401, { message: `Unauthorized: Developer status: ${statusLabel(status)}` }, 'developer_not_approved'),
  tooManyAttempts: (retryAfterMs: number) =>
    new PorticoError(429, { message: 'Too many failed login attempts; retry later' }, 'portal_login_throttled', retryAfter(retryAfterMs)),
  tooManyRegistrations: (retryAfterMs: number) =>
    new PorticoError(429, { message: 'Too many registrations from this address; retry later' }, 'portal_registration_limited', retryAfter(retryAfterMs)),
  decidedByAdministrator: () =>
    new PorticoError(
      403,
      { message: 'Access an administrator rejected, revoked or suspended can only be changed by an administrator' },
      'administrator_decision',
    ),
};
