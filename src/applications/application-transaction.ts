import { EntityManager, EntityTarget, In, QueryFailedError } from 'typeorm';
import { recordChange } from '../audit/audit-scope';
import { Errors } from '../common/http-errors';
import { ConsumerAclEntity } from '../consumers/consumer-acl.entity';
import { ConsumerEntity } from '../consumers/consumer.entity';
import { ApplicationInstanceEntity } from './application-instance.entity';
import { ApplicationEntity } from './application.entity';
import { DeveloperEntity } from './developer.entity';
import { Status } from './status';

/**
 * The writes that must land together (an application and its consumer, an instance and its ACL
 * group, a developer's status and every instance it suspends), as narrow named queries bound to one
 * transaction.
 */
export class ApplicationTransaction {
  constructor(private readonly em: EntityManager) {}

  developer(id: string): Promise<DeveloperEntity | null> {
    return this.em.findOneBy(DeveloperEntity, { id });
  }

  saveDeveloper(row: DeveloperEntity): Promise<DeveloperEntity> {
    return this.save(DeveloperEntity, row, () => ({ email: row.email }));
  }

  async deleteDeveloper(row: DeveloperEntity): Promise<void> {
    for (const application of await this.applicationsOfDeveloper(row.id)) await this.deleteApplication(application);
    await this.em.delete(DeveloperEntity, { id: row.id });
    recordChange('delete', 'developers', row, null);
  }

  applicationsOfDeveloper(developerId: string): Promise<ApplicationEntity[]> {
    return this.em.findBy(ApplicationEntity, { developer_id: developerId });
  }

  applicationByCustomId(customId: string): Promise<ApplicationEntity | null> {
    return this.em.findOneBy(ApplicationEntity, { custom_id: customId });
  }

  applicationByName(developerId: string, name: string): Promise<ApplicationEntity | null> {
    return this.em.findOneBy(ApplicationEntity, { developer_id: developerId, name });
  }

  application(id: string): Promise<ApplicationEntity | null> {
    return this.em.findOneBy(ApplicationEntity, { id });
  }

  consumer(id: string): Promise<ConsumerEntity | null> {
    return this.em.findOneBy(ConsumerEntity, { id });
  }

  consumerByCustomId(customId: string): Promise<ConsumerEntity | null> {
    return this.em.findOneBy(ConsumerEntity, { custom_id: customId });
  }

  /** custom_id is checked beforehand; a unique violation left here is the username. */
  insertConsumer(values: Pick<ConsumerEntity, 'username' | 'custom_id' | 'type'>): Promise<ConsumerEntity> {
    return this.save(ConsumerEntity, this.em.create(ConsumerEntity, values), () => ({ username: values.username }));
  }

  saveConsumer(row: ConsumerEntity): Promise<ConsumerEntity> {
    return this.save(ConsumerEntity, row, () => ({ username: row.username }));
  }

  insertApplication(values: Partial<ApplicationEntity>): Promise<ApplicationEntity> {
    return this.save(ApplicationEntity, this.em.create(ApplicationEntity, values), () => ({ custom_id: values.custom_id }));
  }

  saveApplication(row: ApplicationEntity): Promise<ApplicationEntity> {
    return this.save(ApplicationEntity, row, () => ({ custom_id: row.custom_id }));
  }

  /** The application, its instances (cascade), its consumer and with it the consumer's ACLs (cascade). */
  async deleteApplication(row: ApplicationEntity): Promise<void> {
    await this.em.delete(ApplicationInstanceEntity, { application_id: row.id });
    await this.em.delete(ApplicationEntity, { id: row.id });
    recordChange('delete', 'applications', row, null);
    await this.em.delete(ConsumerEntity, { id: row.consumer_id });
  }

  instancesOfApplications(applicationIds: string[]): Promise<ApplicationInstanceEntity[]> {
    return applicationIds.length ? this.em.findBy(ApplicationInstanceEntity, { application_id: In(applicationIds) }) : Promise.resolve([]);
  }

  instance(id: string): Promise<ApplicationInstanceEntity | null> {
    return this.em.findOneBy(ApplicationInstanceEntity, { id });
  }

  instanceByPair(applicationId: string, serviceId: string): Promise<ApplicationInstanceEntity | null> {
    return this.em.findOneBy(ApplicationInstanceEntity, { application_id: applicationId, service_id: serviceId });
  }

  insertInstance(values: Partial<ApplicationInstanceEntity>): Promise<ApplicationInstanceEntity> {
    return this.save(ApplicationInstanceEntity, this.em.create(ApplicationInstanceEntity, values), () => ({
      application: { id: values.application_id },
      service: { id: values.service_id },
    }));
  }

  saveInstance(row: ApplicationInstanceEntity): Promise<ApplicationInstanceEntity> {
    return this.em.save(ApplicationInstanceEntity, row);
  }

  async deleteInstance(row: ApplicationInstanceEntity): Promise<void> {
    await this.em.delete(ApplicationInstanceEntity, { id: row.id });
    recordChange('delete', 'application_instances', row, null);
  }

  /**
   * Makes the application consumer's ACL groups match its instances: group `<service id>` exactly for
   * the services it is approved for, not suspended, with an approved developer. Only groups named
   * after this application's services (`alsoManaged` adds the service of an instance just deleted)
   * are touched, so groups an administrator added by hand survive.
   */
  async syncAcls(application: ApplicationEntity, developerStatus: number, alsoManaged: string[] = []): Promise<void> {
    const instances = await this.instancesOfApplications([application.id]);
    const managed = new Set([...instances.map((i) => i.service_id), ...alsoManaged]);
    const wanted = new Set(
      developerStatus === Status.APPROVED ? instances.filter((i) => i.status === Status.APPROVED && !i.suspended).map((i) => i.service_id) : [],
    );
    const existing = await this.em.findBy(ConsumerAclEntity, { consumer_id: application.consumer_id });
    const stale = existing.filter((acl) => managed.has(acl.group) && !wanted.has(acl.group));
    if (stale.length) await this.em.delete(ConsumerAclEntity, { id: In(stale.map((acl) => acl.id)) });
    const present = new Set(existing.map((acl) => acl.group));
    for (const group of wanted) {
      if (!present.has(group)) await this.em.save(ConsumerAclEntity, this.em.create(ConsumerAclEntity, { consumer_id: application.consumer_id, group }));
    }
  }

  /** A unique index that still fires (a race, or a plain consumer holding the name) is a 409, not a 500. */
  private async save<E extends object>(entity: EntityTarget<E>, row: E, fields: () => Record<string, unknown>): Promise<E> {
    try {
      return await this.em.save(entity, row);
    } catch (err) {
      if (err instanceof QueryFailedError && /UNIQUE|unique|duplicate key/.test(err.message)) throw Errors.uniqueViolation(fields());
      throw err;
    }
  }
}
