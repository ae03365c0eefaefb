#!/usr/bin/env node
import 'reflect-metadata';
import { ConfigError, loadConfig, type PorticoConfig } from './config/portico-config';

const USAGE = `usage: portico start
       portico migrations up|status
       portico config db_export [FILE]    (stdout without FILE; FILE.json writes JSON, anything else YAML)
       portico config db_import FILE
       portico config parse FILE`;

async function main(argv: string[]): Promise<number> {
  const [command = 'start', sub, file, ...extra] = argv;
  const migrations = command === 'migrations' && (sub === 'up' || sub === 'status');
  const declarative = command === 'config' && !extra.length && (sub === 'db_export' || ((sub === 'db_import' || sub === 'parse') && file !== undefined));
  if (command !== 'start' && !migrations && !declarative) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  if (declarative) {
    const { runDeclarativeCommand } = await import('./declarative/declarative-cli');
    return runDeclarativeCommand(config, sub as 'db_export' | 'db_import' | 'parse', file);
  }
  // Nest and TypeORM load only once the command and configuration are known good, so a mistake is
  // reported at once rather than after a second of module loading.
  if (command === 'start') {
    const { closeOnSignals, startPortico } = await import('./listeners');
    const running = startPortico(config);
    closeOnSignals(running);
    await running;
    return -1;
  }
  await runMigrations(config, sub as 'up' | 'status');
  return 0;
}

async function runMigrations(config: PorticoConfig, sub: 'up' | 'status'): Promise<void> {
  const { createDataSource } = await import('./database/data-source');
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
