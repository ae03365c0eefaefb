import { Injectable } from '@nestjs/common';
import type { PluginDefinition } from '../plugin-definition';
import { ACL_PRIORITY, AclHandler } from './acl.handler';
import { AclConfig, AclConfigSchema, validateAclConfig } from './acl.schema';

/** `acl` (SPEC §3.3): allow or deny consumers by ACL group, after they were identified. */
@Injectable()
export class AclPlugin implements PluginDefinition<AclConfig> {
  readonly name = 'acl';
  readonly priority = ACL_PRIORITY;
  readonly scopes = ['service', 'route'] as const;
  readonly configSchema = AclConfigSchema;

  validateConfig(config: AclConfig) {
    return validateAclConfig(config);
  }

  create(config: AclConfig) {
    return new AclHandler(config);
  }
}
