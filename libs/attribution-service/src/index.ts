export { AttributionModule } from './attribution.module';
export type { AttributionOptions } from './attribution-options';
export type { ShareKit } from './referrers/referrer-enrolment';
export { attributionService } from './attribution-service';
