import { Brackets, DataSource, EntityManager, EntityTarget, FindOptionsWhere, In, QueryFailedError, Repository } from 'typeorm';
import { isUUID } from '../common/uuid';
import { Errors } from '../common/http-errors';
import type { KongEntity } from './kong-entity';
import { changeRecorderOf, TransactionRunner, type ChangeRecorder } from './transactions';

export interface TagFilter {
  values: string[];
  /** `all`: every tag (Kong's `a,b`); `any`: at least one (Kong's `a/b`). */
  match: 'all' | 'any';
}

export interface ListQuery {
  size: number;
  after: string | null;
  tags?: TagFilter;
}

/**
 * The queries every Kong-style table needs (address by id or unique name, keyset pages, tag filter),
 * written once. Table repositories extend it and add their own narrow, named queries.
 *
 * Reads run anywhere; writes only on the repository bound to a transaction (`write`, `inTransaction`),
 * whose query runner carries the request's change recorder (the audit log): a write that bypassed it
 * would go unaudited, so it fails instead.
 */
export abstract class KongRepository<E extends KongEntity> {
  protected readonly repo: Repository<E>;
  private readonly transactions: TransactionRunner;

  protected constructor(
    dataSource: DataSource,
    entity: EntityTarget<E>,
    /** Unique columns an entity can be addressed by besides its id (Kong's "endpoint key"). */
    private readonly endpointKeys: (keyof E & string)[],
  ) {
    this.repo = dataSource.getRepository(entity);
    this.transactions = TransactionRunner.open(dataSource);
  }

  /** The same repository, every query (the same code) bound to a transaction already open. */
  inTransaction(em: EntityManager): this {
    const bound = Object.create(this) as this;
    Object.defineProperty(bound, 'repo', { value: em.getRepository(this.repo.target) });
    Object.defineProperty(bound, 'transactions', { value: TransactionRunner.joining(em) });
    return bound;
  }

  /** Runs `work` with this repository bound to a transaction (its own, or the one this repository joined). */
  write<T>(recorder: ChangeRecorder | null, work: (repository: this) => Promise<T>): Promise<T> {
    return this.transactions.run(recorder, (em) => work(this.inTransaction(em)));
  }

  getById(id: string): Promise<E | null> {
    if (!isUUID(id)) return Promise.resolve(null);
    return this.repo.findOneBy({ id } as never);
  }

  /** `/services/{id or name}`: a UUID is an id; anything else is looked up by the endpoint keys in order. */
  async getByIdOrKey(key: string): Promise<E | null> {
    if (isUUID(key)) {
      const byId = await this.getById(key);
      if (byId) return byId;
    }
    for (const column of this.endpointKeys) {
      const row = await this.repo.findOneBy({ [column]: key } as never);
      if (row) return row;
    }
    return null;
  }

  async getByIdOrKeyOrFail(key: string): Promise<E> {
    const row = await this.getByIdOrKey(key);
    if (!row) throw Errors.notFound();
    return row;
  }

  /** A page of every row. */
  list(query: ListQuery): Promise<E[]> {
    return this.page(query, {});
  }

  /** One page more than asked for (so the caller knows whether there is a next page) of the rows matching `where`. */
  protected page(query: ListQuery, where: FindOptionsWhere<E>): Promise<E[]> {
    const qb = this.repo.createQueryBuilder('e').orderBy('e.id', 'ASC').take(query.size + 1);
    if (Object.keys(where).length) qb.andWhere(where);
    if (query.after) qb.andWhere('e.id > :after', { after: query.after });
    if (query.tags) qb.andWhere(tagCondition(query.tags));
    return qb.getMany();
  }

  all(): Promise<E[]> {
    return this.repo.find();
  }

  getManyByIds(ids: string[]): Promise<E[]> {
    return ids.length ? this.repo.findBy({ id: In(ids) } as never) : Promise.resolve([]);
  }

  async insert(values: Partial<E>): Promise<E> {
    this.assertBound();
    await this.assertUnique(values, null);
    const entity = this.repo.create(values as never) as unknown as E;
    return this.translateErrors(() => this.repo.save(entity as never) as unknown as Promise<E>);
  }

  async update(row: E, changes: Partial<E>): Promise<E> {
    // Checked against the merged row: a unique key spanning columns (e.g. an ACL's consumer and
    // group) clashes even when the PATCH changed only one of them.
    this.assertBound();
    await this.assertUnique({ ...row, ...changes }, row.id);
    Object.assign(row, changes);
    return this.translateErrors(() => this.repo.save(row as never) as unknown as Promise<E>);
  }

  async delete(row: E): Promise<void> {
    this.assertBound();
    await this.repo.delete({ id: row.id } as never);
    this.recordDeleted(row);
  }

  /** TypeORM's events carry no entity for deletes by criteria: the transaction's recorder is told here. */
  protected recordDeleted(row: E): void {
    changeRecorderOf(this.repo.manager.queryRunner)?.record('delete', this.repo.metadata.tableName, row, null);
  }

  protected assertBound(): void {
    if (!this.transactions.joined) throw new Error(`a write to ${this.repo.metadata.tableName} outside a transaction (use write())`);
  }

  /** Checked up front so the 409 names the field and value the way Kong does. */
  protected async assertUnique(values: Partial<E>, exceptId: string | null): Promise<void> {
    for (const column of this.endpointKeys) {
      const value = values[column];
      if (value === undefined || value === null) continue;
      const clash = await this.repo.findOneBy({ [column]: value } as never);
      if (clash && clash.id !== exceptId) throw Errors.uniqueViolation({ [column]: value });
    }
  }

  /** A race between the check above and the write still ends as a 409, not a 500. */
  private async translateErrors<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof QueryFailedError && /UNIQUE|unique|duplicate key/.test(err.message)) {
        throw Errors.uniqueViolation({});
      }
      throw err;
    }
  }
}

/**
 * Tags are stored as a JSON array; matching the quoted element with LIKE works on SQLite and
 * PostgreSQL alike. LIKE's own wildcards in a tag are escaped so `a_b` does not match `axb`.
 */
function tagCondition(filter: TagFilter): Brackets {
  return new Brackets((where) => {
    filter.values.forEach((tag, i) => {
      const pattern = `%${JSON.stringify(tag).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const condition = `e.tags LIKE :tag${i} ESCAPE '\\'`;
      if (filter.match === 'all') where.andWhere(condition, { [`tag${i}`]: pattern });
      else where.orWhere(condition, { [`tag${i}`]: pattern });
    });
  });
}
