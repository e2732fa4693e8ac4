// The settings in the account view (form#settings-form): home currency, the month the fiscal year
// starts, the number and date format, and the closed period (lockedThrough: empty = none). Saved with PUT /settings (only the fields changed); what
// was saved takes effect at once through settings.js (formats, the entry form, the totals).

import { formatDay, formatMoney } from '../receipts.js';
import { COMMON_CURRENCIES, COMMON_LOCALES, loadSettings, saveSettings } from '../settings.js';
import { $, clearFieldErrors, describeError, h, showFieldErrors, usableLocale } from '../ui.js';

const SAMPLE_AMOUNT = '1234567.89'; // shows the grouping too (12,34,567.89 in en-IN)
const SAMPLE_DATE = '2026-11-21';

let els;
let hooks;
let shown = null;  // the settings the form was filled with (null: not loaded)
let generation = 0;

/** hooks: currencies() → the codes of the user's entries, offered beside the common ones. */
export function initSettingsForm(formHooks = {}) {
  hooks = formHooks;
  els = {
    form: $('#settings-form'), currency: $('#settings-home-currency'), fiscal: $('#settings-fiscal-year'),
    locale: $('#settings-locale'), example: $('#settings-locale-example'), save: $('#settings-save'),
    message: $('#settings-message'), locked: $('#settings-locked-through'),
  };
  els.fiscal.replaceChildren(...Array.from({ length: 12 }, (_, index) => h('option', { value: String(index + 1) },
    monthName(index + 1))));
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  for (const [name, select] of [['homeCurrency', els.currency], ['fiscalYearStartMonth', els.fiscal], ['locale', els.locale]]) {
    select.addEventListener('change', () => {
      if (select.getAttribute('aria-invalid') === 'true') {
        select.removeAttribute('aria-invalid');
        $(`[data-error-for="${name}"]`, els.form).textContent = '';
      }
      if (select === els.locale || select === els.currency) showExample();
    });
  }
  els.save.disabled = true;
}

/** The view is shown: the settings are read (once per sign-in) and fill the form. */
export async function showSettingsForm() {
  const mine = ++generation;
  if (!shown) {
    els.save.disabled = true;
    els.message.textContent = 'Loading your settings…';
  }
  try {
    const settings = await loadSettings();
    if (mine !== generation) return;
    if (els.message.textContent === 'Loading your settings…') els.message.textContent = '';
    fill(settings);
  } catch (error) {
    if (mine !== generation) return;
    els.message.textContent = `Could not load your settings: ${describeError(error)}`;
  }
}

export function resetSettingsForm() {
  generation += 1;
  if (!els) return;
  shown = null;
  els.save.disabled = true;
  els.message.textContent = '';
  els.example.textContent = '';
  clearFieldErrors(els.form, 'data-error-for');
}

function fill(settings) {
  shown = settings;
  const codes = new Set([...COMMON_CURRENCIES, ...(hooks.currencies?.() ?? [])]);
  if (settings.homeCurrency) codes.add(settings.homeCurrency);
  els.currency.replaceChildren(...[...codes].sort().map((code) => h('option', { value: code }, currencyLabel(code))));
  els.currency.value = settings.homeCurrency;
  els.fiscal.value = String(settings.fiscalYearStartMonth ?? 1);
  const locales = [...COMMON_LOCALES];
  if (settings.locale && !locales.includes(settings.locale)) locales.unshift(settings.locale);
  els.locale.replaceChildren(...locales.map((tag) => h('option', { value: tag }, localeLabel(tag))));
  els.locale.value = settings.locale;
  els.locked.value = settings.lockedThrough ?? '';
  els.save.disabled = false;
  showExample();
}

/** "Amounts look like 1.234.567,89 €, dates like 21. Nov. 2026." in the locale chosen, for the home currency chosen. */
function showExample() {
  const tag = usableLocale(els.locale.value);
  const money = new Intl.NumberFormat(tag, { style: 'currency', currency: els.currency.value || 'EUR' })
    .format(Number(SAMPLE_AMOUNT));
  const day = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(`${SAMPLE_DATE}T00:00:00Z`));
  els.example.textContent = `Amounts look like ${money}, dates like ${day}.`;
}

async function save() {
  if (!shown) return;
  clearFieldErrors(els.form, 'data-error-for');
  const chosen = {
    homeCurrency: els.currency.value,
    fiscalYearStartMonth: Number(els.fiscal.value),
    locale: els.locale.value,
    // null opens every period again; the API keeps the lock when the field is not sent
    lockedThrough: els.locked.value || null,
  };
  const changes = Object.fromEntries(Object.entries(chosen)
    .filter(([name, value]) => value !== (name === 'lockedThrough' ? shown[name] ?? null : shown[name])));
  if (!Object.keys(changes).length) {
    els.message.textContent = 'Your settings are saved: nothing changed.';
    return;
  }
  const mine = generation;
  els.save.disabled = true;
  els.message.textContent = 'Saving…';
  try {
    const settings = await saveSettings(changes);
    if (mine !== generation) return;
    fill(settings);
    els.message.textContent = `Settings saved. Home currency ${settings.homeCurrency}, the fiscal year starts in `
      + `${monthName(settings.fiscalYearStartMonth)}; amounts look like ${formatMoney(SAMPLE_AMOUNT, settings.homeCurrency)}, `
      + `dates like ${formatDay(SAMPLE_DATE)}.`
      + (settings.lockedThrough ? ` Entries through ${formatDay(settings.lockedThrough)} are closed.` : '');
  } catch (error) {
    if (mine !== generation) return;
    if (error.code === 'VALIDATION_FAILED') {
      const unplaced = showFieldErrors(els.form, 'data-error-for', error.details);
      els.message.textContent = unplaced.length
        ? `Not saved: ${unplaced.map((detail) => `${detail.field} ${detail.message}`).join('; ')}.`
        : 'Not saved: please correct the fields marked above.';
    } else {
      els.message.textContent = `Not saved: ${describeError(error)}`;
    }
  } finally {
    if (mine === generation) els.save.disabled = false;
  }
}

function monthName(month) {
  return new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, month - 1, 1)));
}

/** "EUR · Euro" (the names in English, as the rest of the app). */
function currencyLabel(code) {
  try {
    const name = new Intl.DisplayNames('en', { type: 'currency' }).of(code);
    return name && name !== code ? `${code} · ${name}` : code;
  } catch {
    return code;
  }
}

/** "German (Germany) · 1.234.567,89" for de-DE: the name, and how a number looks in it. */
function localeLabel(tag) {
  const usable = usableLocale(tag);
  let name = tag;
  try {
    name = new Intl.DisplayNames('en', { type: 'language' }).of(tag) ?? tag;
  } catch {
    // the tag itself
  }
  const sample = usable ? new Intl.NumberFormat(usable, { minimumFractionDigits: 2 }).format(Number(SAMPLE_AMOUNT)) : '';
  return sample ? `${name} · ${sample}` : name;
}
