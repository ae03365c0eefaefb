import type { ConsumerAclEntity } from '../consumers/consumer-acl.entity';
import type { ApplicationInstanceEntity } from './application-instance.entity';
import { Status } from './status';

/**
 * SPEC §4.3: an application's consumer is in group `<service id>` exactly for the services it is
 * approved for, not suspended, with an approved developer. Only groups named after this application's
 * services (`alsoManaged` adds the service of an instance just deleted) are touched, so groups an
 * administrator added by hand survive. Returns the memberships to remove and the groups to add.
 */
export function wantedAclGroups(
  instances: readonly Pick<ApplicationInstanceEntity, 'service_id' | 'status' | 'suspended'>[],
  developerStatus: number,
  existing: readonly ConsumerAclEntity[],
  alsoManaged: readonly string[] = [],
): { stale: ConsumerAclEntity[]; missing: string[] } {
  const managed = new Set([...instances.map((i) => i.service_id), ...alsoManaged]);
  const wanted = new Set(
    developerStatus === Status.APPROVED ? instances.filter((i) => i.status === Status.APPROVED && !i.suspended).map((i) => i.service_id) : [],
  );
  const present = new Set(existing.map((acl) => acl.group));
  return {
    stale: existing.filter((acl) => managed.has(acl.group) && !wanted.has(acl.group)),
    missing: [...wanted].filter((group) => !present.has(group)),
  };
}
