import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { metrics } from './metrics';

/** Whether the database answers; asked by /status and by every /metrics scrape. */
@Injectable()
export class DatabaseHealth {
  constructor(private readonly dataSource: DataSource) {
    metrics().checkDatabaseWith(() => this.reachable());
  }

  reachable(): Promise<boolean> {
    return this.dataSource
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false);
  }
}
