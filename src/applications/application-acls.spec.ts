import type { ConsumerAclEntity } from '../consumers/consumer-acl.entity';
import { wantedAclGroups } from './application-acls';
import { Status } from './status';

const acl = (group: string) => ({ id: `acl-${group}`, consumer_id: 'c', group }) as ConsumerAclEntity;
const instance = (service_id: string, status: number, suspended = false) => ({ service_id, status, suspended });

describe('wantedAclGroups', () => {
  it('wants exactly the approved, unsuspended services of an approved developer', () => {
    const instances = [instance('s1', Status.APPROVED), instance('s2', Status.PENDING), instance('s3', Status.APPROVED, true)];
    expect(wantedAclGroups(instances, Status.APPROVED, [acl('s2'), acl('s3')])).toEqual({ stale: [acl('s2'), acl('s3')], missing: ['s1'] });
  });

  it('wants nothing for a developer who is not approved', () => {
    expect(wantedAclGroups([instance('s1', Status.APPROVED)], Status.REVOKED, [acl('s1')])).toEqual({ stale: [acl('s1')], missing: [] });
  });

  it('leaves groups that are not its services alone, unless told they were', () => {
    expect(wantedAclGroups([], Status.APPROVED, [acl('partners'), acl('s9')])).toEqual({ stale: [], missing: [] });
    expect(wantedAclGroups([], Status.APPROVED, [acl('partners'), acl('s9')], ['s9'])).toEqual({ stale: [acl('s9')], missing: [] });
  });

  it('changes nothing when the groups already match', () => {
    expect(wantedAclGroups([instance('s1', Status.APPROVED)], Status.APPROVED, [acl('s1')])).toEqual({ stale: [], missing: [] });
  });
});
