// Staff (admins): the accounts (GET /api/console/staff), add one (POST), remove one (DELETE).
import { api, ApiError } from '../api.js';
import { announce, byId, el, fillTable, formatDateTime } from '../dom.js';
import { t } from '../i18n.js';

let accounts;
let context;

async function remove(account, button) {
  if (!window.confirm(t('staff.removeConfirm', { name: account.name }))) return;
  button.disabled = true;
  try {
    await api.delete(`/staff/${encodeURIComponent(account.name)}`);
    announce(t('staff.removed', { name: account.name }), 'success');
    await loadStaff();
  } catch (error) {
    button.disabled = false;
    context.fail(error);
  }
}

function render() {
  const me = context.session().name;
  const rows = accounts.map((account) => {
    const button = el(
      'button',
      { type: 'button', class: 'secondary small danger', dataset: { staff: account.name } },
      t('staff.remove'),
    );
    button.setAttribute('aria-label', `${t('staff.remove')} ${account.name}`);
    button.addEventListener('click', () => remove(account, button));
    return [
      account.name === me ? `${account.name} ${t('staff.you')}` : account.name,
      t(`role.${account.role}`),
      formatDateTime(account.createdAt),
      button,
    ];
  });
  fillTable(
    byId('staff-table'),
    [
      { label: t('field.name') },
      { label: t('field.role') },
      { label: t('staff.created') },
      { label: '', node: el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, t('staff.remove'))) },
    ],
    rows,
    '',
  );
}

export async function loadStaff() {
  accounts = (await api.get('/staff')).items;
  render();
}

export function relabelStaff() {
  if (accounts) render();
}

export function initStaff(ctx) {
  context = ctx;
  const form = byId('staff-form');
  const error = byId('staff-error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const name = byId('st-name').value.trim();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await api.post('/staff', { name, role: byId('st-role').value, password: byId('st-password').value });
      form.reset();
      announce(t('staff.added', { name }), 'success');
      await loadStaff();
    } catch (failure) {
      if (failure instanceof ApiError && (failure.status === 400 || failure.status === 409))
        error.textContent = failure.message;
      else ctx.fail(failure);
    } finally {
      button.disabled = false;
    }
  });
}
