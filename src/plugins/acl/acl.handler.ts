import { PorticoError } from '../../common/http-errors';
import type { PluginInstance } from '../plugin-definition';
import type { ConsumerIdentity, PluginContext } from '../../pipeline-contract/plugin-context';
import { PLUGIN_PRIORITY } from '../../pipeline-contract/pipeline-order';
import type { AclConfig } from './acl.schema';

export const ACL_PRIORITY = PLUGIN_PRIORITY.acl;

const unauthorized = () => new PorticoError(401, { message: 'Unauthorized' }, 'acl_no_consumer');
const forbidden = (reason: string) => new PorticoError(403, { message: 'You cannot consume this service' }, reason);

/** The acl decision on its own: null to let the consumer through, else the denial. */
export function aclDenial(consumer: ConsumerIdentity | null, config: AclConfig): PorticoError | null {
  if (!consumer) return unauthorized();
  const groups = new Set(consumer.groups);
  if (config.allow?.length) return config.allow.some((g) => groups.has(g)) ? null : forbidden('acl_not_allowed');
  return config.deny?.some((g) => groups.has(g)) ? forbidden('acl_denied') : null;
}

/** Check-access stage: the consumer's ACL groups (cached with the consumer) against allow/deny. */
export class AclHandler implements PluginInstance {
  readonly name = 'acl';
  readonly priority = ACL_PRIORITY;

  constructor(private readonly config: AclConfig) {}

  checkAccess(ctx: PluginContext): void {
    const denial = aclDenial(ctx.consumer, this.config);
    if (denial) throw denial;
    if (this.config.hide_groups_header) ctx.hideGroups = true;
  }
}
