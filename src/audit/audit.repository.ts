import { DataSource, LessThan, Repository, SelectQueryBuilder } from 'typeorm';
import { timeOrderedUuid } from '../common/uuid';
import { DataAccess } from '../database/data-access.decorator';
import { runInTransaction } from '../database/transactions';
import type { AuditChange } from './audit-scope';
import { AuditObjectEntity } from './audit-object.entity';
import { AuditRequestEntity } from './audit-request.entity';

export interface AuditFilter {
  /** Epoch seconds, inclusive. */
  since?: number;
  until?: number;
  entity?: string;
  entityId?: string;
}

export interface AuditPage {
  size: number;
  after: string | null;
}

export type AuditedRequest = Omit<AuditRequestEntity, 'id' | 'created_at'>;

/** The audit tables' narrow queries: record a request with its changes, page through them, purge old ones. */
@DataAccess()
export class AuditRepository {
  private readonly requests: Repository<AuditRequestEntity>;
  private readonly objects: Repository<AuditObjectEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.requests = dataSource.getRepository(AuditRequestEntity);
    this.objects = dataSource.getRepository(AuditObjectEntity);
  }

  async record(request: AuditedRequest, changes: readonly AuditChange[]): Promise<void> {
    const now = Date.now();
    const created_at = Math.floor(now / 1000);
    const id = timeOrderedUuid(now);
    // Through runInTransaction: on SQLite it must take its turn with the writes it records.
    await runInTransaction(this.dataSource, null, async (em) => {
      await em.insert(AuditRequestEntity, { id, created_at, ...request });
      if (changes.length) {
        await em.insert(
          AuditObjectEntity,
          changes.map((change) => ({ id: timeOrderedUuid(now), request_id: id, created_at, ...change })) as never,
        );
      }
    });
  }

  listRequests(filter: AuditFilter, page: AuditPage): Promise<AuditRequestEntity[]> {
    const qb = this.page(this.requests.createQueryBuilder('r'), 'r', filter, page);
    if (filter.entity || filter.entityId) {
      const touched = this.objects.createQueryBuilder('o').select('o.request_id');
      this.entityConditions(touched, 'o', filter);
      qb.andWhere(`r.id IN (${touched.getQuery()})`, touched.getParameters());
    }
    return qb.getMany();
  }

  listObjects(filter: AuditFilter, page: AuditPage): Promise<AuditObjectEntity[]> {
    const qb = this.page(this.objects.createQueryBuilder('o'), 'o', filter, page);
    this.entityConditions(qb, 'o', filter);
    return qb.getMany();
  }

  /** Rows older than the cutoff (epoch seconds) go; their objects follow by cascade and by this query. */
  async deleteOlderThan(cutoff: number): Promise<void> {
    await this.objects.delete({ created_at: LessThan(cutoff) });
    await this.requests.delete({ created_at: LessThan(cutoff) });
  }

  private page<T extends object>(qb: SelectQueryBuilder<T>, alias: string, filter: AuditFilter, page: AuditPage): SelectQueryBuilder<T> {
    qb.orderBy(`${alias}.id`, 'ASC').take(page.size + 1);
    if (page.after) qb.andWhere(`${alias}.id > :after`, { after: page.after });
    if (filter.since !== undefined) qb.andWhere(`${alias}.created_at >= :since`, { since: filter.since });
    if (filter.until !== undefined) qb.andWhere(`${alias}.created_at <= :until`, { until: filter.until });
    return qb;
  }

  private entityConditions<T extends object>(qb: SelectQueryBuilder<T>, alias: string, filter: AuditFilter): void {
    if (filter.entity) qb.andWhere(`${alias}.entity = :entity`, { entity: filter.entity });
    if (filter.entityId) qb.andWhere(`${alias}.entity_id = :entityId`, { entityId: filter.entityId });
  }
}
