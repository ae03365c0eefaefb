import { DataSource, EntityManager } from 'typeorm';
import { DataAccess } from '../database/data-access.decorator';
import { TransactionRunner, type ChangeRecorder } from '../database/transactions';
import { ApplicationTransaction } from './application-transaction';

/** Runs work in one database transaction: all of it lands, or none of it. */
@DataAccess()
export class ApplicationStore {
  private runner: TransactionRunner;

  constructor(dataSource: DataSource) {
    this.runner = TransactionRunner.open(dataSource);
  }

  /** `recorder`: the request's audit scope, which the transaction carries to the audit subscriber. */
  transaction<T>(recorder: ChangeRecorder | null, work: (tx: ApplicationTransaction) => Promise<T>): Promise<T> {
    return this.runner.run(recorder, (em) => work(new ApplicationTransaction(em)));
  }

  /** A store whose work joins a transaction already open (a declarative import's). */
  static joining(em: EntityManager): ApplicationStore {
    const store = new ApplicationStore(em.connection);
    store.runner = TransactionRunner.joining(em);
    return store;
  }
}
