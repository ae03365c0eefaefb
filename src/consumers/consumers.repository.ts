import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KongRepository } from '../database/kong-repository';
import { ConsumerEntity } from './consumer.entity';

@Injectable()
export class ConsumersRepository extends KongRepository<ConsumerEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ConsumerEntity, ['username', 'custom_id']);
  }

  getByField(field: 'id' | 'username' | 'custom_id', value: string): Promise<ConsumerEntity | null> {
    if (field === 'id') return this.getById(value);
    return this.repo.findOneBy({ [field]: value });
  }
}
