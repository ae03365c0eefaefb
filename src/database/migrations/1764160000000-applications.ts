import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { kongColumns } from './1764140000000-gateway-core';

/** Developers, their applications and the applications' access to services (instances). */
export class Applications1764160000000 implements MigrationInterface {
  name = 'Applications1764160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'developers',
        columns: [
          ...kongColumns(),
          { name: 'email', type: 'varchar', length: '255', isUnique: true },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'status', type: 'integer' },
          { name: 'custom_id', type: 'varchar', length: '255', isNullable: true, isUnique: true },
          { name: 'meta', type: 'text', isNullable: true },
          { name: 'session_generation', type: 'integer', default: 0 },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'applications',
        columns: [
          ...kongColumns(),
          { name: 'developer_id', type: 'varchar', length: '36' },
          { name: 'consumer_id', type: 'varchar', length: '36', isUnique: true },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'custom_id', type: 'varchar', length: '255', isUnique: true },
          { name: 'description', type: 'text', isNullable: true },
          { name: 'redirect_uri', type: 'varchar', length: '2048', isNullable: true },
          { name: 'meta', type: 'text', isNullable: true },
        ],
        indices: [{ columnNames: ['developer_id'] }, { columnNames: ['developer_id', 'name'], isUnique: true }],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['developer_id'], referencedTableName: 'developers', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          // Deleting the consumer through /consumers takes the application with it rather than failing.
          new TableForeignKey({ columnNames: ['consumer_id'], referencedTableName: 'consumers', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'application_instances',
        columns: [
          ...kongColumns(),
          { name: 'application_id', type: 'varchar', length: '36' },
          { name: 'service_id', type: 'varchar', length: '36' },
          { name: 'status', type: 'integer' },
          { name: 'suspended', type: 'boolean' },
          { name: 'suspended_by_developer', type: 'boolean', default: false },
        ],
        indices: [
          { columnNames: ['application_id'] },
          { columnNames: ['service_id'] },
          { columnNames: ['application_id', 'service_id'], isUnique: true },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['application_id'], referencedTableName: 'applications', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['service_id'], referencedTableName: 'services', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['application_instances', 'applications', 'developers']) await q.dropTable(table);
  }
}
