import { AuthType, resolveAuthType } from '@microsoft/agents-hosting';
import { describe, expect, it } from 'vitest';
import { hasReplyCredentials, sdkAuthConfiguration } from '../../adapters/botframework/sdk-auth.ts';

const APP_ID = '00000000-aaaa-bbbb-cccc-000000000001';

describe('the SDK auth configuration from MICROSOFT_APP_* variables', () => {
  it('certificate files reach the SDK as certPemFile/certKeyFile and select certificate auth', () => {
    const auth = sdkAuthConfiguration({
      appId: APP_ID,
      certPemFile: '/etc/bot/cert.pem',
      certKeyFile: '/etc/bot/key.pem',
      tenantId: 't',
    });
    expect(auth).toEqual({
      clientId: APP_ID,
      certPemFile: '/etc/bot/cert.pem',
      certKeyFile: '/etc/bot/key.pem',
      tenantId: 't',
    });
    expect(resolveAuthType(auth)).toBe(AuthType.Certificate);
    expect(
      hasReplyCredentials({ appId: APP_ID, certPemFile: '/etc/bot/cert.pem', certKeyFile: '/etc/bot/key.pem' }),
    ).toBe(true);
  });

  it('a password selects client-secret auth; one certificate file alone is not a credential', () => {
    expect(resolveAuthType(sdkAuthConfiguration({ appId: APP_ID, appPassword: 'p' }))).toBe(AuthType.ClientSecret);
    expect(sdkAuthConfiguration({ appId: APP_ID, certPemFile: '/etc/bot/cert.pem' })).toEqual({ clientId: APP_ID });
    expect(hasReplyCredentials({ appId: APP_ID, certPemFile: '/etc/bot/cert.pem' })).toBe(false);
  });

  it('anonymous: an empty client id', () => {
    expect(sdkAuthConfiguration({})).toEqual({ clientId: '' });
  });
});
