import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceKitModule, type ServiceKitOptions } from '@referral-ledger/service-kit';

/** All four services in one process (DESIGN.md §9). Each service module is added here as it is built. */
@Module({})
export class PlatformModule {
  static create(kit: ServiceKitOptions): DynamicModule {
    return { module: PlatformModule, imports: [ServiceKitModule.forRoot(kit)] };
  }
}
