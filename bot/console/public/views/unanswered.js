// Unanswered: the groups of missed messages (GET /api/console/unanswered); an editor assigns a group to an
// intent or dismisses it as out of scope, then watches the retrain.
import { api } from '../api.js';
import { announce, byId, defaultRange, el, formatDateTime, formatPercent, query, rangeParams } from '../dom.js';
import { t } from '../i18n.js';
import { watchTraining } from '../training.js';

let intents;
let groups = [];
let context;

/** The intents for the picker (GET /api/console/intents), asked once per sign-in. */
async function intentList() {
  intents ??= (await api.get('/intents')).items;
  return intents;
}

export function forgetIntents() {
  intents = undefined;
}

function localeOf(language) {
  return language === 'zh' ? 'zh-CN' : 'en';
}

function intentLabel(item, locale) {
  const title = item.titles?.[locale] ?? item.titles?.en;
  return title ? `${item.intent} — ${title}` : item.intent;
}

function picker(group, id) {
  const locale = localeOf(group.language);
  const suggested = new Set(group.suggestions.map((s) => s.intent));
  const select = el('select', { id, required: true });
  if (group.suggestions.length) {
    const top = el('optgroup', { label: t('unanswered.suggested') });
    for (const s of group.suggestions) {
      const item = intents.find((i) => i.intent === s.intent) ?? { intent: s.intent };
      top.append(el('option', { value: s.intent }, `${intentLabel(item, locale)} (${formatPercent(s.confidence, 0)})`));
    }
    select.append(top);
  }
  const rest = el('optgroup', { label: t('unanswered.allIntents') });
  for (const item of intents)
    if (!suggested.has(item.intent)) rest.append(el('option', { value: item.intent }, intentLabel(item, locale)));
  select.append(rest);
  return select;
}

function teachForm(group, index) {
  const intentId = `un-intent-${index}`;
  const localeId = `un-locale-${index}`;
  const locale = el(
    'select',
    { id: localeId },
    ['zh-CN', 'en'].map((l) => el('option', { value: l, selected: l === localeOf(group.language) }, t(`locale.${l}`))),
  );
  const intent = picker(group, intentId);
  const form = el(
    'form',
    { class: 'teach', dataset: { group: group.id } },
    el('div', { class: 'field grow' }, el('label', { for: intentId }, t('unanswered.pick')), intent),
    el('div', { class: 'field' }, el('label', { for: localeId }, t('field.locale')), locale),
    el(
      'div',
      { class: 'field actions' },
      el('button', { type: 'submit', class: 'assign' }, t('unanswered.assign')),
      el(
        'button',
        { type: 'button', class: 'secondary dismiss', on: { click: () => dismiss(group, locale.value) } },
        t('unanswered.dismiss'),
      ),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    assign(group, intent.value, locale.value);
  });
  return form;
}

function groupCard(group, index) {
  const reasons = Object.entries(group.reasons ?? {}).map(([reason, n]) =>
    el('li', { class: 'chip' }, `${t(`reason.${reason}`)} · ${n}`),
  );
  const suggestions = group.suggestions.length
    ? group.suggestions.map((s) =>
        el('li', { class: 'chip suggestion' }, `${s.intent} ${formatPercent(s.confidence, 0)}`),
      )
    : [el('li', { class: 'chip muted' }, t('unanswered.noSuggestion'))];
  const others = (group.examples ?? []).filter((text) => text !== group.example);
  return el(
    'li',
    { class: 'group card', dataset: { group: group.id } },
    el(
      'div',
      { class: 'group-head' },
      el('p', { class: 'example', lang: localeOf(group.language) }, group.example),
      el('span', { class: 'count' }, t('unanswered.count', { count: group.count })),
    ),
    el(
      'p',
      { class: 'meta' },
      `${t(`lang.${group.language}`)} · ${t('unanswered.lastSeen', { when: formatDateTime(group.lastSeen) })}`,
    ),
    el('ul', { class: 'chips', 'aria-label': t('unanswered.reasons') }, reasons),
    el('ul', { class: 'chips', 'aria-label': t('unanswered.suggested') }, suggestions),
    others.length
      ? el(
          'details',
          {},
          el('summary', {}, t('unanswered.more', { count: others.length })),
          el(
            'ul',
            { class: 'examples' },
            others.map((text) => el('li', { lang: localeOf(group.language) }, text)),
          ),
        )
      : null,
    context.can('editor') ? teachForm(group, index) : null,
  );
}

function render() {
  const list = byId('unanswered-list');
  if (groups.length === 0) list.replaceChildren(el('li', { class: 'empty card' }, t('unanswered.empty')));
  else list.replaceChildren(...groups.map(groupCard));
}

async function act(group, path, body, message) {
  const buttons = document.querySelectorAll(`form.teach[data-group="${window.CSS.escape(group.id)}"] button`);
  for (const button of buttons) button.disabled = true;
  try {
    await api.post(`/unanswered/${encodeURIComponent(group.id)}/${path}`, body);
    announce(message, 'success');
    groups = groups.filter((g) => g.id !== group.id);
    render();
    byId('unanswered-title').focus();
    void watchTraining();
  } catch (error) {
    for (const button of buttons) button.disabled = false;
    context.fail(error);
  }
}

function assign(group, intent, locale) {
  return act(group, 'assign', { intent, locale }, t('unanswered.assigned', { intent }));
}

function dismiss(group, locale) {
  return act(group, 'dismiss', { locale }, t('unanswered.dismissed'));
}

export async function loadUnanswered() {
  defaultRange(byId('un-from'), byId('un-to'), 30);
  const params = { ...rangeParams(byId('un-from'), byId('un-to')), language: byId('un-language').value };
  const [answer] = await Promise.all([
    api.get(`/unanswered${query(params)}`),
    context.can('editor') ? intentList() : Promise.resolve(),
  ]);
  groups = answer.items;
  render();
}

export function relabelUnanswered() {
  if (groups.length || byId('unanswered-list').childElementCount) render();
}

export function initUnanswered(ctx) {
  context = ctx;
  byId('unanswered-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.run(loadUnanswered);
  });
}
