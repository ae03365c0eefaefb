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
    const { createCore } = await import('./portico.module');
    return runDeclarativeCommand(config, sub as 'db_export' | 'db_import' | 'parse', file, (target) => createCore(target, false));
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
  return runMigrations(config, sub as 'up' | 'status');
}

async function runMigrations(config: PorticoConfig, sub: 'up' | 'status'): Promise<number> {
  const { migrationDataSource } = await import('./database/data-source');
  const { migrate, migrationStatus } = await import('./database/migrator');
  const { PORTICO_SCHEMA } = await import('./database-schema');
  const dataSource = migrationDataSource(config.database, PORTICO_SCHEMA, config.cluster);
  await dataSource.initialize();
  try {
    if (sub === 'up') {
      const applied = await migrate(dataSource, true);
      console.log(applied.length ? applied.map((name) => `applied ${name}`).join('\n') : 'database is up to date');
    } else {
      const status = await migrationStatus(dataSource);
      for (const name of status.executed) console.log(`executed ${name}`);
      for (const name of status.pending) console.log(`pending  ${name}`);
      // Listed, and the exit status says so: a script checking before a rollout must notice.
      for (const name of status.unknown) console.log(`unknown  ${name} (applied by a newer Portico)`);
      if (status.unknown.length) return 1;
    }
  } finally {
    await dataSource.destroy();
  }
  return 0;
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
