import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Cache } from '../common/cache';
import { staleApplicationAccess } from '../common/cache-invalidation';
import { ConfigChanges } from '../common/config-changes';
import { ApplicationInstancesRepository } from './application-instances.repository';
import { ApplicationsRepository } from './applications.repository';
import { DevelopersRepository } from './developers.repository';

/** What the proxy needs to know about an application consumer to decide on a request. */
export interface ApplicationAccess {
  applicationId: string;
  developerId: string;
  developerStatus: number;
  /** By service id: the application's instance for that service. */
  instances: ReadonlyMap<string, { readonly status: number; readonly suspended: boolean }>;
}

const MAX_ENTRIES = 100_000;

/**
 * Application lookups by consumer id for the proxy path, cached including misses. A change drops only
 * what it touches: one application's entry, one developer's applications, one consumer's entry (a
 * service change, rare and cascading to instances, drops everything). Writers await this before
 * answering, so a status change is enforced from this node's very next request; the change feed
 * brings it to every other node.
 */
@Injectable()
export class ApplicationAccessDirectory implements OnModuleDestroy {
  private readonly cache = new Cache<ApplicationAccess | null>({ name: 'application-access', max: MAX_ENTRIES });
  private readonly unsubscribe: () => void;

  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly instances: ApplicationInstancesRepository,
    private readonly developers: DevelopersRepository,
    changes: ConfigChanges,
  ) {
    this.unsubscribe = changes.subscribe(['applications', 'developers', 'consumers', 'services'], (batch) => this.cache.invalidate(staleApplicationAccess(batch)));
  }

  onModuleDestroy() {
    this.unsubscribe();
  }

  forConsumer(consumerId: string): Promise<ApplicationAccess | null> {
    return this.cache.load(consumerId, () => this.load(consumerId));
  }

  private async load(consumerId: string): Promise<ApplicationAccess | null> {
    const application = await this.applications.getByConsumerId(consumerId);
    if (!application) return null;
    const [developer, instances] = await Promise.all([
      this.developers.getById(application.developer_id),
      this.instances.allOfApplications([application.id]),
    ]);
    return Object.freeze({
      applicationId: application.id,
      developerId: application.developer_id,
      developerStatus: developer?.status ?? -1,
      instances: new Map(instances.map((i) => [i.service_id, Object.freeze({ status: i.status, suspended: i.suspended })])),
    });
  }
}
