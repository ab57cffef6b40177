module.exports = {
  displayName: 'webhooks',
  preset: '../../jest.preset.js',
  globals: { testServers: ['postgres'] },
};
