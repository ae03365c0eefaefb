import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationTransaction } from './application-transaction';

/** Runs work in one database transaction: all of it lands, or none of it. */
@Injectable()
export class ApplicationStore {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: ApplicationTransaction) => Promise<T>): Promise<T> {
    if (this.outer) return work(new ApplicationTransaction(this.outer));
    return this.dataSource.transaction((em) => work(new ApplicationTransaction(em)));
  }

  /** A store whose work joins a transaction already open (a declarative import's). */
  static joining(em: EntityManager): ApplicationStore {
    const store = new ApplicationStore(em.connection);
    store.outer = em;
    return store;
  }

  private outer: EntityManager | null = null;
}
