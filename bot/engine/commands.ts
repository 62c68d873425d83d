import { say, text, traceOf, type Turn } from './context.ts';
import { caseKey, handoffActive, requestHandoff, type CaseRecord } from './handoff.ts';
import { parseLanguageArg } from './language.ts';
import { topicButtons } from './topics.ts';

export type CommandName = 'start' | 'help' | 'cancel' | 'human' | 'lang';

const CANCEL_WORDS = new Set([
  'cancel',
  'stop',
  'quit',
  'exit',
  'never mind',
  'nevermind',
  'forget it',
  'no thanks',
  '取消',
  '算了',
  '算了吧',
  '不用了',
  '不要了',
  '退出',
  '停止',
  '不办了',
]);

/** "cancel", "取消", "算了", "stop" … typed on their own (punctuation and case ignored). */
export function isCancelText(text: string): boolean {
  const normalized = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s!！.。,，?？~～]+/gu, ' ')
    .trim();
  return CANCEL_WORDS.has(normalized);
}

export async function runCommand(turn: Turn, name: CommandName, args?: string): Promise<void> {
  const { conv } = turn;
  switch (name) {
    case 'start':
      if (!conv.greeted) {
        conv.greeted = true;
        say(turn, 'welcome', {}, topicButtons(turn));
      } else {
        say(turn, 'welcome_back', {}, topicButtons(turn));
      }
      return;
    case 'help':
      say(turn, 'help', {}, topicButtons(turn));
      return;
    case 'human':
      await requestHandoff(turn, { reason: 'customer_request' });
      return;
    case 'lang':
      runLang(turn, args);
      return;
    case 'cancel':
      await cancel(turn);
      return;
  }
}

function runLang(turn: Turn, args: string | undefined): void {
  const choice = parseLanguageArg(args);
  if (choice === 'auto') {
    turn.conv.languagePinned = false;
    say(turn, 'lang.auto');
    return;
  }
  if (!choice) {
    say(turn, 'lang.choose', {}, [
      { label: text(turn, 'lang.button_zh'), value: 'lang:zh' },
      { label: text(turn, 'lang.button_en'), value: 'lang:en' },
    ]);
    return;
  }
  turn.conv.language = choice;
  turn.conv.languagePinned = true;
  say(turn, 'lang.pinned');
}

/** Leaves a flow or verification; otherwise leaves the handoff queue; otherwise nothing to do. */
export async function cancel(turn: Turn): Promise<void> {
  const { conv, deps } = turn;
  if (conv.flow || conv.verification) {
    if (conv.flow) deps.metrics.flowOutcome(conv.flow.id, 'cancelled');
    conv.flow = undefined;
    conv.verification = undefined;
    say(turn, 'cancelled');
    return;
  }
  if (handoffActive(conv.handoff.state) && conv.handoff.caseId) {
    await leaveHandoff(turn);
    return;
  }
  say(turn, 'nothing_to_cancel');
}

/** Stores a 1–5 satisfaction rating with the case it was asked for. */
export async function storeRating(turn: Turn, caseId: string, rating: number): Promise<void> {
  const { deps } = turn;
  const record = (await deps.store.get<CaseRecord>(caseKey(caseId))) ?? undefined;
  const base: CaseRecord = record ?? {
    caseId,
    conversationId: turn.conv.conversationId,
    channel: turn.conv.channel,
    reason: 'customer_request',
    urgent: false,
    openedAt: turn.at.toISOString(),
    state: 'resolved',
  };
  await deps.store.set(
    caseKey(caseId),
    { ...base, rating, ratedAt: turn.at.toISOString() },
    { ttlMs: deps.options.caseTtlMs },
  );
  turn.conv.awaitingRatingFor = undefined;
  traceOf(turn).rating = rating;
  say(turn, 'rating.thanks');
}

/** The customer leaves the queue or the agent: the desk is told and the bot takes over again. */
export async function leaveHandoff(turn: Turn): Promise<void> {
  const { conv, deps } = turn;
  const caseId = conv.handoff.caseId;
  if (!caseId) return;
  if (deps.desk && conv.handoff.state !== 'requested') {
    try {
      await deps.desk.close(caseId, 'customer_left');
    } catch (error) {
      deps.logger.warn(
        { conversationId: conv.conversationId, caseId, err: error instanceof Error ? error.name : 'unknown' },
        'desk close failed',
      );
    }
  }
  conv.handoff = { state: 'none' };
  const record = await deps.store.get<CaseRecord>(caseKey(caseId));
  if (record) {
    await deps.store.set(
      caseKey(caseId),
      { ...record, state: 'resolved', outcome: 'customer_left', closedAt: turn.at.toISOString() },
      { ttlMs: deps.options.caseTtlMs },
    );
  }
  say(turn, 'handoff.left_queue');
}
