module.exports = {
  displayName: 'resilience',
  preset: '../../jest.preset.js',
};
