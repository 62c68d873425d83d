import { describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';

const PRODUCTION = {
  NODE_ENV: 'production',
  INAPP_TOKEN_SECRET: 'a-production-secret-of-32-characters!!',
  WALLET_API_URL: 'https://wallet.internal.example/',
};

function problemOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('loadConfig', () => {
  it('starts on embedded defaults outside production (sandbox wallet, no secrets)', () => {
    const config = loadConfig({});
    expect(config.NODE_ENV).toBe('development');
    expect(config.WALLET_API_URL).toBeUndefined();
    expect(config.BOTFRAMEWORK_ANONYMOUS).toBe(false);
    expect(config.TRUST_PROXY).toEqual(['loopback']);
    expect(config.MAX_MESSAGE_CHARS).toBe(2000);
  });

  it('accepts a complete production configuration', () => {
    expect(problemOf(PRODUCTION)).toBe('');
  });

  it.each([
    ['WALLET_API_URL', { WALLET_API_URL: '' }],
    ['INAPP_TOKEN_SECRET', { INAPP_TOKEN_SECRET: '' }],
    ['SANDBOX_FIXED_OTP', { SANDBOX_FIXED_OTP: '123456' }],
    ['BOTFRAMEWORK_ANONYMOUS', { BOTFRAMEWORK_ANONYMOUS: 'true' }],
    [
      'SLACK_AGENTS or SLACK_AGENT_GROUP',
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_HANDOFF_CHANNEL: 'C1' },
    ],
    ['WECHAT_ACCOUNT_ID', { WECHAT_TOKEN: 'token' }],
  ])('production refuses a demo or unauthenticated part, naming %s', (variable, change) => {
    const message = problemOf({ ...PRODUCTION, ...change });
    expect(message).toContain(variable);
    expect(message).toContain('production');
  });

  it('production with Slack agents or a WeChat account id configured is accepted', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_HANDOFF_CHANNEL: 'C1' };
    expect(problemOf({ ...PRODUCTION, ...slack, SLACK_AGENTS: 'U0123ABC, U0456DEF' })).toBe('');
    expect(problemOf({ ...PRODUCTION, ...slack, SLACK_AGENT_GROUP: 'S0123ABC' })).toBe('');
    expect(problemOf({ ...PRODUCTION, WECHAT_TOKEN: 't', WECHAT_ACCOUNT_ID: 'gh_0123456789ab' })).toBe('');
  });

  it('Bot Framework needs its secret or certificate with an app id', () => {
    expect(problemOf({ MICROSOFT_APP_ID: 'app' })).toContain('MICROSOFT_APP_PASSWORD');
    expect(problemOf({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_CERT_PEM_FILE: '/c.pem' })).toContain(
      'set both or neither',
    );
    expect(problemOf({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'p' })).toBe('');
    expect(
      problemOf({
        MICROSOFT_APP_ID: 'app',
        MICROSOFT_APP_CERT_PEM_FILE: '/c.pem',
        MICROSOFT_APP_CERT_KEY_FILE: '/k.pem',
      }),
    ).toBe('');
  });

  it('TRUST_PROXY takes false, a hop count or named proxies, and refuses true', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8']);
    expect(problemOf({ TRUST_PROXY: 'true' })).toContain('TRUST_PROXY');
    expect(problemOf({ TRUST_PROXY: 'evil.example' })).toContain('TRUST_PROXY');
  });

  it('lists and limits are checked', () => {
    expect(loadConfig({ SLACK_AGENTS: ' U0123ABC ,, W0456DEF ' }).SLACK_AGENTS).toEqual(['U0123ABC', 'W0456DEF']);
    expect(problemOf({ SLACK_AGENTS: 'alice' })).toContain('SLACK_AGENTS');
    expect(problemOf({ MAX_MESSAGE_CHARS: '10' })).toContain('MAX_MESSAGE_CHARS');
    expect(problemOf({ METRICS_TOKEN: 'short' })).toContain('METRICS_TOKEN');
  });
});
