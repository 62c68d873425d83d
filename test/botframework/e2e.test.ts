import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../fakes/bf-connector.ts';
import { startChannelServer } from '../telegram/server-helper.ts';

interface Action {
  title: string;
  value: string;
}

describe('Bot Framework end to end: real engine and sandbox wallet, replies to a fake connector', () => {
  let connector: FakeConnector;
  let started: Awaited<ReturnType<typeof startChannelServer>>;
  let seq = 0;

  beforeAll(async () => {
    connector = await startFakeConnector();
    started = await startChannelServer({}, { botframework: { allowAnonymous: true } });
  }, 60_000);
  afterAll(async () => {
    await started?.server.stop();
    await connector?.close();
  });

  /** Posts an activity and returns what the bot sent back to the connector for it. */
  async function say(conversation: string, locale: string, extra: Record<string, unknown>) {
    await request(started.server.url)
      .post('/api/messages')
      .send({
        type: 'message',
        id: `e2e-${++seq}`,
        serviceUrl: connector.serviceUrl,
        channelId: 'webchat',
        from: { id: `user-${conversation}`, name: 'Customer' },
        conversation: { id: conversation },
        recipient: { id: 'upay-bot', name: 'upay' },
        locale,
        ...extra,
      })
      .expect(200);
    const posts = connector.posts.splice(0).filter((p) => p.conversationId === conversation);
    return {
      text: posts.map((p) => String(p.activity.text ?? '')).join('\n'),
      actions: posts.flatMap((p) => (p.activity.suggestedActions as { actions?: Action[] } | undefined)?.actions ?? []),
    };
  }
  const pressValue = (actions: Action[], label: RegExp): string => {
    const a = actions.find((x) => label.test(x.title));
    if (!a) throw new Error(`no action ${label} in ${actions.map((x) => x.title).join(', ')}`);
    return a.value;
  };

  it('zh: welcome → 付款失败 → phone + code → the failed payment → refund explained', async () => {
    const c = 'bf-zh';
    const welcome = await say(c, 'zh-CN', {
      type: 'conversationUpdate',
      membersAdded: [{ id: 'upay-bot' }, { id: `user-${c}` }],
    });
    expect(welcome.text).toMatch(/upay/);
    const verify = await say(c, 'zh-CN', { text: pressValue(welcome.actions, /付款失败/) });
    expect(verify.text).toMatch(/手机号或邮箱/);
    expect((await say(c, 'zh-CN', { text: '13800001001' })).text).toMatch(/验证码/);
    const pick = await say(c, 'zh-CN', { text: '123456' });
    expect(pick.text).toMatch(/验证成功/);
    const explained = await say(c, 'zh-CN', { text: pressValue(pick.actions, /京东商城/) });
    expect(explained.text).toMatch(/退款/);
    expect(explained.text).toMatch(/3\s*个工作日/);
  }, 60_000);

  it('en: a typed request → verification by phone + code → the failed payment explained', async () => {
    const c = 'bf-en';
    const verify = await say(c, 'en-US', { text: 'my payment failed' });
    expect(verify.text).toMatch(/phone number or email/);
    expect((await say(c, 'en-US', { text: '+1 415 555 0105' })).text).toMatch(/verification code/);
    const after = await say(c, 'en-US', { text: '123456' });
    expect(after.text).toMatch(/verified/);
    const explained = after.actions.length
      ? await say(c, 'en-US', { text: pressValue(after.actions, /Best Buy/) })
      : after;
    expect(explained.text).toMatch(/USD 120\.00|120\.00/);
    expect(explained.text).toMatch(/not (been )?(debited|taken|charged)|no money|wasn't taken|was not taken/i);
  }, 60_000);

  it('agent messages reach the Bot Framework customer through the sink registry', async () => {
    await started.server.sinks.send('botframework:webchat:bf-en', [
      { text: 'Hi, this is Lin from upay.', from: 'agent', agentName: 'Lin' },
    ]);
    expect(connector.posts.splice(0).map((p) => [p.conversationId, p.activity.text])).toEqual([
      ['bf-en', 'Lin: Hi, this is Lin from upay.'],
    ]);
  });
});
