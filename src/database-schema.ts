// The one place that knows every feature's tables: the listeners, the CLI's migrations and
// ormconfig.ts all map the same entities.
import type { DatabaseSchema } from './database/data-source';
import { MIGRATIONS } from './database/migrations';
import { SettingEntity } from './database/setting.entity';
import { ServiceEntity } from './gateway/service.entity';
import { RouteEntity } from './gateway/route.entity';
import { PluginEntity } from './gateway/plugin.entity';
import { ConsumerEntity } from './consumers/consumer.entity';
import { ConsumerAclEntity } from './consumers/consumer-acl.entity';
import { DeveloperEntity } from './applications/developer.entity';
import { ApplicationEntity } from './applications/application.entity';
import { ApplicationInstanceEntity } from './applications/application-instance.entity';
import { AuditRequestEntity } from './audit/audit-request.entity';
import { AuditObjectEntity } from './audit/audit-object.entity';
import { AuditSubscriber } from './audit/audit-subscriber';

export const PORTICO_SCHEMA: DatabaseSchema = {
  entities: [
    ServiceEntity,
    RouteEntity,
    ConsumerEntity,
    ConsumerAclEntity,
    PluginEntity,
    SettingEntity,
    DeveloperEntity,
    ApplicationEntity,
    ApplicationInstanceEntity,
    AuditRequestEntity,
    AuditObjectEntity,
  ],
  migrations: MIGRATIONS,
  subscribers: [AuditSubscriber],
};
