module.exports = {
  displayName: 'projections',
  preset: '../../jest.preset.js',
  globals: { testServers: ['postgres'] },
  testTimeout: 60_000,
};
