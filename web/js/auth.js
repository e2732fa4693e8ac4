// Sign-up, sign-in and the account's security settings against Cognito's JSON API (the local
// stack's identity endpoint speaks the same protocol).
//
// Where the session lives: "Keep me signed in" ticked → localStorage (every tab of this browser,
// across restarts, until the refresh token's 30 days are up or the user signs out); unticked →
// sessionStorage (this tab only, survives a reload, ends with the tab). Tabs of a kept session
// follow each other through the storage event: a sign-in, a renewed token or a sign-out in one tab
// is seen by the others at once. Renewals take a Web Lock, so two tabs never race a refresh; the
// second finds the token the first stored. The access token is renewed with REFRESH_TOKEN_AUTH a
// minute before it expires.

const STORAGE_KEY = 'expenses.session';
const REFRESH_MARGIN_MS = 60_000;
const REFRESH_LOCK = 'expenses.refresh';

let config;
let session = null; // {accessToken, refreshToken, expiresAt, email, kept}
let pendingChallenge = null; // {email, session, keep} while an MFA code is awaited
let refreshTimer;
let refreshing = null;
const listeners = new Set();

export class AuthError extends Error {
  constructor(type, message, raw = '') {
    super(message);
    this.name = 'AuthError';
    this.type = type;
    this.raw = raw;
  }
}

export function initAuth(siteConfig) {
  config = siteConfig;
  window.addEventListener('storage', onStorage);
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

/** Whether this session is kept in localStorage (shared by the browser's tabs). */
export function isKept() {
  return !!session?.kept;
}

function storageFor(kept) {
  return kept ? localStorage : sessionStorage;
}

function read(storage) {
  try {
    const stored = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
    return stored?.accessToken && stored?.refreshToken && stored?.expiresAt ? stored : null;
  } catch {
    storage.removeItem(STORAGE_KEY);
    return null;
  }
}

/** Picks up this tab's session (sessionStorage, e.g. after a reload) or the browser's kept one (localStorage). */
export function restoreSession() {
  const stored = read(sessionStorage) ?? read(localStorage);
  if (stored) {
    session = { ...stored, kept: read(sessionStorage) ? false : true };
    scheduleRefresh();
  }
  return !!session;
}

/** Another tab changed the kept session: follow it (sign-in, renewed tokens, sign-out). */
function onStorage(event) {
  if (event.storageArea !== localStorage || (event.key !== STORAGE_KEY && event.key !== null)) return;
  if (session && !session.kept) return; // this tab has its own session
  const stored = read(localStorage);
  if (!stored) {
    if (session) {
      clearTimeout(refreshTimer);
      session = null;
      emit('You signed out in another tab.');
    }
    return;
  }
  const before = session;
  session = { ...stored, kept: true };
  scheduleRefresh();
  if (!before || before.refreshToken !== stored.refreshToken) emit(''); // a sign-in elsewhere
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
    const raw = data.message ?? data.Message ?? '';
    throw new AuthError(type, friendly(type, raw), raw);
  }
  return data;
}

