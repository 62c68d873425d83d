import { readFileSync } from 'node:fs';
import express, { type Express } from 'express';
import request from 'supertest';
import { slackSignature } from '../../adapters/slack/verify.ts';
import { sampleCase, type DeskHarness } from '../handoff/harness.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-0000-handoff';

const FIXTURES = new URL('../fixtures/slack/', import.meta.url);

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch; default now. */
  timestampS?: number;
  retryNum?: number;
  /** Replace the signature header (forgery tests). */
  signature?: string;
}

/** POSTs an Events API body (JSON) to /slack/events, signed like Slack does. */
export function sendEvent(app: Express, body: unknown, opts: SendOptions = {}) {
  const raw = JSON.stringify(body);
  return signedPost(app, raw, 'application/json', opts);
}

/** POSTs an interactivity payload (`payload=<json>` form) to /slack/events, signed over the form bytes. */
export function sendInteraction(app: Express, payload: unknown, opts: SendOptions = {}) {
  const raw = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return signedPost(app, raw, 'application/x-www-form-urlencoded', opts);
}

export function signedPost(app: Express, raw: string, contentType: string, opts: SendOptions = {}) {
  const ts = String(opts.timestampS ?? Math.floor(Date.now() / 1000));
  const req = request(app)
    .post('/slack/events')
    .set('content-type', contentType)
    .set('x-slack-request-timestamp', ts)
    .set('x-slack-signature', opts.signature ?? slackSignature(opts.secret ?? SIGNING_SECRET, ts, raw));
  if (opts.retryNum !== undefined)
    req.set('x-slack-retry-num', String(opts.retryNum)).set('x-slack-retry-reason', 'http_timeout');
  return req.send(raw);
}

let seq = 0;
function nextTs(): string {
  seq += 1;
  return `17641${String(Date.now()).slice(-5)}.${String(seq).padStart(6, '0')}`;
}

/** An Events API message event: a reply in the case thread. */
export function threadReply(opts: {
  threadTs: string;
  user: string;
  text: string;
  eventId?: string;
  channel?: string;
  botId?: string;
  subtype?: string;
  team?: string;
}) {
  const body = fixture<{ event: Record<string, unknown>; event_id: string; team_id: string }>('thread-reply.json');
  if (opts.team) body.team_id = opts.team;
  const ts = nextTs();
  body.event = {
    ...body.event,
    user: opts.user,
    text: opts.text,
    ts,
    event_ts: ts,
    thread_ts: opts.threadTs,
    channel: opts.channel ?? 'C0HANDOFF',
    ...(opts.botId ? { bot_id: opts.botId } : {}),
    ...(opts.subtype ? { subtype: opts.subtype } : {}),
  };
  body.event_id = opts.eventId ?? `Ev${ts.replace('.', '')}`;
  return body;
}

/** A block_actions payload: an agent pressed one of the desk's buttons. */
export function buttonPress(opts: {
  actionId: string;
  value: string;
  user: string;
  userName?: string;
  actionTs?: string;
  team?: string;
  channel?: string;
}) {
  const body = fixture<{
    user: Record<string, unknown>;
    actions: Record<string, unknown>[];
    team: Record<string, unknown>;
    channel: Record<string, unknown>;
    container: Record<string, unknown>;
  }>('block-actions.json');
  body.user = {
    ...body.user,
    id: opts.user,
    name: opts.userName ?? 'agent',
    username: opts.userName ?? 'agent',
    ...(opts.team ? { team_id: opts.team } : {}),
  };
  if (opts.team) body.team = { ...body.team, id: opts.team };
  if (opts.channel) {
    body.channel = { ...body.channel, id: opts.channel };
    body.container = { ...body.container, channel_id: opts.channel };
  }
  body.actions = [
    { ...body.actions[0], action_id: opts.actionId, value: opts.value, action_ts: opts.actionTs ?? nextTs() },
  ];
  return body;
}

/** An express app with only the Slack routes mounted (what the Slack channel plugin mounts on the real server). */
export function slackOnlyApp(mount: (app: Express) => void): Express {
  const app = express();
  mount(app);
  return app;
}

/** The value of the button with `actionId` in Block Kit blocks. */
export function buttonValue(blocks: unknown, actionId: string): string | undefined {
  for (const block of (blocks as { elements?: { action_id?: string; value?: string }[] }[]) ?? []) {
    const hit = block.elements?.find((e) => e.action_id === actionId);
    if (hit) return hit.value;
  }
  return undefined;
}

/** Opens the sample case on the desk and returns it with the Slack message's ts (buttons and replies refer to it). */
export async function openSampleCase(harness: DeskHarness) {
  const c = sampleCase();
  await harness.handoff.desk.open(c);
  await harness.handoff.idle();
  return { c, ts: (await harness.handoff.desk.get(c.caseId))?.slack?.ts ?? '' };
}

/** Opens the sample case, has `agentId` claim it, and forgets the engine calls so far (the test watches what follows). */
export async function openClaimedCase(harness: DeskHarness, agentId: string) {
  const opened = await openSampleCase(harness);
  await harness.handoff.desk.claim(opened.c.caseId, { agentId });
  await harness.handoff.idle();
  harness.engine.calls.length = 0;
  return opened;
}
