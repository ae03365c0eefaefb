import { Injectable } from '@nestjs/common';
import { ConfigChanges } from '../common/config-changes';
import { applicationAndConsumer } from './application-changes';
import { Errors } from '../common/http-errors';
import type { ChangeRecorder } from '../database/transactions';
import { ApplicationStore } from './application-store';
import type { ApplicationTransaction } from './application-transaction';
import { ApplicationEntity } from './application.entity';
import { ApplicationErrors } from './application.errors';
import { Actor, heldByAdministrator } from './administrator-decisions';
import type { DeveloperEntity } from './developer.entity';

export interface ApplicationInput {
  name?: string;
  custom_id?: string;
  description?: string | null;
  redirect_uri?: string | null;
  meta?: Record<string, unknown> | null;
  tags?: string[] | null;
}

/** SPEC §4.2: the application's consumer is named after its developer and the application. */
export const applicationUsername = (developerId: string, name: string) => `${developerId}_${name}`;

/**
 * Applications and their consumers, always written together: a failure anywhere leaves neither
 * (one transaction), and the caches are told before the caller answers.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly store: ApplicationStore,
    private readonly changes: ConfigChanges,
  ) {}

  async create(developer: DeveloperEntity, input: ApplicationInput & { name: string; custom_id: string }, audit: ChangeRecorder | null): Promise<ApplicationEntity> {
    const row = await this.store.transaction(audit, async (tx) => {
      await this.assertAvailable(tx, developer.id, input, null);
      const consumer = await tx.consumers.insert({
        username: applicationUsername(developer.id, input.name),
        custom_id: input.custom_id,
        type: 'application',
      });
      return tx.applications.insert({
        developer_id: developer.id,
        consumer_id: consumer.id,
        name: input.name,
        custom_id: input.custom_id,
        description: input.description ?? null,
        redirect_uri: input.redirect_uri ?? null,
        meta: input.meta ?? null,
        tags: input.tags ?? null,
      });
    });
    await this.changes.publish(...applicationAndConsumer(row));
    return row;
  }

  async update(application: ApplicationEntity, input: ApplicationInput, actor: Actor, audit: ChangeRecorder | null): Promise<ApplicationEntity> {
    const row = await this.store.transaction(audit, async (tx) => {
      const current = await tx.applications.getById(application.id);
      if (!current) throw Errors.notFound();
      await this.assertAvailable(tx, current.developer_id, input, current);
      const movesClient = input.custom_id !== undefined && input.custom_id !== current.custom_id;
      // Moving the client id off an application whose access an administrator withdrew would let a
      // new application claim that client afresh.
      if (movesClient && actor === 'developer') await this.assertNotHeld(tx, current);
      const saved = await tx.applications.update(current, input);
      const consumer = await tx.consumers.getById(saved.consumer_id);
      if (!consumer) throw Errors.notFound();
      await tx.consumers.update(consumer, { username: applicationUsername(saved.developer_id, saved.name), custom_id: saved.custom_id });
      return saved;
    });
    await this.changes.publish(...applicationAndConsumer(row));
    return row;
  }

  /** Removes the application, its instances, its consumer and that consumer's ACLs. */
  async delete(application: ApplicationEntity, actor: Actor, audit: ChangeRecorder | null): Promise<void> {
    await this.store.transaction(audit, async (tx) => {
      if (actor === 'developer') await this.assertNotHeld(tx, application);
      await tx.deleteApplication(application);
    });
    await this.changes.publish(...applicationAndConsumer(application), { topic: 'acls', id: application.consumer_id });
  }

  /** The clashes that have a precise answer; any other unique violation still rolls everything back. */
  private async assertAvailable(tx: ApplicationTransaction, developerId: string, input: ApplicationInput, current: ApplicationEntity | null): Promise<void> {
    const { custom_id, name } = input;
    if (custom_id !== undefined && custom_id !== current?.custom_id) {
      if (await tx.applications.getByCustomId(custom_id)) throw ApplicationErrors.conflict('custom_id', custom_id);
      if (await tx.consumers.getByCustomId(custom_id)) throw Errors.uniqueViolation({ custom_id });
    }
    if (name !== undefined && name !== current?.name && (await tx.applications.getByName(developerId, name))) {
      throw ApplicationErrors.conflict('name', name);
    }
  }

  private async assertNotHeld(tx: ApplicationTransaction, application: ApplicationEntity): Promise<void> {
    const instances = await tx.instances.allOfApplications([application.id]);
    if (instances.some(heldByAdministrator)) throw ApplicationErrors.decidedByAdministrator();
  }
}

