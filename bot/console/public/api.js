// The console API client: JSON in and out, the session cookie sent by the browser, and the CSRF token
// (kept in memory only, never in storage) on every state-changing call.

const BASE = '/api/console';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

let csrfToken = '';
/** Called when a call answers 401 (the session ended); the page shows the sign-in form. */
let onSignedOut = () => {};

export function setCsrfToken(token) {
  csrfToken = typeof token === 'string' ? token : '';
}

export function whenSignedOut(handler) {
  onSignedOut = handler;
}

async function call(method, path, body, { quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(`${BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  if (response.status === 204) return undefined;
  let data;
  try {
    data = await response.json();
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const error = data && typeof data === 'object' && data.error ? data.error : {};
    const failure = new ApiError(
      response.status,
      String(error.code ?? 'http_' + response.status),
      String(error.message ?? response.statusText),
    );
    if (response.status === 401 && !quiet401) {
      setCsrfToken('');
      onSignedOut(failure);
    }
    throw failure;
  }
  return data;
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body = {}) => call('POST', path, body),
  delete: (path) => call('DELETE', path),
  /** Signing in and asking who is signed in: a 401 there is an answer, not an ended session. */
  login: (name, password) => call('POST', '/login', { name, password }, { quiet401: true }),
  me: () => call('GET', '/me', undefined, { quiet401: true }),
};
