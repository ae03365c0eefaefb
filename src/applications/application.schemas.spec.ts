import type { PorticoError } from '../common/http-errors';
import {
  ApplicationCreateSchema,
  DeveloperCreateSchema,
  DeveloperRegisterSchema,
  InstanceAdminUpdateSchema,
  InstanceRequestSchema,
} from './application.schemas';
import { validateBody } from '../common/request-body';
import { toStatus } from './status';

const fields = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return (err as PorticoError).body.fields;
  }
  throw new Error('expected a schema violation');
};

describe('developer, application and instance bodies', () => {
  it('takes a status as an integer or a label, from JSON and from forms', () => {
    expect(validateBody(InstanceAdminUpdateSchema, { status: 0 })).toEqual({ status: 0 });
    expect(validateBody(InstanceAdminUpdateSchema, { status: 'revoked' })).toEqual({ status: 'revoked' });
    expect(validateBody(InstanceAdminUpdateSchema, { status: '3', suspended: 'true' }, true)).toEqual({ status: 3, suspended: true });
    expect(validateBody(InstanceAdminUpdateSchema, { status: 'approved' }, true)).toEqual({ status: 'approved' });
    expect(toStatus('revoked')).toBe(3);
    expect(toStatus(2)).toBe(2);
  });

  it.each([[4], ['invited'], [-1], ['3'], [true], ['APPROVED']])('refuses instance status %p', (status) => {
    expect(fields(() => validateBody(InstanceAdminUpdateSchema, { status }))).toEqual({
      status: 'expected one of: 0, 1, 2, 3, approved, pending, rejected, revoked',
    });
  });

  it('knows the developer-only statuses', () => {
    expect(validateBody(DeveloperCreateSchema, { email: 'a@b.co', password: '12345678', status: 'unverified' })).toMatchObject({ status: 'unverified' });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['status', { status: 0 }, { status: 'unknown field' }],
    ['developer', { developer: { id: 'x' } }, { developer: 'unknown field' }],
    ['consumer', { consumer: { id: 'x' } }, { consumer: 'unknown field' }],
  ])('refuses a developer-supplied %s on applications', (_name, extra, expected) => {
    expect(fields(() => validateBody(ApplicationCreateSchema, { name: 'a', custom_id: 'c', ...extra }))).toEqual(expected);
  });

  it('refuses a status on registration', () => {
    expect(fields(() => validateBody(DeveloperRegisterSchema, { email: 'a@b.co', password: '12345678', status: 0 }))).toEqual({ status: 'unknown field' });
  });

  it('accepts and keeps apart the status a developer sends with an access request', () => {
    const service = { id: '5c5b2c1e-8e6f-4a4e-9d0a-1f2e3d4c5b6a' };
    expect(validateBody(InstanceRequestSchema, { service, status: 0, suspended: false })).toEqual({ service, status: 0, suspended: false });
    expect(fields(() => validateBody(InstanceRequestSchema, { service, application: { id: 'x' } }))).toEqual({ application: 'unknown field' });
  });

  it.each([
    ['a space', 'my client'],
    ['a newline', 'client\n'],
    ['empty', ''],
  ])('refuses a custom_id with %s', (_name, custom_id) => {
    expect(fields(() => validateBody(ApplicationCreateSchema, { name: 'a', custom_id }))).toHaveProperty('custom_id');
  });

  it('refuses non-object bodies', () => {
    expect(() => validateBody(ApplicationCreateSchema, '"x"')).toThrow('expected a JSON object');
    expect(() => validateBody(ApplicationCreateSchema, [1])).toThrow('expected a JSON object');
  });
});
