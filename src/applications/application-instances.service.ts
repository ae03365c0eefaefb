import { Injectable } from '@nestjs/common';
import { ConfigChanges } from '../common/config-changes';
import { applicationChanged } from './application-changes';
import { Errors } from '../common/http-errors';
import type { ChangeRecorder } from '../database/transactions';
import { ApplicationCatalogService } from './application-catalog.service';
import { ApplicationInstanceEntity } from './application-instance.entity';
import { ApplicationStore } from './application-store';
import type { ApplicationEntity } from './application.entity';
import { ApplicationErrors } from './application.errors';
import { Actor, heldByAdministrator } from './administrator-decisions';
import { Status, toStatus } from './status';

export interface InstanceDecision {
  status?: number | string;
  suspended?: boolean;
  tags?: string[] | null;
}

/**
 * Access requests and their approval. Every write re-derives the application consumer's ACL groups in
 * the same transaction, then tells the caches, so the next proxied request sees the new state.
 */
@Injectable()
export class ApplicationInstancesService {
  constructor(
    private readonly store: ApplicationStore,
    private readonly catalog: ApplicationCatalogService,
    private readonly changes: ConfigChanges,
  ) {}

  /**
   * A developer's request starts approved only under auto_approve; an administrator may set the
   * decision directly. An instance of a developer who is not approved starts suspended.
   */
  async create(application: ApplicationEntity, serviceId: string, actor: Actor, decision: InstanceDecision, audit: ChangeRecorder | null): Promise<ApplicationInstanceEntity> {
    const registration = await this.catalog.of(serviceId);
    if (!registration) throw ApplicationErrors.registrationDisabled();
    const byAdministrator = actor === 'administrator';
    const row = await this.store.transaction(audit, async (tx) => {
      const developer = await tx.developers.getById(application.developer_id);
      if (!developer) throw Errors.notFound();
      if (await tx.instances.getByPair(application.id, serviceId)) throw ApplicationErrors.instanceConflict();
      const requested = registration.config.auto_approve ? Status.APPROVED : Status.PENDING;
      const suspendedByHand = byAdministrator && decision.suspended === true;
      const developerSuspended = developer.status !== Status.APPROVED && !suspendedByHand;
      const instance = await tx.instances.insert({
        application_id: application.id,
        service_id: serviceId,
        status: byAdministrator && decision.status !== undefined ? toStatus(decision.status) : requested,
        suspended: suspendedByHand || developerSuspended,
        suspended_by_developer: developerSuspended,
        tags: byAdministrator ? (decision.tags ?? null) : null,
      });
      await tx.syncAcls(application, developer.status);
      return instance;
    });
    await this.changes.publish(...applicationChanged(application));
    return row;
  }

  /** Administrators only (SPEC §4.3): status and/or suspension. */
  async update(instance: ApplicationInstanceEntity, decision: InstanceDecision, audit: ChangeRecorder | null): Promise<ApplicationInstanceEntity> {
    let touched: ApplicationEntity | null = null;
    const row = await this.store.transaction(audit, async (tx) => {
      const current = await tx.instances.getById(instance.id);
      const application = current && (await tx.applications.getById(current.application_id));
      touched = application;
      const developer = application && (await tx.developers.getById(application.developer_id));
      if (!current || !application || !developer) throw Errors.notFound();
      const changes: Partial<ApplicationInstanceEntity> = {};
      if (decision.status !== undefined) changes.status = toStatus(decision.status);
      if (decision.suspended !== undefined) {
        // A suspension set by hand is the administrator's, and outlives the developer's status.
        changes.suspended = decision.suspended;
        changes.suspended_by_developer = false;
      }
      if (decision.tags !== undefined) changes.tags = decision.tags;
      const saved = await tx.instances.update(current, changes);
      await tx.syncAcls(application, developer.status);
      return saved;
    });
    await this.changes.publish(...applicationChanged(touched));
    return row;
  }

  async delete(instance: ApplicationInstanceEntity, actor: Actor, audit: ChangeRecorder | null): Promise<void> {
    if (actor === 'developer' && heldByAdministrator(instance)) throw ApplicationErrors.decidedByAdministrator();
    let touched: ApplicationEntity | null = null;
    await this.store.transaction(audit, async (tx) => {
      const application = await tx.applications.getById(instance.application_id);
      touched = application;
      const developer = application && (await tx.developers.getById(application.developer_id));
      await tx.instances.delete(instance);
      if (application && developer) await tx.syncAcls(application, developer.status, [instance.service_id]);
    });
    await this.changes.publish(...applicationChanged(touched));
  }
}

