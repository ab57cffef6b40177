import { loadConfig, InvalidConfigError } from './env-config';
import { DEVELOPMENT_DEFAULTS, serviceConfigSchema } from './service-config';

describe('service configuration from the environment', () => {
  it('fills development defaults', () => {
    expect(loadConfig(serviceConfigSchema, {})).toMatchObject({ NODE_ENV: 'development', PORT: 3000, PII_MASTER_KEY: DEVELOPMENT_DEFAULTS.PII_MASTER_KEY });
  });

  it('names every bad variable in one error', () => {
    const error = (() => {
      try {
        loadConfig(serviceConfigSchema, { PORT: 'eighty', API_KEYS: 'root:abc', KAFKA_BROKERS: 'a:1,,b', PII_MASTER_KEY: 'c2hvcnQ=' });
      } catch (e) {
        return e as InvalidConfigError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error?.problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['PORT', 'API_KEYS', 'KAFKA_BROKERS', 'PII_MASTER_KEY']));
    expect(error?.message).toContain('"root" is not a role');
  });

  it('refuses to run in production on the public development secrets', () => {
    expect(() => loadConfig(serviceConfigSchema, { NODE_ENV: 'production' })).toThrow(/PII_MASTER_KEY: must be set in production[\s\S]*API_KEYS: must be set in production/);
  });
});
