import { Column, Entity, Index } from 'typeorm';
import { KongEntity } from '../database/kong-entity';

@Entity('applications')
@Index(['developer_id', 'name'], { unique: true })
export class ApplicationEntity extends KongEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  developer_id: string;

  /** The application's own consumer (type `application`), created and deleted with it. */
  @Column({ type: 'varchar', length: 36, unique: true })
  consumer_id: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** Under external-oauth2: the client id at the IdP, which tokens are mapped by. */
  @Column({ type: 'varchar', length: 255, unique: true })
  custom_id: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  redirect_uri: string | null;

  @Column({ type: 'simple-json', nullable: true })
  meta: Record<string, unknown> | null;
}
