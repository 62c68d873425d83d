import type { OutboundUrlPolicy } from '@microsoft/agents-hosting';

/** Longest serviceUrl accepted: connector URLs are well under 200 characters. */
export const MAX_SERVICE_URL_CHARS = 2048;

/** An activity's serviceUrl as a URL, or undefined when it is missing, too long, not http(s) or carries credentials. */
export function parseServiceUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_SERVICE_URL_CHARS) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  return url;
}

/**
 * Loopback by name or address: localhost, 127.0.0.0/8, [::1]. The WHATWG parser has already normalised
 * the other spellings (127.1, 0x7f.0.0.1, [0:0:0:0:0:0:0:1]); 0.0.0.0 and mapped addresses are refused.
 */
export function isLoopbackServiceUrl(value: unknown): boolean {
  const url = parseServiceUrl(value);
  if (!url) return false;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Whether the activity's serviceUrl is the one the token was issued for. Azure Bot Service signs the
 * connector's URL into the `serviceurl` claim and the bot must require it to match the activity's
 * `serviceUrl` (learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication,
 * "Connector to Bot", step 4; botframework-connector's ChannelValidation compares them exactly). The
 * comparison is on the parsed URL, not only the host as the SDK's own check does, so a token for one
 * connector cannot point the bot at another port or path of the same host.
 */
export function serviceUrlMatchesClaim(serviceUrl: unknown, claim: unknown): boolean {
  const activityUrl = parseServiceUrl(serviceUrl);
  const claimUrl = parseServiceUrl(claim);
  return Boolean(activityUrl && claimUrl && activityUrl.href === claimUrl.href);
}

/**
 * The SDK's outbound URL policy (CloudAdapter's 5th argument). Enabling it also turns on the SDK's
 * own serviceurl-claim check (cloudAdapter.js validateServiceUrl). Anonymous: loopback only.
 * Authenticated: https, or loopback (the emulator and tests); the claim binding above does the rest.
 */
export function outboundServiceUrlPolicy(anonymous: boolean): OutboundUrlPolicy {
  return {
    enabled: true,
    isAllowed(input: string | URL | null | undefined): boolean {
      const value = input instanceof URL ? input.href : input;
      if (isLoopbackServiceUrl(value)) return true;
      return !anonymous && parseServiceUrl(value)?.protocol === 'https:';
    },
  };
}
