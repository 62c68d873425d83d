// Conversations: search (GET /api/console/conversations) and open one redacted transcript with each customer
// turn's intent, confidence and flow step (GET /api/console/conversations/:id).
import { api } from '../api.js';
import { byId, defaultRange, el, fillTable, formatDateTime, formatPercent, query, rangeParams } from '../dom.js';
import { t } from '../i18n.js';

const LIST_CAP = 200;
let items;
let open;
let context;

function renderList() {
  const columns = [
    { label: t('conversations.started') },
    { label: t('field.channel') },
    { label: t('field.language') },
    { label: t('conversations.turns'), className: 'num' },
    { label: t('conversations.intents'), className: 'wide' },
    { label: t('field.outcome') },
    { label: '', node: el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, t('open'))) },
  ];
  const rows = items.map((item) => {
    const button = el(
      'button',
      { type: 'button', class: 'secondary small', dataset: { conversation: item.conversationId } },
      t('open'),
    );
    button.addEventListener('click', () => context.run(() => openConversation(item.conversationId)));
    return [
      formatDateTime(item.startedAt),
      item.channel,
      t(`lang.${item.language}`),
      String(item.turns),
      item.intents.join(', '),
      el('span', { class: `pill outcome-${item.outcome}` }, t(`outcome.${item.outcome}`)),
      button,
    ];
  });
  fillTable(byId('conversations-table'), columns, rows, t('conversations.empty'));
  const table = byId('conversations-table');
  if (items.length >= LIST_CAP)
    table.append(el('caption', { class: 'caption' }, t('conversations.capped', { count: LIST_CAP })));
}

function annotations(turn) {
  const notes = [];
  if (turn.from === 'customer' && turn.intent)
    notes.push(t('transcript.intent', { intent: turn.intent, confidence: formatPercent(turn.confidence ?? null, 0) }));
  if (turn.flow) notes.push(t('transcript.flow', { flow: turn.flow }));
  if (turn.flowStep) notes.push(t('transcript.step', { step: turn.flowStep }));
  if (turn.from === 'bot' && turn.replyId) notes.push(t('transcript.reply', { id: turn.replyId }));
  return notes.length ? el('p', { class: 'notes' }, notes.join(' · ')) : null;
}

function renderTranscript() {
  const lang = open.language === 'zh' ? 'zh-CN' : 'en';
  byId('transcript-meta').textContent = t('transcript.meta', {
    id: open.conversationId,
    channel: open.channel,
    language: t(`lang.${open.language}`),
  });
  byId('transcript-lines').replaceChildren(
    ...open.turns.map((turn) =>
      el(
        'li',
        { class: `line ${turn.from}` },
        el(
          'p',
          { class: 'line-head' },
          el('strong', {}, t(turn.from === 'customer' ? 'transcript.customer' : 'transcript.bot')),
          ' ',
          el('time', { datetime: turn.at }, formatDateTime(turn.at)),
        ),
        el('p', { class: 'line-text', lang }, turn.text),
        annotations(turn),
      ),
    ),
  );
}

async function openConversation(id) {
  open = await api.get(`/conversations/${encodeURIComponent(id)}`);
  renderTranscript();
  const box = byId('transcript');
  box.hidden = false;
  byId('transcript-title').focus();
}

export async function loadConversations() {
  defaultRange(byId('cv-from'), byId('cv-to'), 7);
  const params = {
    ...rangeParams(byId('cv-from'), byId('cv-to')),
    channel: byId('cv-channel').value,
    language: byId('cv-language').value,
    intent: byId('cv-intent').value.trim(),
    outcome: byId('cv-outcome').value,
  };
  items = (await api.get(`/conversations${query(params)}`)).items;
  renderList();
}

export function relabelConversations() {
  if (items) renderList();
  if (open && !byId('transcript').hidden) renderTranscript();
}

export function initConversations(ctx) {
  context = ctx;
  byId('conversation-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.run(loadConversations);
  });
  byId('transcript-close').addEventListener('click', () => {
    byId('transcript').hidden = true;
    open = undefined;
    byId('conversations-title').focus();
  });
}
