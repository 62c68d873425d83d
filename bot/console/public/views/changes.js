// Changes: everything taught in the console (GET /api/console/changes), newest first; editors undo one.
import { api } from '../api.js';
import { announce, byId, el, fillTable, formatDateTime } from '../dom.js';
import { t } from '../i18n.js';
import { watchTraining } from '../training.js';
import { forgetIntents } from './unanswered.js';

let changes;
let context;

function what(change) {
  if (change.kind === 'assign')
    return t('changes.assignWhat', { count: change.texts.length, intent: change.intent, locale: change.locale });
  if (change.kind === 'dismiss') return t('changes.dismissWhat', { count: change.texts.length, locale: change.locale });
  return t('changes.newWhat', { intent: change.intent, titles: change.entries.map((e) => e.title).join(' / ') });
}

function examples(change) {
  if (change.kind === 'new_intent' || change.texts.length === 0) return null;
  return el(
    'ul',
    { class: 'texts' },
    change.texts.slice(0, 5).map((text) => el('li', {}, text)),
  );
}

async function undo(change, button) {
  if (!window.confirm(t('changes.undoConfirm'))) return;
  button.disabled = true;
  try {
    await api.post(`/changes/${encodeURIComponent(change.id)}/undo`);
    announce(t('changes.didUndo'), 'success');
    if (change.kind === 'new_intent') forgetIntents();
    void watchTraining();
    await loadChanges();
  } catch (error) {
    button.disabled = false;
    context.fail(error);
  }
}

function render() {
  const editor = context.can('editor');
  const columns = [
    { label: t('changes.when') },
    { label: t('changes.who') },
    { label: t('changes.kind') },
    { label: t('changes.what'), className: 'wide' },
    { label: t('changes.state') },
  ];
  const rows = changes.map((change) => {
    const state = change.undone
      ? el(
          'span',
          { class: 'pill muted' },
          t('changes.undone', { by: change.undone.by, when: formatDateTime(change.undone.at) }),
        )
      : el('span', { class: 'pill ok' }, t('changes.active'));
    const action =
      editor && !change.undone
        ? el('button', { type: 'button', class: 'secondary small', dataset: { change: change.id } }, t('changes.undo'))
        : null;
    action?.addEventListener('click', () => undo(change, action));
    return [
      formatDateTime(change.at),
      change.by,
      t(`kind.${change.kind}`),
      el('div', {}, el('span', {}, what(change)), examples(change)),
      el('div', { class: 'cell-actions' }, state, action),
    ];
  });
  fillTable(byId('changes-table'), columns, rows, t('changes.empty'));
}

export async function loadChanges() {
  changes = (await api.get('/changes')).items;
  render();
}

export function relabelChanges() {
  if (changes) render();
}

export function initChanges(ctx) {
  context = ctx;
}
