// The support console's entry: sign-in, the session (name, role, CSRF token in memory), navigation between
// the views (#overview, #unanswered, …), the language switch and error messages.
import { api, ApiError, setCsrfToken, whenSignedOut } from './api.js';
import { announce, byId, el } from './dom.js';
import { currentLocale, setLocale, t, translatePage } from './i18n.js';
import { relabelTraining, stopTraining, watchTraining } from './training.js';
import { initChanges, loadChanges, relabelChanges } from './views/changes.js';
import { initConversations, loadConversations, relabelConversations } from './views/conversations.js';
import { initNewIntent } from './views/new-intent.js';
import { initOverview, loadOverview, relabelOverview } from './views/overview.js';
import { loadReport, relabelReport } from './views/report.js';
import { initStaff, loadStaff, relabelStaff } from './views/staff.js';
import { forgetIntents, initUnanswered, loadUnanswered, relabelUnanswered } from './views/unanswered.js';

const ROLES = ['viewer', 'editor', 'admin'];
const CHANNELS = ['webchat', 'telegram', 'wechat', 'botframework', 'slack'];
const OUTCOMES = ['resolved_confirmed', 'resolved_assumed', 'handoff', 'repeat_contact', 'unanswered'];

/** Each view: the role it needs, what loads it, and what relabels it after a language switch. */
const VIEWS = {
  overview: { role: 'viewer', load: loadOverview, relabel: relabelOverview },
  unanswered: { role: 'viewer', load: loadUnanswered, relabel: relabelUnanswered },
  'new-intent': { role: 'editor' },
  changes: { role: 'viewer', load: loadChanges, relabel: relabelChanges },
  conversations: { role: 'viewer', load: loadConversations, relabel: relabelConversations },
  report: { role: 'viewer', load: loadReport, relabel: relabelReport },
  staff: { role: 'admin', load: loadStaff, relabel: relabelStaff },
};

let session;
let current;

function can(role) {
  return Boolean(session) && ROLES.indexOf(session.role) >= ROLES.indexOf(role);
}

function fail(error) {
  if (error instanceof ApiError) {
    if (error.status === 401) return; // the sign-in form is already shown
    if (error.status === 403 && error.code === 'forbidden') return announce(t('error.forbidden'), 'error');
    if (error.code === 'network') return announce(t('error.network'), 'error');
    return announce(t('error.generic', { message: error.message }), 'error');
  }
  announce(t('error.generic', { message: error instanceof Error ? error.message : String(error) }), 'error');
}

/** Runs a load or an action with the main area marked busy; any failure is shown in the status line. */
async function run(job) {
  const main = byId('main');
  main.setAttribute('aria-busy', 'true');
  try {
    await job();
  } catch (error) {
    fail(error);
  } finally {
    main.removeAttribute('aria-busy');
  }
}

const context = { can, fail, run, session: () => session };

function optionsFor(kind) {
  if (kind === 'channels') return [['', t('all')], ...CHANNELS.map((c) => [c, c])];
  if (kind === 'languages')
    return [
      ['', t('all')],
      ['zh', t('lang.zh')],
      ['en', t('lang.en')],
    ];
  if (kind === 'outcomes') return [['', t('all')], ...OUTCOMES.map((o) => [o, t(`outcome.${o}`)])];
  if (kind === 'roles') return ['viewer', 'editor', 'admin'].map((r) => [r, t(`role.${r}`)]);
  return [];
}

/** Fills the `select[data-options]` filters in the current language, keeping what was chosen. */
function fillSelects() {
  for (const select of document.querySelectorAll('select[data-options]')) {
    const chosen = select.value;
    select.replaceChildren(
      ...optionsFor(select.dataset.options).map(([value, label]) => el('option', { value }, label)),
    );
    if (chosen) select.value = chosen;
  }
}

function applyLanguage() {
  translatePage();
  fillSelects();
  const lang = byId('lang');
  const other = currentLocale() === 'en' ? 'zh-CN' : 'en';
  lang.textContent = other === 'en' ? 'English' : '中文';
  lang.lang = other;
  lang.setAttribute('aria-label', other === 'en' ? 'Switch to English' : '切换到中文');
  showWho();
  relabelTraining();
}

function showWho() {
  const who = byId('who');
  who.hidden = !session;
  who.textContent = session ? `${session.name} · ${t(`role.${session.role}`)}` : '';
}

function applyRole() {
  for (const node of document.querySelectorAll('[data-min-role]')) node.hidden = !can(node.dataset.minRole);
}

function viewFromHash() {
  const name = window.location.hash.slice(1);
  return VIEWS[name] && can(VIEWS[name].role) ? name : 'overview';
}

async function showView(name, { focus = true } = {}) {
  current = name;
  for (const section of document.querySelectorAll('section.view')) section.hidden = section.dataset.view !== name;
  for (const link of document.querySelectorAll('.nav a[data-view]')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (focus) document.querySelector(`section.view[data-view="${name}"] h1`)?.focus();
  const load = VIEWS[name].load;
  if (load) await run(load);
}

function signedIn(answer, { announceIt = false } = {}) {
  session = { name: answer.name, role: answer.role };
  setCsrfToken(answer.csrfToken);
  byId('signin').hidden = true;
  byId('shell').hidden = false;
  byId('signout').hidden = false;
  applyRole();
  showWho();
  if (announceIt) announce(t('signin.done', { name: session.name }), 'success');
  void watchTraining({ untilLive: true });
  void showView(viewFromHash(), { focus: announceIt });
}

function showSignIn(message = '') {
  session = undefined;
  setCsrfToken('');
  forgetIntents();
  stopTraining();
  showWho();
  byId('shell').hidden = true;
  byId('signout').hidden = true;
  byId('signin').hidden = false;
  byId('signin-error').textContent = message;
  byId('signin-name').focus();
}

function initSignIn() {
  const form = byId('signin-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = byId('signin-error');
    error.textContent = '';
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const answer = await api.login(byId('signin-name').value.trim(), byId('signin-password').value);
      byId('signin-password').value = '';
      signedIn(answer, { announceIt: true });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) error.textContent = t('signin.bad');
      else if (failure instanceof ApiError && failure.status === 429) error.textContent = t('signin.locked');
      else if (failure instanceof ApiError && failure.code === 'network') error.textContent = t('error.network');
      else error.textContent = t('error.generic', { message: failure.message });
      byId('signin-password').focus();
      byId('signin-password').select();
    } finally {
      button.disabled = false;
    }
  });
  byId('signout').addEventListener('click', async () => {
    try {
      await api.post('/logout');
    } catch {
      // Signed out here either way; the cookie expires on its own.
    }
    showSignIn();
    announce(t('signout.done'), 'info');
  });
  whenSignedOut(() => showSignIn(t('signin.expired')));
}

async function boot() {
  applyLanguage();
  initSignIn();
  initOverview(run);
  initUnanswered(context);
  initNewIntent(context);
  initChanges(context);
  initConversations(context);
  initStaff(context);
  byId('lang').addEventListener('click', () => {
    setLocale(currentLocale() === 'en' ? 'zh-CN' : 'en');
    applyLanguage();
    if (current && session) VIEWS[current].relabel?.();
  });
  window.addEventListener('hashchange', () => {
    if (session) void showView(viewFromHash());
  });
  try {
    signedIn(await api.me());
  } catch (error) {
    showSignIn(error instanceof ApiError && error.status !== 401 ? t('error.generic', { message: error.message }) : '');
  }
}

void boot();
