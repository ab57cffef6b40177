import { generateApiKeys, parseApiKeys, roleOfKey } from './api-keys';

describe('API keys', () => {
  it('parses role:key pairs and finds the role of a presented key', () => {
    const keys = parseApiKeys('admin:admin-key-0123456789, finance:finance-key-0123456');
    expect(roleOfKey('finance-key-0123456', keys)).toBe('finance');
    expect(roleOfKey('finance-key-012345', keys)).toBeUndefined();
  });

  it('refuses unknown roles and short keys', () => {
    expect(() => parseApiKeys('owner:0123456789abcdef')).toThrow(/"owner" is not a role/);
    expect(() => parseApiKeys('admin:short')).toThrow(/at least 16 characters/);
  });

  it('generates one distinct key per role for the embedded mode', () => {
    const keys = generateApiKeys();
    expect(keys.map((k) => k.role)).toEqual(['admin', 'integration', 'finance', 'analyst']);
    expect(new Set(keys.map((k) => k.key)).size).toBe(4);
  });
});
