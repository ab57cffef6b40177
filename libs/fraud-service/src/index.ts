export { FraudModule } from './fraud.module';
export { fraudService } from './fraud-service';
