import { Column, Entity, Index } from 'typeorm';
import { KongEntity } from '../database/kong-entity';

/** An application's access to one service: requested by its developer, decided by an administrator. */
@Entity('application_instances')
@Index(['application_id', 'service_id'], { unique: true })
export class ApplicationInstanceEntity extends KongEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  application_id: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  service_id: string;

  @Column({ type: 'integer' })
  status: number;

  @Column({ type: 'boolean' })
  suspended: boolean;

  /**
   * The suspension came from the developer leaving the approved status (not from an administrator),
   * so approving the developer again lifts exactly these suspensions and no others.
   */
  @Column({ type: 'boolean', default: false })
  suspended_by_developer: boolean;
}
