module.exports = {
  displayName: 'analytics-service',
  preset: '../../jest.preset.js',
  globals: { testServers: ['postgres'] },
};
