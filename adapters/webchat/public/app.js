// upay in-app chat page: no framework, no inline script (strict CSP). Works in a phone's web view:
// the app may pass its signed customer token as `#token=…`.

const TEXT = {
  zh: {
    title: 'upay 在线客服',
    placeholder: '请输入您的问题…',
    send: '发送',
    input: '输入消息',
    log: '对话记录',
    demoTitle: '演示模式：选择一位沙盒客户',
    demoHint: '沙盒钱包中的示例客户，用来试用每个流程。',
    anonymous: '不登录（匿名访客）',
    anonymousHint: '需要时用手机号或邮箱验证',
    you: '我',
    bot: 'upay 助手',
    agent: '客服',
    offline: '网络已断开，正在重连…',
    online: '',
    sending: '发送中…',
    failed: '发送失败，正在重试…',
    switchTo: 'Switch to English',
    langBtn: 'EN',
    expired: '会话已过期，已为您开始新的会话。',
  },
  en: {
    title: 'upay Support',
    placeholder: 'Type your question…',
    send: 'Send',
    input: 'Message',
    log: 'Conversation',
    demoTitle: 'Demo mode: pick a sandbox customer',
    demoHint: 'Sample customers of the sandbox wallet, to try every flow.',
    anonymous: 'Not signed in (anonymous)',
    anonymousHint: 'verify with phone or email when needed',
    you: 'You',
    bot: 'upay assistant',
    agent: 'Agent',
    offline: 'Connection lost, reconnecting…',
    online: '',
    sending: 'Sending…',
    failed: 'Not sent yet, retrying…',
    switchTo: '切换到中文',
    langBtn: '中文',
    expired: 'The session expired; a new one has started.',
  },
};

const DEMO_CUSTOMERS = [
  {
    id: 'C1001',
    name: '李伟',
    zh: '正常账户；一笔失败但已扣款的付款（T1001B）',
    en: 'Active; a failed but debited payment (T1001B)',
  },
  {
    id: 'C1002',
    name: 'Emma Brown',
    zh: '因多次输错密码被冻结（可自助解冻）',
    en: 'Frozen after wrong passwords (self-service unfreeze)',
  },
  { id: 'C1003', name: '王芳', zh: '风控审核冻结（需人工）', en: 'Frozen for risk review (human only)' },
  { id: 'C1004', name: '陈杰', zh: '身份证件过期冻结', en: 'Frozen: ID documents expired' },
  { id: 'C1005', name: 'John Lee', zh: '一笔不认识的扣款（T1005B）', en: 'An unrecognised charge (T1005B)' },
];

const $ = (id) => document.getElementById(id);
const state = {
  lang: pickLanguage(),
  sessionId: sessionStorage.getItem('upay.sessionId'),
  lastId: 0,
  events: null,
  sending: false,
};

function pickLanguage() {
  const saved = localStorage.getItem('upay.lang');
  if (saved === 'zh' || saved === 'en') return saved;
  return (navigator.language || 'zh').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function t(key) {
  return TEXT[state.lang][key];
}

function applyLanguage() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  $('title').textContent = t('title');
  $('input').placeholder = t('placeholder');
  $('input-label').textContent = t('input');
  $('send').textContent = t('send');
  $('log').setAttribute('aria-label', t('log'));
  $('lang').textContent = t('langBtn');
  $('lang').setAttribute('aria-label', t('switchTo'));
  $('demo-title').textContent = t('demoTitle');
  $('demo-hint').textContent = t('demoHint');
  renderDemoList();
}

function setLanguage(lang) {
  if (lang === state.lang) return;
  state.lang = lang;
  localStorage.setItem('upay.lang', lang);
  applyLanguage();
}

function setStatus(text) {
  $('status').textContent = text;
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = new Error(data?.error?.message || res.statusText);
    error.status = res.status;
    error.retryAfter = Number(res.headers.get('Retry-After')) || 0;
    throw error;
  }
  return data;
}

function renderDemoList() {
  const list = $('demo-list');
  list.replaceChildren();
  for (const c of DEMO_CUSTOMERS) {
    list.append(demoButton(`${c.id} ${c.name}`, c[state.lang], () => start({ customerId: c.id })));
  }
  list.append(demoButton(t('anonymous'), t('anonymousHint'), () => start({})));
}

function demoButton(title, hint, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.customer = title.split(' ')[0];
  const strong = document.createElement('strong');
  strong.textContent = title;
  const span = document.createElement('span');
  span.textContent = hint;
  button.append(strong, span);
  button.addEventListener('click', onClick);
  return button;
}

function addEntry(entry) {
  if (entry.id && entry.id <= state.lastId) return;
  if (entry.id) state.lastId = entry.id;
  const li = document.createElement('li');
  li.className = `msg ${entry.from}`;
  if (entry.id) li.dataset.id = String(entry.id);
  if (entry.from !== 'customer') {
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = entry.from === 'agent' ? t('agent') : t('bot');
    li.append(who);
  }
  if (entry.html) li.append(formatted(entry.html));
  else li.append(document.createTextNode(entry.text));
  if (entry.buttons?.length) {
    const row = document.createElement('div');
    row.className = 'buttons';
    for (const b of entry.buttons) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = b.label;
      button.dataset.value = b.value;
      button.addEventListener('click', () => {
        for (const other of row.querySelectorAll('button')) other.disabled = true;
        send({ action: b.value }, b.label);
      });
      row.append(button);
    }
    li.append(row);
  }
  $('log').append(li);
  li.scrollIntoView({ block: 'end' });
  return li;
}

