import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigChanges } from '../common/config-changes';
import { recordCacheLookup } from '../observability/metrics';
import type { ConsumerIdentity } from '../proxy/proxy-context';
import { ConsumerAclsRepository } from './consumer-acls.repository';
import { ConsumersRepository } from './consumers.repository';

export type ConsumerField = 'id' | 'username' | 'custom_id';

const MAX_ENTRIES = 100_000;

/**
 * Consumer lookups for the proxy path, cached including misses (a token whose claim matches nobody
 * must not cost a query per request), and dropped whole whenever a consumer or ACL changes: the
 * Admin API awaits that before answering, so the next request sees the change.
 */
@Injectable()
export class ConsumerDirectory implements OnModuleDestroy {
  private cache = new Map<string, Promise<ConsumerIdentity | null>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly consumers: ConsumersRepository,
    private readonly acls: ConsumerAclsRepository,
    changes: ConfigChanges,
  ) {
    this.unsubscribe = changes.subscribe(['consumers', 'acls', 'applications', 'developers'], () => this.invalidate());
  }

  onModuleDestroy() {
    this.unsubscribe();
  }

  find(field: ConsumerField, value: string): Promise<ConsumerIdentity | null> {
    const key = `${field}\u0000${value}`;
    let hit = this.cache.get(key);
    recordCacheLookup('consumers', hit !== undefined);
    if (!hit) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      hit = this.load(field, value);
      this.cache.set(key, hit);
      // A failed lookup (database down) must not be remembered as an answer.
      hit.catch(() => this.cache.get(key) === hit && this.cache.delete(key));
    }
    return hit;
  }

  invalidate(): void {
    this.cache = new Map();
  }

  private async load(field: ConsumerField, value: string): Promise<ConsumerIdentity | null> {
    const row = await this.consumers.getByField(field, value);
    if (!row) return null;
    const groups = Object.freeze(await this.acls.groupsOf(row.id));
    return Object.freeze({ id: row.id, username: row.username, custom_id: row.custom_id, type: row.type, groups });
  }
}
