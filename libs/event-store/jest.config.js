module.exports = {
  displayName: 'event-store',
  preset: '../../jest.preset.js',
  globals: { testServers: ['postgres', 'eventstoredb'] },
};
