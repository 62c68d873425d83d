import type { DeskCase } from '../../bot/handoff/case-record.ts';
import type { ThreadMessage } from '../../bot/handoff/transport.ts';
import { escapeMrkdwn, quoteMrkdwn, renderSlackMrkdwn } from '../shared/render/slack-mrkdwn.ts';

/** Block Kit JSON (kept loose: Slack validates it; tests check the parts that matter). */
export type Block = Record<string, unknown>;

export const ACTION_IDS = {
  claim: 'handoff_claim',
  resolve: 'handoff_resolve',
  returnToBot: 'handoff_return',
  sendSuggestion: 'handoff_send_suggestion',
} as const;

const SECTION_MAX = 2900;
const TRANSCRIPT_LINES = 15;

export { escapeMrkdwn };

/**
 * A transcript line. The customer's words are shown as typed (escaped); the bot's and agents'
 * are Markdown answers, shown formatted, without blank lines so the transcript stays compact.
 */
function transcriptLine(line: { from: string; text: string }): string {
  const text =
    line.from === 'customer' ? escapeMrkdwn(line.text) : renderSlackMrkdwn(line.text).replace(/\n{2,}/g, '\n');
  return `*${line.from}:* ${text}`;
}

function clip(text: string, max = SECTION_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text) } };
}

