// New intent (editors): an id and, per locale, a title, an answer and examples → POST /api/console/intents.
// A 400 answer's message names the field; it is shown above the button and the field is marked when it can be told.
import { api, ApiError } from '../api.js';
import { announce, byId } from '../dom.js';
import { t } from '../i18n.js';
import { forgetIntents } from './unanswered.js';
import { watchTraining } from '../training.js';

const LOCALES = ['zh-CN', 'en'];
const FIELD_IDS = { 'zh-CN': 'ni-zh', en: 'ni-en' };

function entryOf(locale) {
  const prefix = FIELD_IDS[locale];
  return {
    locale,
    title: byId(`${prefix}-title`).value.trim(),
    answer: byId(`${prefix}-answer`).value.trim(),
    examples: byId(`${prefix}-examples`)
      .value.split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  };
}

/** The input a server message points at ("entries[1].examples", "en title", "intent"), when it can be told. */
function fieldOf(message) {
  const text = message.toLowerCase();
  const index = /entries\W{0,2}(\d)/.exec(text);
  const locale = index
    ? LOCALES[Number(index[1])]
    : /\bzh-cn\b/.test(text)
      ? 'zh-CN'
      : /\ben\b/.test(text)
        ? 'en'
        : undefined;
  for (const name of ['examples', 'answer', 'title'])
    if (text.includes(name) && locale) return byId(`${FIELD_IDS[locale]}-${name}`);
  if (text.includes('intent')) return byId('ni-id');
  return undefined;
}

function clearInvalid(form) {
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
}

export function initNewIntent(ctx) {
  const form = byId('new-intent-form');
  const error = byId('new-intent-error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearInvalid(form);
    error.textContent = '';
    const intent = byId('ni-id').value.trim();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await api.post('/intents', { intent, entries: LOCALES.map(entryOf) });
      form.reset();
      forgetIntents();
      announce(t('newIntent.created', { intent }), 'success');
      void watchTraining();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 400) {
        error.textContent = failure.message;
        const field = fieldOf(failure.message);
        field?.setAttribute('aria-invalid', 'true');
        field?.focus();
      } else ctx.fail(failure);
    } finally {
      button.disabled = false;
    }
  });
}
