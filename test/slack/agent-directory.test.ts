/** SLACK_AGENT_GROUP membership: cached with a TTL, a miss refreshes at most once a minute, failures refuse. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentDirectory } from '../../adapters/slack/agent-directory.ts';
import { createSlackClient } from '../../adapters/slack/transport.ts';
import { silentLogger } from '../../bot/logger.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { BOT_TOKEN } from './helpers.ts';

let slack: FakeSlackApi;
let t = 1_000_000;

beforeEach(async () => {
  slack = await startFakeSlackApi({ token: BOT_TOKEN, groups: { S0DESK: ['UAGENT01'] } });
  t = 1_000_000;
});
afterEach(async () => {
  await slack.close();
});

function directory(opts: { agents?: string[]; group?: string } = {}) {
  return createAgentDirectory({
    client: createSlackClient({ token: BOT_TOKEN, apiUrl: slack.url }),
    logger: silentLogger,
    agents: opts.agents ?? [],
    ...(opts.group ? { group: opts.group } : {}),
    now: () => t,
  });
}

const lookups = () => slack.callsTo('usergroups.users.list').length;

describe('agent directory', () => {
  it('SLACK_AGENTS alone: listed users only, no Web API call', async () => {
    const d = directory({ agents: ['UAGENT01'] });
    expect(d.open).toBe(false);
    expect(await d.verdict('UAGENT01')).toBe('agent');
    expect(await d.verdict('UAGENT02')).toBe('not_agent');
    expect(lookups()).toBe(0);
  });

  it('neither set: the open desk admits anyone', async () => {
    const d = directory();
    expect(d.open).toBe(true);
    expect(await d.verdict('UANYONE')).toBe('agent');
  });

  it('caches the group for its TTL and refreshes a miss at most once a minute', async () => {
    const d = directory({ group: 'S0DESK' });
    expect(await d.verdict('UAGENT01')).toBe('agent');
    expect(await d.verdict('UAGENT01')).toBe('agent');
    expect(lookups()).toBe(1);

    slack.setGroup('S0DESK', ['UAGENT01', 'UAGENT02']);
    t += 10_000;
    expect(await d.verdict('UAGENT02')).toBe('not_agent'); // a miss within the minute: no new lookup
    expect(await d.verdict('UOUTSIDER')).toBe('not_agent');
    expect(lookups()).toBe(1);
    t += 51_000;
    expect(await d.verdict('UAGENT02')).toBe('agent'); // a miss after a minute refreshes
    expect(lookups()).toBe(2);

    slack.setGroup('S0DESK', ['UAGENT02']);
    t += 299_000;
    expect(await d.verdict('UAGENT01')).toBe('agent'); // still within the TTL of the last list
    t += 2_000;
    expect(await d.verdict('UAGENT01')).toBe('not_agent'); // stale: refreshed, removed
    expect(lookups()).toBe(3);
  });

  it('a failing lookup refuses (fail closed) and is not retried within the minute', async () => {
    const d = directory({ agents: ['UAGENT09'], group: 'S0DESK' });
    slack.failNext('usergroups.users.list', { status: 500 });
    expect(await d.verdict('UAGENT01')).toBe('unknown');
    expect(await d.verdict('UAGENT09')).toBe('agent'); // listed users do not depend on the group
    t += 30_000;
    expect(await d.verdict('UAGENT01')).toBe('unknown');
    expect(lookups()).toBe(1);
    t += 31_000;
    expect(await d.verdict('UAGENT01')).toBe('agent');

    // a failed refresh of a stale list does not keep trusting the old list
    t += 301_000;
    slack.failNext('usergroups.users.list', { status: 500 });
    expect(await d.verdict('UAGENT01')).toBe('unknown');
  });

  it('an unknown group (platform error) refuses', async () => {
    const d = directory({ group: 'S0NOPE' });
    expect(await d.verdict('UAGENT01')).toBe('unknown');
  });

  it('concurrent checks share one lookup', async () => {
    const d = directory({ group: 'S0DESK' });
    const verdicts = await Promise.all([d.verdict('UAGENT01'), d.verdict('UAGENT01'), d.verdict('UAGENT02')]);
    expect(verdicts).toEqual(['agent', 'agent', 'not_agent']);
    expect(lookups()).toBe(1);
  });
});
