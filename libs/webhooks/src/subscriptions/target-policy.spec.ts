import { TargetRefusedError, checkTarget } from './target-policy';

describe('webhook targets (no server-side request forgery)', () => {
  it.each([
    ['ftp://example.com/hook', /absolute http or https URL/],
    ['not a url', /absolute http or https URL/],
    ['https://user:pass@93.184.216.34/hook', /credentials/],
    ['http://127.0.0.1:8080/hook', /loopback/],
    ['http://localhost/hook', /loopback/],
    ['http://10.1.2.3/hook', /private/],
    ['http://192.168.0.10/hook', /private/],
    ['http://169.254.169.254/latest/meta-data', /linkLocal/],
    ['http://[::1]/hook', /loopback/],
    ['http://[::ffff:127.0.0.1]/hook', /loopback/],
    ['http://[fd00::1]/hook', /uniqueLocal/],
    ['http://0.0.0.0/hook', /unspecified/],
  ])('refuses %s', async (url, reason) => {
    await expect(checkTarget(url, false)).rejects.toThrow(TargetRefusedError);
    await expect(checkTarget(url, false)).rejects.toThrow(reason);
  });

  it('accepts a public address, and private ones when they are allowed', async () => {
    await expect(checkTarget('https://93.184.216.34/hooks/referrals', false)).resolves.toBeInstanceOf(URL);
    await expect(checkTarget('http://127.0.0.1:8080/hook', true)).resolves.toBeInstanceOf(URL);
    await expect(checkTarget('ftp://127.0.0.1/hook', true)).rejects.toThrow(TargetRefusedError);
  });
});
