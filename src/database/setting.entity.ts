import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Cluster-wide values every node on one database must agree on (e.g. the generated session secret). */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'text' })
  value: string;
}
