import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuditOperation } from './audit-scope';

/** One entity an audited request changed, before and after, secrets removed. */
@Entity('audit_objects')
export class AuditObjectEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  request_id: string;

  @Column({ type: 'integer' })
  created_at: number;

  /** The table: services, routes, plugins, consumers, acls, developers, applications, application_instances. */
  @Column({ type: 'varchar', length: 64 })
  entity: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  entity_id: string | null;

  @Column({ type: 'varchar', length: 16 })
  operation: AuditOperation;

  @Column({ type: 'simple-json', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'simple-json', nullable: true })
  after: Record<string, unknown> | null;
}
