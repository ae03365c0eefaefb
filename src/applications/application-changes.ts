import type { Change } from '../common/config-changes';
import type { ApplicationEntity } from './application.entity';

/** What the application writers announce on the change feed, so caches drop exactly what changed. */

type ApplicationKeys = Pick<ApplicationEntity, 'id' | 'consumer_id'>;

/** An instance or status change alters its application's access and its consumer's ACL groups. */
export function applicationChanged(application: ApplicationKeys | null): Change[] {
  if (!application) return [{ topic: 'applications' }, { topic: 'acls' }];
  return [
    { topic: 'applications', id: application.id },
    { topic: 'acls', id: application.consumer_id },
  ];
}

/** An application and its consumer change together (its name and client id are the consumer's). */
export function applicationAndConsumer(application: ApplicationKeys): Change[] {
  return [
    { topic: 'applications', id: application.id },
    { topic: 'consumers', id: application.consumer_id },
  ];
}
