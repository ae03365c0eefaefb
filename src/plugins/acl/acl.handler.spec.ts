import type { ConsumerIdentity, PluginContext } from '../../pipeline-contract/plugin-context';
import { aclDenial, AclHandler } from './acl.handler';
import { AclConfig, AclConfigSchema, validateAclConfig } from './acl.schema';
import { compileValidator } from '../../common/schema-validator';
import type { PorticoError } from '../../common/http-errors';

const consumer = (groups: string[]): ConsumerIdentity => ({ id: 'c1', username: 'u', custom_id: null, type: 'proxy', groups });
const config = (c: Partial<AclConfig>): AclConfig => ({ allow: null, deny: null, hide_groups_header: false, ...c });
const outcome = (err: PorticoError | null) => err && { status: err.status, body: err.body };

const FORBIDDEN = { status: 403, body: { message: 'You cannot consume this service' } };
const UNAUTHORIZED = { status: 401, body: { message: 'Unauthorized' } };

describe('acl decision', () => {
  it.each<[string, Partial<AclConfig>, string[] | null, typeof FORBIDDEN | null]>([
    ['allow: member of one listed group', { allow: ['a', 'b'] }, ['x', 'b'], null],
    ['allow: member of none', { allow: ['a', 'b'] }, ['x'], FORBIDDEN],
    ['allow: no groups at all', { allow: ['a'] }, [], FORBIDDEN],
    ['allow: group names are exact (case)', { allow: ['admins'] }, ['Admins'], FORBIDDEN],
    ['allow: group names are exact (prefix)', { allow: ['admin'] }, ['admins'], FORBIDDEN],
    ['deny: member of a denied group', { deny: ['banned'] }, ['ok', 'banned'], FORBIDDEN],
    ['deny: member of none', { deny: ['banned'] }, ['ok'], null],
    ['deny: no groups at all', { deny: ['banned'] }, [], null],
    ['no consumer (allow)', { allow: ['a'] }, null, UNAUTHORIZED],
    ['no consumer (deny)', { deny: ['a'] }, null, UNAUTHORIZED],
  ])('%s', (_name, cfg, groups, expected) => {
    expect(outcome(aclDenial(groups ? consumer(groups) : null, config(cfg)))).toEqual(expected);
  });

  it('hides the groups header only when configured, and only for consumers it lets through', () => {
    const ctx = { consumer: consumer(['a']), hideGroups: false } as PluginContext;
    new AclHandler(config({ allow: ['a'] })).checkAccess(ctx);
    expect(ctx.hideGroups).toBe(false);
    new AclHandler(config({ allow: ['a'], hide_groups_header: true })).checkAccess(ctx);
    expect(ctx.hideGroups).toBe(true);

    const denied = { consumer: consumer(['x']), hideGroups: false } as PluginContext;
    expect(() => new AclHandler(config({ allow: ['a'], hide_groups_header: true })).checkAccess(denied)).toThrow('You cannot consume this service');
  });
});

describe('acl config', () => {
  const validate = compileValidator<AclConfig>(AclConfigSchema);

  it('fills defaults', () => {
    expect(validate({ allow: ['a'] })).toEqual({ ok: true, value: { allow: ['a'], deny: null, hide_groups_header: false } });
  });

  it.each<[string, Partial<AclConfig>, Record<string, string> | null]>([
    ['allow only', { allow: ['a'] }, null],
    ['deny only', { deny: ['a'] }, null],
    ['both', { allow: ['a'], deny: ['b'] }, { allow: "only one of these fields must be non-empty: 'config.allow', 'config.deny'" }],
    ['neither', {}, { allow: "at least one of these fields must be non-empty: 'config.allow', 'config.deny'" }],
    ['empty lists count as unset', { allow: [], deny: [] }, { allow: "at least one of these fields must be non-empty: 'config.allow', 'config.deny'" }],
  ])('exactly one of allow/deny: %s', (_name, cfg, expected) => {
    expect(validateAclConfig(config(cfg))).toEqual(expected);
  });
});
