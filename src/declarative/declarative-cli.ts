import type { INestApplicationContext } from '@nestjs/common';
import { readFile, writeFile } from 'node:fs/promises';
import { configureLogger } from '../common/logger';
import type { PorticoConfig } from '../config/portico-config';
import { DeclarativeConfigService } from './declarative-config.service';
import { formatDeclarative } from './declarative-exporter';
import { DeclarativeError } from './declarative-file';

/**
 * `portico config db_export|db_import|parse`. The core (database, migrations, plugin registry and the
 * change feed) is booted without listeners, so an import is checked and announced exactly as an
 * Admin API write is. `parse` loads the file into a scratch in-memory database: the file is checked
 * on its own, as DB-less mode would load it.
 */
export async function runDeclarativeCommand(
  config: PorticoConfig,
  command: 'db_export' | 'db_import' | 'parse',
  file: string | undefined,
  /** Boots the core for a configuration (the composition root's; this folder cannot know every feature). */
  boot: (config: PorticoConfig) => Promise<INestApplicationContext>,
): Promise<number> {
  // stdout may carry the export; only errors are logged, to stderr's neighbour, and kept short.
  configureLogger('error');
  const target: PorticoConfig =
    command === 'parse' ? { ...config, database: { type: 'sqlite', path: ':memory:' }, autoMigrate: true, declarativeConfig: null } : { ...config, declarativeConfig: null };
  if (config.declarativeConfig && command !== 'parse') {
    console.error('portico: PORTICO_DATABASE_URL=off has no database to import into or export from');
    return 2;
  }
  const text = file !== undefined && command !== 'db_export' ? await readFile(file, 'utf8') : '';
  const core = await boot(target);
  try {
    const declarative = core.get(DeclarativeConfigService);
    if (command === 'db_export') {
      const out = formatDeclarative(await declarative.exportDocument(), file?.endsWith('.json') ? 'json' : 'yaml');
      if (file === undefined) process.stdout.write(out);
      else await writeFile(file, out);
      return 0;
    }
    await declarative.importText(text, { replace: command === 'parse' });
    console.log(command === 'parse' ? `${file}: valid` : `${file}: imported`);
    return 0;
  } catch (err) {
    if (!(err instanceof DeclarativeError)) throw err;
    console.error(`portico: ${file}: ${err.message}${command === 'db_import' ? '\nnothing was changed' : ''}`);
    return 1;
  } finally {
    await core.close();
  }
}
