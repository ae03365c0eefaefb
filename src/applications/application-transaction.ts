import type { EntityManager } from 'typeorm';
import { ConsumerAclsRepository } from '../consumers/consumer-acls.repository';
import { ConsumersRepository } from '../consumers/consumers.repository';
import { ApplicationInstancesRepository } from './application-instances.repository';
import type { ApplicationEntity } from './application.entity';
import { ApplicationsRepository } from './applications.repository';
import type { DeveloperEntity } from './developer.entity';
import { DevelopersRepository } from './developers.repository';
import { wantedAclGroups } from './application-acls';

/**
 * The writes that must land together (an application and its consumer, an instance and its ACL
 * group, a developer's status and every instance it suspends): the tables' own repositories, bound to
 * one transaction, so each query is written once — here only the steps that span tables.
 */
export class ApplicationTransaction {
  readonly developers: DevelopersRepository;
  readonly applications: ApplicationsRepository;
  readonly instances: ApplicationInstancesRepository;
  readonly consumers: ConsumersRepository;
  readonly acls: ConsumerAclsRepository;

  constructor(em: EntityManager) {
    const ds = em.connection;
    this.developers = new DevelopersRepository(ds).inTransaction(em);
    this.applications = new ApplicationsRepository(ds).inTransaction(em);
    this.instances = new ApplicationInstancesRepository(ds).inTransaction(em);
    this.consumers = new ConsumersRepository(ds).inTransaction(em);
    this.acls = new ConsumerAclsRepository(ds).inTransaction(em);
  }

  async deleteDeveloper(row: DeveloperEntity): Promise<void> {
    for (const application of await this.applications.allOfDeveloper(row.id)) await this.deleteApplication(application);
    await this.developers.delete(row);
  }

  /** The application, its instances, its consumer and with it the consumer's ACLs (cascade). */
  async deleteApplication(row: ApplicationEntity): Promise<void> {
    await this.instances.deleteOfApplication(row.id);
    await this.applications.delete(row);
    await this.consumers.deleteOfApplication(row.consumer_id);
  }

  /**
   * Makes the application consumer's ACL groups match its instances (see wantedAclGroups); groups an
   * administrator added by hand survive. `alsoManaged` adds the service of an instance just deleted.
   */
  async syncAcls(application: ApplicationEntity, developerStatus: number, alsoManaged: string[] = []): Promise<void> {
    const instances = await this.instances.allOfApplications([application.id]);
    const existing = await this.acls.allOfConsumer(application.consumer_id);
    const { stale, missing } = wantedAclGroups(instances, developerStatus, existing, alsoManaged);
    await this.acls.deleteMany(stale);
    for (const group of missing) await this.acls.insert({ consumer_id: application.consumer_id, group });
  }
}
