module.exports = {
  displayName: 'rewards-service',
  preset: '../../jest.preset.js',
  globals: { testServers: ['postgres'] },
};
