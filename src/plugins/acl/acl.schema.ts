import { Static, Type } from '@sinclair/typebox';
import { nullable } from '../../common/kong-schema';

const Groups = (description: string) =>
  nullable(Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { description, default: null }));

export const AclConfigSchema = Type.Object(
  {
    allow: Groups('Consumers in at least one of these groups may pass; everyone else gets 403. Exclusive with `deny`.'),
    deny: Groups('Consumers in any of these groups get 403; everyone else may pass. Exclusive with `allow`.'),
    hide_groups_header: Type.Boolean({ default: false, description: 'Do not send `X-Consumer-Groups` to the upstream.' }),
  },
  { additionalProperties: false },
);

export type AclConfig = Static<typeof AclConfigSchema>;

/** Kong's entity check: exactly one of allow/deny. */
export function validateAclConfig(config: AclConfig): Record<string, string> | null {
  const allow = Boolean(config.allow?.length);
  const deny = Boolean(config.deny?.length);
  if (allow !== deny) return null;
  const message = allow
    ? "only one of these fields must be non-empty: 'config.allow', 'config.deny'"
    : "at least one of these fields must be non-empty: 'config.allow', 'config.deny'";
  return { allow: message };
}