function friendly(type, message) {
  switch (type) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      if (/current status is confirmed/i.test(message ?? '')) return 'This account is already confirmed: log in.';
      if (/refresh/i.test(message ?? '')) return 'Your session has ended: please log in again.';
      if (/session/i.test(message ?? '')) return 'The sign-in took too long: log in again with your password.';
      if (/password attempts exceeded/i.test(message ?? '')) {
        return 'Too many failed sign-ins: wait a few minutes and try again.';
      }
      if (/access token/i.test(message ?? '')) return 'Your session has ended: please log in again.';
      return 'Incorrect email or password.';
    case 'UsernameExistsException':
    case 'AliasExistsException':
      return 'An account with this email already exists. Log in instead.';
    case 'InvalidPasswordException':
      return `Choose a stronger password: ${(message ?? '').replace(/^Password did not conform with policy: /, '')}`;
    case 'UserNotConfirmedException':
      return 'Your account is not confirmed yet: enter the code we emailed you.';
    case 'CodeMismatchException':
    case 'EnableSoftwareTokenMFAException':
      return 'That code is not right. Check it and try again.';
    case 'ExpiredCodeException':
      return 'That code has expired. Ask for a new one.';
    case 'TooManyRequestsException':
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
      return 'Too many attempts. Wait a little and try again.';
    case 'InvalidParameterException':
      return /username|email/i.test(message ?? '') ? 'Enter a valid email address.' : (message || 'Check what you entered.');
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

/** Sends a password reset code by email. Resolves the (masked) destination. */
export async function forgotPassword(email) {
  const data = await cognito('ForgotPassword', { ClientId: config.userPoolClientId, Username: email });
  return data.CodeDeliveryDetails?.Destination ?? '';
}

export async function confirmForgotPassword(email, code, password) {
  await cognito('ConfirmForgotPassword', {
    ClientId: config.userPoolClientId, Username: email, ConfirmationCode: code, Password: password,
  });
}

/**
 * Signs in with email and password. Resolves {mfa: false} when signed in, or {mfa: true} when the
 * account asks for an authenticator code (answer it with answerMfa).
 */
export async function logIn(email, password, { keep = false } = {}) {
  pendingChallenge = null;
  const data = await cognito('InitiateAuth', {
    ClientId: config.userPoolClientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  if (data.ChallengeName === 'SOFTWARE_TOKEN_MFA' && data.Session) {
    pendingChallenge = { email, session: data.Session, keep };
    return { mfa: true };
  }
  const result = data.AuthenticationResult;
  if (!result?.AccessToken) {
    throw new AuthError(data.ChallengeName ?? 'Challenge',
      `This account needs a sign-in step this app does not offer (${data.ChallengeName ?? 'unknown challenge'}).`);
  }
  signedIn(email, result, keep);
  return { mfa: false };
}

/** Answers the SOFTWARE_TOKEN_MFA challenge of the last logIn with the authenticator app's code. */
export async function answerMfa(code) {
  const pending = pendingChallenge;
  if (!pending) throw new AuthError('NotAuthorizedException', friendly('NotAuthorizedException', 'session'));
  let data;
  try {
    data = await cognito('RespondToAuthChallenge', {
      ClientId: config.userPoolClientId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: pending.session,
      ChallengeResponses: { USERNAME: pending.email, SOFTWARE_TOKEN_MFA_CODE: code },
    });
  } catch (error) {
    if (error.type === 'NotAuthorizedException') pendingChallenge = null; // the session is over: start again
    throw error;
  }
  if (data.Session) pending.session = data.Session;
  const result = data.AuthenticationResult;
  if (!result?.AccessToken) throw new AuthError('Challenge', 'The sign-in did not complete. Log in again.');
  pendingChallenge = null;
  signedIn(pending.email, result, pending.keep);
}

export function cancelMfa() {
  pendingChallenge = null;
}

function signedIn(email, result, keep) {
  // One place for the session: the other storage is cleared, so a reload finds this one.
  storageFor(!keep).removeItem(STORAGE_KEY);
  store({
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken,
    expiresAt: Date.now() + (result.ExpiresIn ?? 3600) * 1000,
    email,
    kept: keep,
  });
  emit('');
}

function store(next) {
  session = next;
  storageFor(session.kept).setItem(STORAGE_KEY, JSON.stringify(session));
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

/** Runs fn holding the refresh lock shared by this browser's tabs (where Web Locks exist: secure contexts). */
function withRefreshLock(fn) {
  return navigator.locks?.request ? navigator.locks.request(REFRESH_LOCK, fn) : fn();
}

/**
 * Renews the access token. Resolves true when renewed, false when the refresh token is no longer
 * accepted (the user must log in again); rejects on network errors. One refresh at a time, in this
 * tab and, for a kept session, across tabs. With force, renews even a token that is not near expiry
 * (after a 401).
 */
export function refresh({ force = false } = {}) {
  if (!session?.refreshToken) return Promise.resolve(false);
  refreshing ??= withRefreshLock(async () => {
    let current = session;
    try {
      if (!current) return false;
      if (current.kept) {
        // Another tab may have renewed (or ended) the session while we waited for the lock.
        const stored = read(localStorage);
        if (!stored || stored.refreshToken !== current.refreshToken) return false;
        if (stored.accessToken !== current.accessToken) {
          session = { ...stored, kept: true };
          scheduleRefresh();
          current = session;
          if (stored.expiresAt - Date.now() > REFRESH_MARGIN_MS) return true;
        }
      }
      if (!force && current.expiresAt - Date.now() > REFRESH_MARGIN_MS * 2) return true;
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
    }
  }).finally(() => {
    refreshing = null;
  });
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

/** A Cognito call authorized by the signed-in user's access token. */
async function asUser(operation, body = {}) {
  const token = await getAccessToken();
  if (!token) throw new AuthError('NotAuthorizedException', 'Your session has ended: please log in again.');
  return cognito(operation, { AccessToken: token, ...body });
}

export async function changePassword(previous, proposed) {
  await asUser('ChangePassword', { PreviousPassword: previous, ProposedPassword: proposed });
}

/** Whether the authenticator app (TOTP) is asked for at sign-in. */
export async function mfaEnabled() {
  const user = await asUser('GetUser');
  return (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA');
}

/** Starts linking an authenticator app: resolves the base32 secret to show and scan. */
export async function associateSoftwareToken() {
  const data = await asUser('AssociateSoftwareToken');
  return data.SecretCode;
}

/** Checks the app's first code against the new secret, then asks for it at every sign-in. */
export async function enableMfa(code) {
  const data = await asUser('VerifySoftwareToken', { UserCode: code, FriendlyDeviceName: 'Authenticator app' });
  if (data.Status && data.Status !== 'SUCCESS') throw new AuthError('EnableSoftwareTokenMFAException', friendly('CodeMismatchException'));
  await asUser('SetUserMFAPreference', { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
}

export async function disableMfa() {
  await asUser('SetUserMFAPreference', { SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } });
}

/** Ends every session of the user on every device (GlobalSignOut), then this one. */
export async function signOutEverywhere() {
  await asUser('GlobalSignOut');
  signOut('You are signed out on every device.');
}

/** Ends the session in this tab (and in the other tabs of a kept session). With revoke, the refresh token is revoked too (best effort). */
export function signOut(message = '', { revoke = false } = {}) {
  const ended = session;
  clearTimeout(refreshTimer);
  session = null;
  pendingChallenge = null;
  sessionStorage.removeItem(STORAGE_KEY);
  if (ended?.kept) localStorage.removeItem(STORAGE_KEY); // → storage event → the other tabs sign out
  if (revoke && ended?.refreshToken) {
    cognito('RevokeToken', { ClientId: config.userPoolClientId, Token: ended.refreshToken }).catch(() => {});
  }
  if (ended) emit(message);
}
