module.exports = {
  displayName: 'attribution-domain',
  preset: '../../jest.preset.js',
};
