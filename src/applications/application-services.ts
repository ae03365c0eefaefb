import type { Type } from '@nestjs/common';
import { ApplicationAccessDirectory } from './application-access.directory';
import { ApplicationCatalogService } from './application-catalog.service';
import { ApplicationInstancesRepository } from './application-instances.repository';
import { ApplicationInstancesService } from './application-instances.service';
import { ApplicationStore } from './application-store';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import { DevelopersRepository } from './developers.repository';
import { DevelopersService } from './developers.service';

/**
 * Once per process, shared by the proxy (access decisions), the admin API (approval) and the portal:
 * the access cache must be the one every writer invalidates, and the login throttle one per node.
 */
export const APPLICATION_SERVICES: Type[] = [
  DevelopersRepository,
  ApplicationsRepository,
  ApplicationInstancesRepository,
  ApplicationStore,
  ApplicationAccessDirectory,
  ApplicationCatalogService,
  DevelopersService,
  ApplicationsService,
  ApplicationInstancesService,
];
