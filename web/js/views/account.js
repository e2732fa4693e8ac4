// The account (section#view-account): the settings (settings-form.js), change the password, set up or turn off the authenticator
// app (TOTP), sign out everywhere, delete the account (DELETE /account, then a local sign-out).

import { api } from '../api.js';
import {
  associateSoftwareToken, changePassword, currentEmail, disableMfa, enableMfa, mfaEnabled, signOut, signOutEverywhere,
} from '../auth.js';
import { $, describeError } from '../ui.js';
import { initSettingsForm, resetSettingsForm, showSettingsForm } from './settings-form.js';

const ISSUER = 'ExpenseTracker';

let els;
let generation = 0;

/** hooks: currencies() → the codes of the user's entries (offered as home currencies). */
export function initAccount(hooks = {}) {
  initSettingsForm(hooks);
  els = {
    email: $('#account-view-email'),
    passwordForm: $('#change-password-form'),
    current: $('#current-password'),
    proposed: $('#new-password'),
    passwordSubmit: $('#change-password-submit'),
    passwordMessage: $('#change-password-message'),
    mfaStatus: $('#mfa-status'),
    mfaEnable: $('#mfa-enable'),
    mfaDisable: $('#mfa-disable'),
    mfaSetup: $('#mfa-setup'),
    mfaQr: $('#mfa-qr'),
    mfaSecret: $('#mfa-secret'),
    mfaCode: $('#mfa-setup-code'),
    mfaVerify: $('#mfa-verify'),
    mfaMessage: $('#mfa-message'),
    everywhere: $('#sign-out-everywhere'),
    everywhereMessage: $('#sign-out-everywhere-message'),
    deleteStart: $('#delete-account'),
    deleteForm: $('#delete-account-form'),
    deleteEmail: $('#delete-account-email'),
    deleteConfirm: $('#delete-account-confirm'),
    deleteMessage: $('#delete-account-message'),
  };
  els.passwordForm.addEventListener('submit', (event) => {
    event.preventDefault();
    submitPassword();
  });
  els.mfaEnable.addEventListener('click', startMfaSetup);
  els.mfaSetup.addEventListener('submit', (event) => {
    event.preventDefault();
    verifyMfa();
  });
  $('#mfa-setup-cancel').addEventListener('click', () => {
    hideMfaSetup();
    els.mfaEnable.focus();
  });
  els.mfaDisable.addEventListener('click', turnOffMfa);
  els.everywhere.addEventListener('click', everywhere);
  els.deleteStart.addEventListener('click', () => {
    els.deleteForm.hidden = false;
    els.deleteMessage.textContent = '';
    els.deleteEmail.value = '';
    els.deleteEmail.focus();
  });
  $('#delete-account-cancel').addEventListener('click', () => {
    els.deleteForm.hidden = true;
    els.deleteStart.focus();
  });
  els.deleteForm.addEventListener('submit', (event) => {
    event.preventDefault();
    deleteAccount();
  });
}

export function showAccount() {
  els.email.textContent = currentEmail();
  showSettingsForm();
  loadMfaStatus();
}

export function resetAccount() {
  generation += 1;
  resetSettingsForm();
  if (!els) return;
  for (const input of [els.current, els.proposed, els.mfaCode, els.deleteEmail]) input.value = '';
  for (const message of [els.passwordMessage, els.mfaMessage, els.everywhereMessage, els.deleteMessage]) {
    message.textContent = '';
  }
  hideMfaSetup();
  els.deleteForm.hidden = true;
}

// ---- password ------------------------------------------------------------------------------

async function submitPassword() {
  const previous = els.current.value;
  const proposed = els.proposed.value;
  if (!previous || !proposed) {
    els.passwordMessage.textContent = !previous ? 'Enter your current password.' : 'Enter a new password.';
    (!previous ? els.current : els.proposed).focus();
    return;
  }
  els.passwordSubmit.disabled = true;
  els.passwordMessage.textContent = 'Changing your password…';
  try {
    await changePassword(previous, proposed);
    els.current.value = '';
    els.proposed.value = '';
    els.passwordMessage.textContent = 'Your password is changed. Use the new one next time you log in.';
  } catch (error) {
    els.passwordMessage.textContent = error.type === 'NotAuthorizedException' && !/session/i.test(error.message)
      ? 'The current password is not right.' : error.message;
    (error.type === 'InvalidPasswordException' ? els.proposed : els.current).focus();
  } finally {
    els.passwordSubmit.disabled = false;
  }
}

// ---- authenticator app ------------------------------------------------------------------------

async function loadMfaStatus() {
  const mine = ++generation;
  els.mfaStatus.textContent = 'Checking…';
  els.mfaEnable.hidden = true;
  els.mfaDisable.hidden = true;
  try {
    const enabled = await mfaEnabled();
    if (mine !== generation) return;
    showMfaState(enabled);
  } catch (error) {
    if (mine !== generation) return;
    els.mfaStatus.textContent = `Could not check two-step sign-in: ${error.message}`;
    els.mfaEnable.hidden = false;
  }
}

