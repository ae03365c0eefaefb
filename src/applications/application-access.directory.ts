import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigChanges } from '../common/config-changes';
import { ApplicationInstancesRepository } from './application-instances.repository';
import { ApplicationsRepository } from './applications.repository';
import { DevelopersRepository } from './developers.repository';

/** What the proxy needs to know about an application consumer to decide on a request. */
export interface ApplicationAccess {
  applicationId: string;
  developerStatus: number;
  /** By service id: the application's instance for that service. */
  instances: ReadonlyMap<string, { readonly status: number; readonly suspended: boolean }>;
}

const MAX_ENTRIES = 100_000;

/**
 * Application lookups by consumer id for the proxy path, cached including misses and dropped whole
 * whenever an application, instance, developer, consumer or service changes. Writers await that
 * before answering, so a status change is enforced from the very next request, on every listener.
 */
@Injectable()
export class ApplicationAccessDirectory implements OnModuleDestroy {
  private cache = new Map<string, Promise<ApplicationAccess | null>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly instances: ApplicationInstancesRepository,
    private readonly developers: DevelopersRepository,
    changes: ConfigChanges,
  ) {
    this.unsubscribe = changes.subscribe(['applications', 'developers', 'consumers', 'services'], () => this.invalidate());
  }

  onModuleDestroy() {
    this.unsubscribe();
  }

  forConsumer(consumerId: string): Promise<ApplicationAccess | null> {
    let hit = this.cache.get(consumerId);
    if (!hit) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      hit = this.load(consumerId);
      this.cache.set(consumerId, hit);
      // A failed lookup (database down) must not be remembered as an answer.
      hit.catch(() => this.cache.get(consumerId) === hit && this.cache.delete(consumerId));
    }
    return hit;
  }

  invalidate(): void {
    this.cache = new Map();
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
      developerStatus: developer?.status ?? -1,
      instances: new Map(instances.map((i) => [i.service_id, Object.freeze({ status: i.status, suspended: i.suspended })])),
    });
  }
}
