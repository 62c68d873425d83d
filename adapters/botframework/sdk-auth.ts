import type { AuthConfiguration, AuthProvider, Connections } from '@microsoft/agents-hosting';

/** The bot's own credentials, used by the SDK to get tokens for its replies. */
export interface BotFrameworkCredentials {
  /** MICROSOFT_APP_ID; absent = anonymous (local emulator work). */
  appId?: string;
  appPassword?: string;
  /** Certificate credentials (PEM files) instead of a password. */
  certPemFile?: string;
  certKeyFile?: string;
  tenantId?: string;
}

/**
 * The SDK's AuthConfiguration (@microsoft/agents-hosting auth/settings.d.ts): clientId, and
 * clientSecret or certPemFile + certKeyFile (resolveAuthType picks ClientSecret, then Certificate).
 */
export function sdkAuthConfiguration(credentials: BotFrameworkCredentials): AuthConfiguration {
  if (!credentials.appId) return { clientId: '' };
  const { appPassword, certPemFile, certKeyFile, tenantId } = credentials;
  return {
    clientId: credentials.appId,
    ...(appPassword ? { clientSecret: appPassword } : {}),
    ...(certPemFile && certKeyFile ? { certPemFile, certKeyFile } : {}),
    ...(tenantId ? { tenantId } : {}),
  };
}

/** Whether the SDK can get tokens for replies: a password or both certificate files. */
export function hasReplyCredentials(credentials: BotFrameworkCredentials): boolean {
  return Boolean(credentials.appPassword || (credentials.certPemFile && credentials.certKeyFile));
}

/**
 * Test hook: SDK connections whose token provider returns `token(scope)` instead of asking Entra
 * (MSAL would reach login.microsoftonline.com). Production never uses it.
 */
export function fixedTokenConnections(
  token: (scope: string) => Promise<string>,
  configuration: AuthConfiguration,
): Connections {
  const unsupported = (): Promise<string> => Promise.reject(new Error('not supported by the test token provider'));
  const provider: AuthProvider = {
    connectionSettings: configuration,
    getAccessToken: (configOrScope: AuthConfiguration | string, scope?: string) =>
      token(typeof configOrScope === 'string' ? configOrScope : (scope ?? '')),
    getAgenticApplicationToken: unsupported,
    getAgenticInstanceToken: unsupported,
    getAgenticUserToken: unsupported,
    acquireTokenOnBehalfOf: unsupported,
  };
  return {
    getConnection: () => provider,
    getDefaultConnection: () => provider,
    getTokenProvider: () => provider,
    getTokenProviderFromActivity: () => provider,
    getDefaultConnectionConfiguration: () => configuration,
  };
}
