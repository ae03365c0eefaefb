#!/usr/bin/env node
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/portico-config';
import { createDataSource } from './database/data-source';
import { closeOnSignals, startPortico } from './listeners';

const USAGE = `usage: portico start
       portico migrations up|status`;

async function main(argv: string[]): Promise<number> {
  const [command = 'start', sub] = argv;
  const config = loadConfig();
  if (command === 'start') {
    const running = await startPortico(config);
    closeOnSignals(running);
    return -1;
  }
  if (command === 'migrations' && (sub === 'up' || sub === 'status')) {
    const dataSource = createDataSource(config.database);
    await dataSource.initialize();
    try {
      if (sub === 'up') {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        console.log(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'database is up to date');
      } else {
        const executed = new Set((await dataSource.query(`SELECT name FROM migrations`).catch(() => [])).map((r: { name: string }) => r.name));
        for (const migration of dataSource.migrations) {
          console.log(`${executed.has(migration.name!) ? 'executed' : 'pending '} ${migration.name}`);
        }
      }
    } finally {
      await dataSource.destroy();
    }
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    if (err instanceof ConfigError) {
      console.error(`portico: ${err.message}`);
      process.exit(78);
    }
    console.error('portico: failed to start:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
