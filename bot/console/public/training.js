// The model's training status in the header: "Training…" while the live model lags the stored changes
// (GET /api/console/training polled each second), "Live" once it has caught up.
import { api } from './api.js';
import { byId } from './dom.js';
import { t } from './i18n.js';

const POLL_MS = 1000;
/** Stop asking after this long; the badge keeps its last state and the next change starts again. */
const GIVE_UP_MS = 5 * 60_000;

let timer;
let status;

function show() {
  const badge = byId('training');
  if (!status) {
    badge.hidden = true;
    return;
  }
  const caughtUp = status.live >= status.wanted && !status.training;
  const state = status.lastError && !status.training ? 'failed' : caughtUp ? 'live' : 'training';
  badge.hidden = false;
  badge.dataset.state = state;
  badge.textContent = t('training.label', { state: t(`training.${state}`) });
}

/** Asks once; returns true when the live model includes every stored change. */
async function check() {
  status = await api.get('/training');
  show();
  return status.live >= status.wanted && !status.training;
}

/** Polls until the live model has caught up (after a change), or once (on sign-in). */
export async function watchTraining({ untilLive = true } = {}) {
  clearTimeout(timer);
  const startedMs = Date.now();
  const tick = async () => {
    try {
      if ((await check()) || !untilLive || Date.now() - startedMs > GIVE_UP_MS) return;
    } catch {
      return;
    }
    timer = setTimeout(tick, POLL_MS);
  };
  await tick();
}

export function stopTraining() {
  clearTimeout(timer);
  status = undefined;
  show();
}

export function relabelTraining() {
  show();
}
