import { Inject, Injectable } from '@nestjs/common';
import { ConfigChanges } from '../common/config-changes';
import type { ChangeRecorder } from '../database/transactions';
import { Errors } from '../common/http-errors';
import type { PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../config/config.token';
import { ApplicationStore } from './application-store';
import type { ApplicationEntity } from './application.entity';
import { applicationChanged } from './application-changes';
import type { ApplicationTransaction } from './application-transaction';
import { ApplicationErrors } from './application.errors';
import { DeveloperEntity } from './developer.entity';
import { DevelopersRepository, normalizeEmail } from './developers.repository';
import { WindowLimiter } from '../common/window-limiter';
import { LoginThrottle } from './login-throttle';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from './password-hasher';
import { Status, toStatus } from './status';

export interface DeveloperInput {
  email?: string;
  password?: string;
  status?: number | string;
  custom_id?: string | null;
  meta?: Record<string, unknown> | null;
  tags?: string[] | null;
}

/** Developers: registration, portal login, and the status workflow that gates their applications. */
@Injectable()
export class DevelopersService {
  private readonly throttle = new LoginThrottle();
  private readonly registrations: WindowLimiter | null;

  constructor(
    private readonly developers: DevelopersRepository,
    private readonly store: ApplicationStore,
    private readonly changes: ConfigChanges,
    @Inject(PORTICO_CONFIG) private readonly config: PorticoConfig,
  ) {
    const perMinute = config.portalRegistrationsPerMinute;
    this.registrations = perMinute > 0 ? new WindowLimiter({ limit: perMinute, windowMs: 60_000, maxKeys: 10_000 }) : null;
  }

  /**
   * Counts one POST /register from this client address (SPEC §4.1), before the body is even looked at:
   * refused attempts count too, or probing for taken emails would be free.
   */
  admitRegistration(clientAddress: string): void {
    const wait = this.registrations?.take(clientAddress) ?? 0;
    if (wait > 0) throw ApplicationErrors.tooManyRegistrations(wait);
  }

  /** Self-registration: pending until an administrator approves, unless PORTICO_PORTAL_AUTO_APPROVE. */
  register(input: { email: string; password: string; meta?: Record<string, unknown> | null }, audit: ChangeRecorder | null): Promise<DeveloperEntity> {
    return this.create({ ...input, status: this.config.portalAutoApprove ? Status.APPROVED : Status.PENDING }, audit);
  }

  async create(input: DeveloperInput & { email: string; password: string }, audit: ChangeRecorder | null): Promise<DeveloperEntity> {
    const password_hash = await hashPassword(input.password);
    const row = await this.developers.write(audit, (developers) => developers.insert({
      email: normalizeEmail(input.email),
      password_hash,
      status: input.status === undefined ? Status.PENDING : toStatus(input.status),
      custom_id: input.custom_id ?? null,
      meta: input.meta ?? null,
      tags: input.tags ?? null,
      session_generation: 0,
    }));
    // Nothing is announced: no cache can hold anything about a developer who did not exist, and a
    // public registration must cost the proxy's caches nothing.
    return row;
  }

  /**
   * The developer with these credentials, approved; guesses are throttled per email and client
   * address (LoginThrottle). Unknown emails cost the same hashing time as known ones.
   */
  async authenticate(email: string, password: string, clientAddress: string): Promise<DeveloperEntity> {
    const key = normalizeEmail(email);
    const wait = this.throttle.admit(key, clientAddress);
    if (wait > 0) throw ApplicationErrors.tooManyAttempts(wait);
    const developer = await this.developers.getByEmail(key);
    const valid = await verifyPassword(password, developer?.password_hash ?? UNKNOWN_USER_HASH);
    if (!developer || !valid) throw ApplicationErrors.invalidCredentials();
    this.throttle.succeeded(key, clientAddress);
    if (developer.status !== Status.APPROVED) throw ApplicationErrors.developerNotApproved(developer.status);
    return developer;
  }

  /** Ends every portal session of the developer (their cookies name an older generation). */
  async logout(developer: DeveloperEntity, audit: ChangeRecorder | null): Promise<void> {
    await this.developers.write(audit, (developers) => developers.update(developer, { session_generation: developer.session_generation + 1 }));
  }

  /**
   * Admin PATCH. A status change takes the developer's access with it in the same transaction:
   * leaving approved suspends every instance of theirs, coming back lifts exactly those suspensions.
   */
  async update(developer: DeveloperEntity, input: DeveloperInput, audit: ChangeRecorder | null): Promise<DeveloperEntity> {
    const { password, status, email, ...rest } = input;
    const changes: Partial<DeveloperEntity> = { ...rest };
    if (email !== undefined) changes.email = normalizeEmail(email);
    if (password !== undefined) {
      changes.password_hash = await hashPassword(password);
      // A new password ends the sessions opened with the old one.
      changes.session_generation = developer.session_generation + 1;
    }
    if (status !== undefined) changes.status = toStatus(status);
    const statusChanged = changes.status !== undefined && changes.status !== developer.status;
    await this.developers.assertAvailable(changes, developer.id);

    let touched: ApplicationEntity[] = [];
    const saved = await this.store.transaction(audit, async (tx) => {
      const row = await tx.developers.getById(developer.id);
      if (!row) throw Errors.notFound();
      const before = row.status;
      const after = await tx.developers.update(row, changes);
      if (statusChanged) touched = await this.applyStatus(tx, after, before);
      return after;
    });
    await this.changes.publish({ topic: 'developers', id: developer.id }, ...touched.flatMap(applicationChanged));
    return saved;
  }

  async delete(developer: DeveloperEntity, audit: ChangeRecorder | null): Promise<void> {
    await this.store.transaction(audit, (tx) => tx.deleteDeveloper(developer));
    await this.changes.publish('developers', 'applications', 'consumers', 'acls');
  }

  /** Returns the developer's applications, whose access and ACL groups changed with it. */
  private async applyStatus(tx: ApplicationTransaction, developer: DeveloperEntity, before: number): Promise<ApplicationEntity[]> {
    const wasApproved = before === Status.APPROVED;
    const isApproved = developer.status === Status.APPROVED;
    const applications = await tx.applications.allOfDeveloper(developer.id);
    if (wasApproved !== isApproved) {
      for (const instance of await tx.instances.allOfApplications(applications.map((a) => a.id))) {
        if (!isApproved && !instance.suspended) {
          await tx.instances.update(instance, { suspended: true, suspended_by_developer: true });
        } else if (isApproved && instance.suspended_by_developer) {
          await tx.instances.update(instance, { suspended: false, suspended_by_developer: false });
        }
      }
    }
    for (const application of applications) await tx.syncAcls(application, developer.status);
    return applications;
  }
}
