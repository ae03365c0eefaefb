import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApplicationTransaction } from './application-transaction';

/** Runs work in one database transaction: all of it lands, or none of it. */
@Injectable()
export class ApplicationStore {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: ApplicationTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((em) => work(new ApplicationTransaction(em)));
  }
}