function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(text) }] };
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Block {
  return {
    type: 'button',
    text: { type: 'plain_text', text, emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

const STATE_LABEL: Record<string, string> = {
  requested: ':hourglass_flowing_sand: requested',
  queued: ':hourglass_flowing_sand: waiting for an agent',
  claimed: ':raising_hand: claimed',
  relaying: ':speech_balloon: agent talking with the customer',
  resolved: ':white_check_mark: resolved',
  returned_to_bot: ':robot_face: returned to the bot',
  expired: ':alarm_clock: expired',
};

function stateLine(record: DeskCase): string {
  let line = `*State:* ${STATE_LABEL[record.state] ?? record.state}`;
  if (record.claimedBy) line += ` — agent <@${record.claimedBy.id}>`;
  if (record.closedBy) line += ` — closed by <@${record.closedBy.id}>`;
  if (record.outcome === 'customer_left') line += ' — the customer left';
  if (record.outsideHours) line += ' — outside business hours, email ticket offered';
  else if (record.state === 'expired') line += ' — nobody claimed it in time, email ticket offered';
  if (record.ticketRef) line += ` — ticket \`${record.ticketRef}\``;
  return line;
}

export interface CaseRenderOptions {
  /** Slack user group id (SLACK_ONCALL_GROUP) mentioned on urgent cases. */
  oncallGroup?: string;
}

/** The notification text (push, screen readers) for the case message. */
export function caseText(record: DeskCase, opts: CaseRenderOptions = {}): string {
  const c = record.handoffCase;
  const urgent = record.urgent
    ? `:rotating_light: URGENT${opts.oncallGroup ? ` <!subteam^${opts.oncallGroup}>` : ''} `
    : '';
  return `${urgent}Handoff ${record.caseId} (${c.channel}, ${c.language}, ${c.reason}) — ${STATE_LABEL[record.state] ?? record.state}`;
}

/** The case message in the handoff channel: who, why, what happened so far, and the buttons. */
export function caseBlocks(record: DeskCase, opts: CaseRenderOptions = {}): Block[] {
  const c = record.handoffCase;
  const blocks: Block[] = [];
  const title = record.urgent
    ? `:rotating_light: *URGENT handoff*${opts.oncallGroup ? ` <!subteam^${opts.oncallGroup}>` : ''}`
    : '*Handoff request*';
  blocks.push(section(`${title} \`${record.caseId}\`\n${stateLine(record)}`));

  const customer = [
    c.customer.verified ? ':white_check_mark: verified' : ':grey_question: not verified',
    c.customer.customerId ? `id ${escapeMrkdwn(c.customer.customerId)}` : undefined,
    c.customer.maskedPhone ? `phone ${escapeMrkdwn(c.customer.maskedPhone)}` : undefined,
    c.customer.maskedEmail ? `email ${escapeMrkdwn(c.customer.maskedEmail)}` : undefined,
  ].filter(Boolean);
  blocks.push({
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Customer*\n${customer.join(', ')}` },
      { type: 'mrkdwn', text: `*Channel / language*\n${c.channel} / ${c.language}` },
      { type: 'mrkdwn', text: `*Reason*\n${c.reason.replace(/_/g, ' ')}` },
      {
        type: 'mrkdwn',
        text: `*Flow*\n${c.flow ? `${escapeMrkdwn(c.flow.id)} at ${escapeMrkdwn(c.flow.step)}` : 'none'}`,
      },
    ],
  });

  const trail = c.intentTrail.map((i) => `${escapeMrkdwn(i.intent)} ${i.confidence.toFixed(2)}`).join(' → ') || 'none';
  const risk = c.riskFlags.length ? c.riskFlags.map((f) => `\`${escapeMrkdwn(f)}\``).join(' ') : 'none';
  const tx = c.linkedTransactions.length ? c.linkedTransactions.map((t) => `\`${escapeMrkdwn(t)}\``).join(' ') : 'none';
  blocks.push(section(`*Intent trail:* ${trail}\n*Risk flags:* ${risk}\n*Linked transactions:* ${tx}`));
  blocks.push(section(`*Summary:* ${escapeMrkdwn(c.summary)}`));

  const lines = c.transcript.slice(-TRANSCRIPT_LINES).map(transcriptLine);
  if (lines.length) blocks.push(section(`*Transcript (redacted, last ${lines.length})*\n${lines.join('\n')}`));

  const actions: Block[] = [];
  if (record.state === 'queued' || record.state === 'requested')
    actions.push(button('Claim', ACTION_IDS.claim, record.caseId, 'primary'));
  if (
    record.state === 'queued' ||
    record.state === 'requested' ||
    record.state === 'claimed' ||
    record.state === 'relaying'
  ) {
    actions.push(button('Resolve', ACTION_IDS.resolve, record.caseId));
    actions.push(button('Return to bot', ACTION_IDS.returnToBot, record.caseId, 'danger'));
  }
  if (actions.length) blocks.push({ type: 'actions', block_id: `case:${record.caseId}`, elements: actions });
  blocks.push(
    context(
      `Opened ${record.openedAt} · reply in this thread to talk to the customer once you claimed it · start a reply with // for an internal note`,
    ),
  );
  return blocks;
}

export function suggestionValue(caseId: string, intent: string, locale: string): string {
  return JSON.stringify({ c: caseId, i: intent, l: locale });
}

export function parseSuggestionValue(
  value: string,
): { caseId: string; intent: string; locale: 'zh-CN' | 'en' } | undefined {
  try {
    const v = JSON.parse(value) as { c?: unknown; i?: unknown; l?: unknown };
    if (typeof v.c !== 'string' || typeof v.i !== 'string' || (v.l !== 'zh-CN' && v.l !== 'en')) return undefined;
    return { caseId: v.c, intent: v.i, locale: v.l };
  } catch {
    return undefined;
  }
}

/** A thread message: a customer line (with the suggested answer and its button) or a desk notice. */
export function threadMessage(record: DeskCase, message: ThreadMessage): { text: string; blocks: Block[] } {
  if (message.kind === 'notice') return { text: message.text, blocks: [context(message.text)] };
  const text = `Customer: ${message.text}`;
  const blocks: Block[] = [section(`:bust_in_silhouette: *Customer:* ${escapeMrkdwn(message.text)}`)];
  const s = message.suggestion;
  if (s) {
    blocks.push(context(`:bulb: Suggested answer (${escapeMrkdwn(s.intent)}, ${Math.round(s.confidence * 100)}%)`));
    // The answer as the customer will see it: formatted, quoted.
    blocks.push(section(quoteMrkdwn(renderSlackMrkdwn(clip(s.answer, 2000)))));
    blocks.push({
      type: 'actions',
      elements: [
        button('Send suggested answer', ACTION_IDS.sendSuggestion, suggestionValue(record.caseId, s.intent, s.locale)),
      ],
    });
  }
  return { text, blocks };
}
