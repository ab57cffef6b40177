module.exports = {
  displayName: 'fraud-domain',
  preset: '../../jest.preset.js',
};
