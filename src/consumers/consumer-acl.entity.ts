import { Column, Entity, Index } from 'typeorm';
import { KongEntity } from '../database/kong-entity';

@Entity('acls')
@Index(['consumer_id', 'group'], { unique: true })
export class ConsumerAclEntity extends KongEntity {
  @Column({ type: 'varchar', length: 36 })
  consumer_id: string;

  @Column({ type: 'varchar', length: 255 })
  group: string;
}
