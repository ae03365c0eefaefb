import { Module } from '@nestjs/common';
import { AdminCrudService } from './admin-crud.service';
import { ApplicationsController, DeveloperApplicationsController } from './applications.controller';
import { ApplicationInstancesController, ServiceInstancesController } from './applications-instances.controller';
import { DevelopersController } from './developers.controller';

/** The administrator side of SPEC §4: developers, applications and approval of their access. */
@Module({
  controllers: [DevelopersController, ApplicationsController, DeveloperApplicationsController, ApplicationInstancesController, ServiceInstancesController],
  // Stateless; provided here because imported feature modules do not see AdminAppModule's providers.
  providers: [AdminCrudService],
})
export class ApplicationsAdminModule {}
