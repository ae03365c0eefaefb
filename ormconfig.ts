// The data source the TypeORM CLI uses (`npx typeorm-ts-node-commonjs -d ormconfig.ts migration:show`).
// It reads PORTICO_DATABASE_URL exactly as `portico start` does, and maps the same entities.
import 'reflect-metadata';
import { loadConfig } from './src/config/portico-config';
import { createDataSource } from './src/database/data-source';
import { PORTICO_SCHEMA } from './src/database-schema';

export default createDataSource(loadConfig({ ...process.env, PORTICO_ADMIN_LISTEN: 'off' }).database, PORTICO_SCHEMA);
