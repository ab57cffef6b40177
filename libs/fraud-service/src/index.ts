export { FraudModule } from './fraud.module';
