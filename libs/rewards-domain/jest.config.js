module.exports = {
  displayName: 'rewards-domain',
  preset: '../../jest.preset.js',
};
