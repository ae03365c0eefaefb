import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKey } from 'typeorm';

/** Columns of KongEntity; written through TypeORM's Table API so one migration serves SQLite and PostgreSQL. */
export const kongColumns = (): TableColumnOptions[] => [
  { name: 'id', type: 'varchar', length: '36', isPrimary: true },
  { name: 'created_at', type: 'integer' },
  { name: 'updated_at', type: 'integer' },
  { name: 'tags', type: 'text', isNullable: true },
];

export class GatewayCore1764140000000 implements MigrationInterface {
  name = 'GatewayCore1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'services',
        columns: [
          ...kongColumns(),
          { name: 'name', type: 'varchar', length: '128', isNullable: true, isUnique: true },
          { name: 'protocol', type: 'varchar', length: '8' },
          { name: 'host', type: 'varchar', length: '255' },
          { name: 'port', type: 'integer' },
          { name: 'path', type: 'varchar', length: '1024', isNullable: true },
          { name: 'retries', type: 'integer' },
          { name: 'connect_timeout', type: 'integer' },
          { name: 'write_timeout', type: 'integer' },
          { name: 'read_timeout', type: 'integer' },
          { name: 'enabled', type: 'boolean' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'routes',
        columns: [
          ...kongColumns(),
          { name: 'name', type: 'varchar', length: '128', isNullable: true, isUnique: true },
          { name: 'service_id', type: 'varchar', length: '36' },
          { name: 'protocols', type: 'text' },
          { name: 'methods', type: 'text', isNullable: true },
          { name: 'hosts', type: 'text', isNullable: true },
          { name: 'paths', type: 'text', isNullable: true },
          { name: 'strip_path', type: 'boolean' },
          { name: 'preserve_host', type: 'boolean' },
          { name: 'regex_priority', type: 'integer' },
        ],
        indices: [{ columnNames: ['service_id'] }],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['service_id'], referencedTableName: 'services', referencedColumnNames: ['id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'consumers',
        columns: [
          ...kongColumns(),
          { name: 'username', type: 'varchar', length: '255', isNullable: true, isUnique: true },
          { name: 'custom_id', type: 'varchar', length: '255', isNullable: true, isUnique: true },
          { name: 'type', type: 'varchar', length: '16', default: "'proxy'" },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'acls',
        columns: [
          ...kongColumns(),
          { name: 'consumer_id', type: 'varchar', length: '36' },
          { name: 'group', type: 'varchar', length: '255' },
        ],
        indices: [{ columnNames: ['consumer_id', 'group'], isUnique: true }],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['consumer_id'],
            referencedTableName: 'consumers',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'plugins',
        columns: [
          ...kongColumns(),
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'service_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'route_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'config', type: 'text' },
          { name: 'enabled', type: 'boolean' },
          { name: 'cache_key', type: 'varchar', length: '160', isUnique: true },
        ],
        indices: [{ columnNames: ['service_id'] }, { columnNames: ['route_id'] }],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['service_id'],
            referencedTableName: 'services',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['route_id'],
            referencedTableName: 'routes',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'settings',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['settings', 'plugins', 'acls', 'consumers', 'routes', 'services']) {
      await q.dropTable(table);
    }
  }
}