/** What the server's sanitizer lets through; the page keeps the same list, in case of a server bug. */
const ALLOWED_TAGS = new Set(['P', 'BR', 'STRONG', 'EM', 'UL', 'OL', 'LI', 'A', 'CODE']);
const SAFE_HREF = /^(?:https?:\/\/|mailto:|tel:)/i;

/**
 * A reply's HTML (rendered and sanitized by the server) as fresh nodes: parsed inert by
 * DOMParser (no script runs, nothing loads), then rebuilt element by element from the allow-list,
 * so only tags, a link's href and a list's start ever reach the page.
 */
function formatted(html) {
  const body = document.createElement('div');
  body.className = 'body';
  const parsed = new DOMParser().parseFromString(html, 'text/html').body;
  copyAllowed(parsed, body);
  return body;
}

function copyAllowed(from, to) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.append(node.textContent);
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    if (!ALLOWED_TAGS.has(node.nodeName)) {
      copyAllowed(node, to);
      continue;
    }
    const el = document.createElement(node.nodeName.toLowerCase());
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href') || '';
      if (!SAFE_HREF.test(href)) {
        copyAllowed(node, to);
        continue;
      }
      el.href = href;
      el.rel = 'noopener noreferrer';
      el.target = '_blank';
    }
    if (node.nodeName === 'OL' && /^\d{1,6}$/.test(node.getAttribute('start') || ''))
      el.setAttribute('start', node.getAttribute('start'));
    copyAllowed(node, el);
    to.append(el);
  }
}

function showChat() {
  $('demo').hidden = true;
  $('chat').hidden = false;
  $('composer').hidden = false;
  $('input').focus();
}

async function start({ customerId, token }) {
  let customerToken = token;
  if (customerId) customerToken = (await api('POST', '/api/sandbox/token', { customerId })).token;
  const session = await api('POST', '/api/inapp/sessions', {
    ...(customerToken ? { token: customerToken } : {}),
    locale: state.lang,
  });
  state.sessionId = session.sessionId;
  sessionStorage.setItem('upay.sessionId', session.sessionId);
  await resume();
}

async function resume() {
  const history = await api('GET', `/api/inapp/sessions/${state.sessionId}/history`);
  $('log').replaceChildren();
  state.lastId = 0;
  for (const entry of history.entries) addEntry(entry);
  disableOldButtons();
  showChat();
  listen();
}

/** Only the newest message's buttons can be pressed. */
function disableOldButtons() {
  const rows = [...$('log').querySelectorAll('.buttons')];
  rows.slice(0, -1).forEach((row) => row.querySelectorAll('button').forEach((b) => (b.disabled = true)));
}

function listen() {
  state.events?.close();
  const source = new EventSource(`/api/inapp/sessions/${state.sessionId}/events?lastEventId=${state.lastId}`);
  state.events = source;
  source.addEventListener('message', (event) => {
    addEntry(JSON.parse(event.data));
    disableOldButtons();
  });
  // A newer stream of this session (another tab, a reload) took this one's place: stop reconnecting.
  source.addEventListener('superseded', () => source.close());
  source.addEventListener('open', () => setStatus(t('online')));
  source.addEventListener('error', () => setStatus(t('offline')));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function send(payload, shownText) {
  const clientMessageId = crypto.randomUUID();
  if (payload.text && /[\u4e00-\u9fff]/.test(payload.text)) setLanguage('zh');
  else if (payload.text && /[a-z]{3}/i.test(payload.text)) setLanguage('en');
  const bubble = addEntry({ from: 'customer', text: shownText });
  bubble.classList.add('pending');
  $('typing').hidden = false;
  // The same clientMessageId on every retry: the server runs the turn once and repeats its answer.
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await api('POST', `/api/inapp/sessions/${state.sessionId}/messages`, {
        clientMessageId,
        ...payload,
      });
      bubble.classList.remove('pending');
      setStatus('');
      $('typing').hidden = true;
      if (result.replies.length === 0) setStatus('');
      await syncFromHistory();
      return;
    } catch (error) {
      if (error.status === 410 || error.status === 404) {
        $('typing').hidden = true;
        sessionStorage.removeItem('upay.sessionId');
        addEntry({ from: 'bot', text: t('expired') });
        await start({});
        return;
      }
      if (error.status && error.status < 500 && error.status !== 429) {
        $('typing').hidden = true;
        bubble.classList.remove('pending');
        return;
      }
      setStatus(t('failed'));
      await sleep(error.retryAfter ? error.retryAfter * 1000 : Math.min(8000, 500 * 2 ** attempt));
    }
  }
}

/** After a turn, the history holds the customer's message and the replies with their ids. */
async function syncFromHistory() {
  const history = await api('GET', `/api/inapp/sessions/${state.sessionId}/history`);
  const pending = [...$('log').querySelectorAll('.msg.customer:not([data-id])')];
  for (const node of pending) node.remove();
  for (const entry of history.entries) {
    if (entry.id > state.lastId) addEntry(entry);
  }
  disableOldButtons();
}

function bind() {
  $('lang').addEventListener('click', () => setLanguage(state.lang === 'zh' ? 'en' : 'zh'));
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('input').value.trim();
    if (!text) return;
    $('input').value = '';
    send({ text }, text);
  });
  $('input').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $('composer').requestSubmit();
    }
  });
  window.addEventListener('online', () => state.sessionId && listen());
}

async function boot() {
  applyLanguage();
  bind();
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) {
    history.replaceState(null, '', location.pathname);
    await start({ token });
    return;
  }
  if (state.sessionId) {
    try {
      await resume();
      return;
    } catch {
      sessionStorage.removeItem('upay.sessionId');
    }
  }
  const config = await api('GET', '/api/inapp/config');
  if (config.sandbox) $('demo').hidden = false;
  else await start({});
}

boot().catch(() => setStatus(t('offline')));
