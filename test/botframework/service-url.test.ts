import { describe, expect, it } from 'vitest';
import {
  isLoopbackServiceUrl,
  outboundServiceUrlPolicy,
  serviceUrlMatchesClaim,
} from '../../adapters/botframework/service-url.ts';

describe('serviceUrl checks', () => {
  it('loopback: localhost, 127.0.0.0/8 (any spelling the URL parser normalises) and [::1]', () => {
    for (const url of [
      'http://127.0.0.1:3978/',
      'http://127.9.8.7/',
      'https://LOCALHOST:9/x',
      'http://[::1]:3978/',
      'http://[0:0:0:0:0:0:0:1]/',
      'http://127.1/',
    ]) {
      expect(isLoopbackServiceUrl(url), url).toBe(true);
    }
  });

  it('not loopback: 0.0.0.0, mapped or private addresses, look-alike names, other schemes, credentials, junk, oversize', () => {
    const refused: unknown[] = [
      'http://0.0.0.0:3978/',
      'http://[::ffff:127.0.0.1]/',
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1.attacker.example/',
      'http://localhost.attacker.example/',
      'https://smba.trafficmanager.net/amer/',
      'ftp://127.0.0.1/',
      'http://user:pw@127.0.0.1/',
      'not a url',
      '',
      undefined,
      42,
      `http://127.0.0.1/${'a'.repeat(3000)}`,
    ];
    for (const url of refused) expect(isLoopbackServiceUrl(url), String(url)).toBe(false);
  });

  it('claim binding compares the whole parsed URL: host case is ignored, port, scheme and path are not', () => {
    const claim = 'https://smba.trafficmanager.net/amer/';
    expect(serviceUrlMatchesClaim('https://SMBA.trafficmanager.net/amer/', claim)).toBe(true);
    expect(serviceUrlMatchesClaim('https://smba.trafficmanager.net/emea/', claim)).toBe(false);
    expect(serviceUrlMatchesClaim('https://smba.trafficmanager.net:8443/amer/', claim)).toBe(false);
    expect(serviceUrlMatchesClaim('http://smba.trafficmanager.net/amer/', claim)).toBe(false);
    expect(serviceUrlMatchesClaim(undefined, claim)).toBe(false);
    expect(serviceUrlMatchesClaim(claim, undefined)).toBe(false);
  });

  it('the SDK outbound policy: anonymous = loopback only; authenticated = https or loopback', () => {
    const anonymous = outboundServiceUrlPolicy(true);
    const authenticated = outboundServiceUrlPolicy(false);
    expect([anonymous.enabled, authenticated.enabled]).toEqual([true, true]);
    expect(anonymous.isAllowed('http://127.0.0.1:9/')).toBe(true);
    expect(anonymous.isAllowed('https://smba.trafficmanager.net/amer/')).toBe(false);
    expect(authenticated.isAllowed(new URL('https://smba.trafficmanager.net/amer/'))).toBe(true);
    expect(authenticated.isAllowed('http://0.0.0.0:9/')).toBe(false);
    expect(authenticated.isAllowed(null)).toBe(false);
  });
});
