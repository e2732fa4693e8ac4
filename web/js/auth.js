// Sign-up and sign-in against Cognito's JSON API (the local stack's identity endpoint speaks the
// same protocol). Tokens live in sessionStorage: they survive a reload of the tab and end with it.
// The access token is renewed with REFRESH_TOKEN_AUTH a minute before it expires.

const STORAGE_KEY = 'expenses.session';
const REFRESH_MARGIN_MS = 60_000;

let config;
let session = null; // {accessToken, refreshToken, expiresAt, email}
let refreshTimer;
let refreshing = null;
const listeners = new Set();

export class AuthError extends Error {
  constructor(type, message) {
    super(message);
    this.name = 'AuthError';
    this.type = type;
  }
}

export function initAuth(siteConfig) {
  config = siteConfig;
}

/** Called with {signedIn, email, message} whenever the user signs in or out. */
export function onAuthChange(listener) {
  listeners.add(listener);
}

function emit(message) {
  for (const listener of listeners) listener({ signedIn: !!session, email: session?.email ?? '', message });
}

export function isSignedIn() {
  return !!session;
}

export function currentEmail() {
  return session?.email ?? '';
}

/** Picks up a session left in this tab's sessionStorage (e.g. after a reload). */
export function restoreSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (stored?.accessToken && stored?.refreshToken && stored?.expiresAt) {
      session = stored;
      scheduleRefresh();
    }
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
  }
  return !!session;
}

async function cognito(operation, body) {
  let response;
  try {
    response = await fetch(config.cognitoEndpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new AuthError('NetworkError', 'Could not reach the sign-in service. Check your connection and try again.');
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    // An empty or non-JSON answer: judged by the status below.
  }
  if (!response.ok) {
    // "__type" may be "NotAuthorizedException" or "com.amazonaws...#NotAuthorizedException".
    const type = String(data.__type ?? response.headers.get('x-amzn-ErrorType') ?? 'Error').split('#').pop().split(':')[0];
    throw new AuthError(type, friendly(type, data.message ?? data.Message));
  }
  return data;
}

function friendly(type, message) {
  switch (type) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      return /refresh/i.test(message ?? '') ? 'Your session has ended: please log in again.' : 'Incorrect email or password.';
    case 'UsernameExistsException':
      return 'An account with this email already exists. Log in instead.';
    case 'InvalidPasswordException':
      return `Choose a stronger password: ${(message ?? '').replace(/^Password did not conform with policy: /, '')}`;
    case 'UserNotConfirmedException':
      return 'Your account is not confirmed yet: enter the code we emailed you.';
    case 'CodeMismatchException':
      return 'That code is not right. Check the email and try again.';
    case 'ExpiredCodeException':
      return 'That code has expired. Ask for a new one.';
    case 'TooManyRequestsException':
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
      return 'Too many attempts. Wait a little and try again.';
    case 'InvalidParameterException':
      return /username|email/i.test(message ?? '') ? 'Enter a valid email address.' : (message ?? 'Check what you entered.');
    default:
      return message || 'Sign-in failed. Try again.';
  }
}

/** Creates an account. Resolves {confirmed, destination}; unconfirmed accounts need ConfirmSignUp. */
export async function signUp(email, password) {
  const data = await cognito('SignUp', {
    ClientId: config.userPoolClientId,
    Username: email,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
  return { confirmed: data.UserConfirmed === true, destination: data.CodeDeliveryDetails?.Destination ?? '' };
}

export async function confirmSignUp(email, code) {
  await cognito('ConfirmSignUp', { ClientId: config.userPoolClientId, Username: email, ConfirmationCode: code });
}

export async function resendConfirmationCode(email) {
  const data = await cognito('ResendConfirmationCode', { ClientId: config.userPoolClientId, Username: email });
  return data.CodeDeliveryDetails?.Destination ?? '';
}

export async function logIn(email, password) {
  const data = await cognito('InitiateAuth', {
    ClientId: config.userPoolClientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  const result = data.AuthenticationResult;
  if (!result?.AccessToken) {
    throw new AuthError(data.ChallengeName ?? 'Challenge',
      `This account needs a sign-in step this app does not offer (${data.ChallengeName ?? 'unknown challenge'}).`);
  }
  store({
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken,
    expiresAt: Date.now() + (result.ExpiresIn ?? 3600) * 1000,
    email,
  });
  emit('');
}

function store(next) {
  session = next;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  scheduleRefresh();
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  if (!session) return;
  const delay = Math.max(0, session.expiresAt - Date.now() - REFRESH_MARGIN_MS);
  refreshTimer = setTimeout(() => {
    refresh().catch(() => {
      // Offline: the next API call tries again (getAccessToken) or the 401 path signs out.
    });
  }, Math.min(delay, 2 ** 31 - 1));
}

/**
 * Renews the access token. Resolves true when renewed, false when the refresh token is no longer
 * accepted (the user must log in again); rejects on network errors. One refresh at a time.
 */
export function refresh() {
  if (!session?.refreshToken) return Promise.resolve(false);
  refreshing ??= (async () => {
    const current = session;
    try {
      const data = await cognito('InitiateAuth', {
        ClientId: config.userPoolClientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: current.refreshToken },
      });
      const result = data.AuthenticationResult;
      if (session !== current || !result?.AccessToken) return false;
      store({
        ...current,
        accessToken: result.AccessToken,
        refreshToken: result.RefreshToken ?? current.refreshToken,
        expiresAt: Date.now() + (result.ExpiresIn ?? 3600) * 1000,
      });
      return true;
    } catch (error) {
      if (error.type === 'NetworkError' || error.type === 'TooManyRequestsException' || error.type === 'InternalErrorException') throw error;
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** The access token to send, renewed first when it is about to expire (phones sleep through timers). */
export async function getAccessToken() {
  if (!session) return null;
  if (session.expiresAt - Date.now() < REFRESH_MARGIN_MS / 2) {
    try {
      const renewed = await refresh();
      if (!renewed) {
        signOut('Your session has ended: please log in again.');
        return null;
      }
    } catch {
      // Offline: try with the token we have; a 401 will bring the user back to sign-in.
    }
  }
  return session?.accessToken ?? null;
}

/** Ends the session in this tab. With revoke, the refresh token is revoked too (best effort). */
export function signOut(message = '', { revoke = false } = {}) {
  const ended = session;
  clearTimeout(refreshTimer);
  session = null;
  sessionStorage.removeItem(STORAGE_KEY);
  if (revoke && ended?.refreshToken) {
    cognito('RevokeToken', { ClientId: config.userPoolClientId, Token: ended.refreshToken }).catch(() => {});
  }
  if (ended) emit(message);
}
