module.exports = {
  displayName: 'attribution-service',
  preset: '../../jest.preset.js',
  globals: { testServers: ['postgres'] },
};
