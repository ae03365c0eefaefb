import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Cache } from '../common/cache';
import { staleConsumers } from '../common/cache-invalidation';
import { ConfigChanges } from '../common/config-changes';
import type { ConsumerIdentity } from '../pipeline-contract/plugin-context';
import { ConsumerAclsRepository } from './consumer-acls.repository';
import { ConsumersRepository } from './consumers.repository';

export type ConsumerField = 'id' | 'username' | 'custom_id';

const MAX_ENTRIES = 100_000;

/**
 * Consumer lookups for the proxy path, cached including misses (a token whose claim matches nobody
 * must not cost a query per request). A change to one consumer or its ACLs drops that consumer's
 * entries, and a consumer change also drops the remembered misses (a new or renamed consumer may
 * answer one of them); the change feed delivers this on every node.
 */
@Injectable()
export class ConsumerDirectory implements OnModuleDestroy {
  private readonly cache = new Cache<ConsumerIdentity | null>({ name: 'consumers', max: MAX_ENTRIES });
  private readonly unsubscribe: () => void;

  constructor(
    private readonly consumers: ConsumersRepository,
    private readonly acls: ConsumerAclsRepository,
    changes: ConfigChanges,
  ) {
    this.unsubscribe = changes.subscribe(['consumers', 'acls'], (batch) => this.cache.invalidate(staleConsumers(batch)));
  }

  onModuleDestroy() {
    this.unsubscribe();
  }

  find(field: ConsumerField, value: string): Promise<ConsumerIdentity | null> {
    return this.cache.load(`${field}\u0000${value}`, () => this.load(field, value));
  }

  private async load(field: ConsumerField, value: string): Promise<ConsumerIdentity | null> {
    const row = await this.consumers.getByField(field, value);
    if (!row) return null;
    const groups = Object.freeze(await this.acls.groupsOf(row.id));
    return Object.freeze({ id: row.id, username: row.username, custom_id: row.custom_id, type: row.type, groups });
  }
}