function showMfaState(enabled) {
  els.mfaStatus.textContent = enabled
    ? 'On: signing in asks for a code from your authenticator app.'
    : 'Off: signing in asks only for your password.';
  els.mfaStatus.dataset.mfa = enabled ? 'on' : 'off';
  els.mfaEnable.hidden = enabled || !els.mfaSetup.hidden;
  els.mfaDisable.hidden = !enabled;
}

function hideMfaSetup() {
  els.mfaSetup.hidden = true;
  els.mfaQr.replaceChildren();
  els.mfaSecret.textContent = '';
  els.mfaCode.value = '';
  if (els.mfaStatus.dataset.mfa === 'off') els.mfaEnable.hidden = false;
}

/** otpauth://totp/ExpenseTracker:<email>?secret=…&issuer=ExpenseTracker, what authenticator apps scan. */
export function otpauthUri(email, secret) {
  const label = `${encodeURIComponent(ISSUER)}:${encodeURIComponent(email)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(ISSUER)}`;
}

async function startMfaSetup() {
  els.mfaEnable.disabled = true;
  els.mfaMessage.textContent = 'Preparing…';
  try {
    const secret = await associateSoftwareToken();
    els.mfaSecret.textContent = secret.replace(/(.{4})/g, '$1 ').trim();
    els.mfaSecret.dataset.secret = secret;
    els.mfaSetup.hidden = false;
    els.mfaEnable.hidden = true;
    els.mfaMessage.textContent = '';
    await renderQr(otpauthUri(currentEmail(), secret));
    els.mfaCode.focus();
  } catch (error) {
    els.mfaMessage.textContent = error.message;
  } finally {
    els.mfaEnable.disabled = false;
  }
}

/**
 * Draws the QR code as an SVG built through the DOM (no inline styles: the CSP forbids them), with
 * the kept qrcode-generator library served from /vendor/. Without it the key above still works.
 */
async function renderQr(uri) {
  let qrcode;
  try {
    ({ default: qrcode } = await import('../../vendor/qrcode.js'));
  } catch {
    els.mfaQr.replaceChildren();
    els.mfaMessage.textContent = 'The QR code could not be drawn: type the key into your app instead.';
    return;
  }
  const qr = qrcode(0, 'M');
  qr.addData(uri);
  qr.make();
  const count = qr.getModuleCount();
  const margin = 4;
  const size = count + margin * 2;
  let path = '';
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (qr.isDark(row, col)) path += `M${col + margin} ${row + margin}h1v1h-1z`;
    }
  }
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'QR code for your authenticator app (the key below holds the same secret)');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(ns, 'path');
  modules.setAttribute('d', path);
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  els.mfaQr.replaceChildren(svg);
  els.mfaQr.dataset.uri = uri;
}

async function verifyMfa() {
  const code = els.mfaCode.value.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) {
    els.mfaMessage.textContent = 'Enter the 6-digit code your app shows.';
    els.mfaCode.focus();
    return;
  }
  els.mfaVerify.disabled = true;
  els.mfaMessage.textContent = 'Checking the code…';
  try {
    await enableMfa(code);
    hideMfaSetup();
    showMfaState(true);
    els.mfaMessage.textContent = 'Two-step sign-in is on. Next time you log in, enter the code from your app.';
    els.mfaDisable.focus();
  } catch (error) {
    els.mfaMessage.textContent = error.message;
    els.mfaCode.focus();
  } finally {
    els.mfaVerify.disabled = false;
  }
}

async function turnOffMfa() {
  els.mfaDisable.disabled = true;
  try {
    await disableMfa();
    showMfaState(false);
    els.mfaMessage.textContent = 'Two-step sign-in is off.';
    els.mfaEnable.focus();
  } catch (error) {
    els.mfaMessage.textContent = error.message;
  } finally {
    els.mfaDisable.disabled = false;
  }
}

// ---- sessions and deletion ---------------------------------------------------------------------

async function everywhere() {
  els.everywhere.disabled = true;
  els.everywhereMessage.textContent = 'Signing out everywhere…';
  try {
    await signOutEverywhere(); // → the sign-in screen
  } catch (error) {
    els.everywhereMessage.textContent = error.message;
  } finally {
    els.everywhere.disabled = false;
  }
}

async function deleteAccount() {
  const typed = els.deleteEmail.value.trim().toLowerCase();
  if (typed !== currentEmail().trim().toLowerCase()) {
    els.deleteMessage.textContent = 'Type the email address you sign in with to confirm.';
    els.deleteEmail.focus();
    return;
  }
  els.deleteConfirm.disabled = true;
  els.deleteMessage.textContent = 'Deleting your account…';
  try {
    await api('DELETE', '/account');
  } catch (error) {
    els.deleteMessage.textContent = `Your account was not deleted: ${describeError(error, {
      notFound: 'this server cannot delete accounts yet.',
    })}`;
    els.deleteConfirm.disabled = false;
    return;
  }
  els.deleteConfirm.disabled = false;
  signOut('Your account is being deleted with all its data. You can no longer log in with it.', { revoke: true });
}
