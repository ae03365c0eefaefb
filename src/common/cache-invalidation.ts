import type { Change, ChangeTopic } from './config-changes';

/** Which cached entries a batch of changes makes stale: all of them, or those a predicate picks. */
export type Staleness<V> = 'all' | ((value: V, key: string) => boolean);

const idsOf = (changes: readonly Change[], topic: ChangeTopic) => new Set(changes.filter((c) => c.topic === topic).map((c) => c.id!));

/**
 * Consumer lookups (by id, username or custom_id, misses included): a consumer or ACL change drops
 * that consumer's entries; a consumer change also drops the misses, which a new or renamed consumer
 * may now answer.
 */
export function staleConsumers(changes: readonly Change[]): Staleness<{ id: string } | null> {
  if (changes.some((c) => c.id === undefined)) return 'all';
  const ids = new Set(changes.map((c) => c.id));
  const dropMisses = changes.some((c) => c.topic === 'consumers');
  return (consumer) => (consumer === null ? dropMisses : ids.has(consumer.id));
}

/**
 * Application access by consumer id: drops one application's entry, one developer's applications,
 * one consumer's entry; a new application or consumer drops the misses; a service change (rare, and
 * cascading to instances) or any change without an id drops everything.
 */
export function staleApplicationAccess(changes: readonly Change[]): Staleness<{ applicationId: string; developerId: string } | null> {
  if (changes.some((c) => c.id === undefined || c.topic === 'services')) return 'all';
  const [applications, developers, consumers] = [idsOf(changes, 'applications'), idsOf(changes, 'developers'), idsOf(changes, 'consumers')];
  const dropMisses = applications.size > 0 || consumers.size > 0;
  return (access, consumerId) =>
    access === null ? dropMisses : applications.has(access.applicationId) || developers.has(access.developerId) || consumers.has(consumerId);
}
