import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KongRepository } from '../database/kong-repository';
import { ServiceEntity } from './service.entity';

@Injectable()
export class ServicesRepository extends KongRepository<ServiceEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ServiceEntity, ['name']);
  }
}
