import { Module } from '@nestjs/common';
import { ApplicationServicesController } from './application-services.controller';
import { DeveloperAuthController } from './developer-auth.controller';
import { PortalApplicationInstancesController } from './portal-application-instances.controller';
import { PortalApplicationsController } from './portal-applications.controller';

/** The developer side of SPEC §4: register and log in, own applications, the catalog, access requests. */
@Module({
  controllers: [DeveloperAuthController, PortalApplicationsController, PortalApplicationInstancesController, ApplicationServicesController],
})
export class ApplicationsPortalModule {}
