module.exports = {
  displayName: 'platform',
  preset: '../../jest.preset.js',
  globals: { testServers: ['postgres', 'kafka'] },
  testTimeout: 120_000,
};
