import { DataAccess } from '../database/data-access.decorator';
import { DataSource } from 'typeorm';
import { Errors } from '../common/http-errors';
import { isUUID } from '../common/uuid';
import { KongRepository } from '../database/kong-repository';
import { DeveloperEntity } from './developer.entity';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

@DataAccess()
export class DevelopersRepository extends KongRepository<DeveloperEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, DeveloperEntity, ['email']);
  }

  /** Developers are addressed by id or email; emails compare case-insensitively. */
  getByIdOrKey(key: string): Promise<DeveloperEntity | null> {
    return super.getByIdOrKey(isUUID(key) ? key : normalizeEmail(key));
  }

  getByEmail(email: string): Promise<DeveloperEntity | null> {
    return this.repo.findOneBy({ email: normalizeEmail(email) });
  }

  /** 409 naming the field when the email or custom_id is taken by another developer. */
  assertAvailable(values: Partial<DeveloperEntity>, exceptId: string | null): Promise<void> {
    return this.assertUnique(values, exceptId);
  }

  protected async assertUnique(values: Partial<DeveloperEntity>, exceptId: string | null): Promise<void> {
    await super.assertUnique(values, exceptId);
    if (values.custom_id) {
      const clash = await this.repo.findOneBy({ custom_id: values.custom_id });
      if (clash && clash.id !== exceptId) throw Errors.uniqueViolation({ custom_id: values.custom_id });
    }
  }
}
