import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';

/** The audit log of Admin and Portal writes (SPEC §9); Table API, so one migration serves SQLite and PostgreSQL. */
export class Audit1764180000000 implements MigrationInterface {
  name = 'Audit1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_requests',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'created_at', type: 'integer' },
          { name: 'listener', type: 'varchar', length: '16' },
          { name: 'actor', type: 'varchar', length: '255' },
          { name: 'client_address', type: 'varchar', length: '64' },
          { name: 'method', type: 'varchar', length: '16' },
          { name: 'path', type: 'varchar', length: '2048' },
          { name: 'status', type: 'integer' },
        ],
        indices: [{ columnNames: ['created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_objects',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'request_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'integer' },
          { name: 'entity', type: 'varchar', length: '64' },
          { name: 'entity_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'operation', type: 'varchar', length: '16' },
          { name: 'before', type: 'text', isNullable: true },
          { name: 'after', type: 'text', isNullable: true },
        ],
        indices: [{ columnNames: ['created_at'] }, { columnNames: ['entity', 'entity_id'] }, { columnNames: ['request_id'] }],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['request_id'], referencedTableName: 'audit_requests', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_objects');
    await q.dropTable('audit_requests');
  }
}
