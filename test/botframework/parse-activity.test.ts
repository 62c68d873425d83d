import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseActivity, splitConversationId, type ActivityLike } from '../../adapters/botframework/parse-activity.ts';

const fixture = (name: string): ActivityLike =>
  JSON.parse(readFileSync(new URL(`../fixtures/botframework/${name}.json`, import.meta.url), 'utf8')) as ActivityLike;

describe('parseActivity (recorded activities from the Bot Framework documentation)', () => {
  it('a Web Chat message → text event keyed by channel and conversation', () => {
    expect(parseActivity(fixture('message-webchat'))).toMatchObject({
      eventId: 'bf3cc9a2f5de...',
      channel: 'botframework',
      conversationId: 'botframework:webchat:abcd1234',
      user: { id: '1234abcd', name: "user's name", locale: 'en-US' },
      input: { kind: 'text', text: 'Haircut on Saturday' },
    });
  });

  it('Messenger and Web Chat users are distinct conversations', () => {
    const fb = parseActivity(fixture('message-facebook'));
    expect(fb?.conversationId).toBe('botframework:facebook:6543210987654321-1234567890123456');
    expect(splitConversationId(fb!.conversationId)).toEqual({
      channelId: 'facebook',
      conversationId: '6543210987654321-1234567890123456',
    });
  });

  it('conversationUpdate with a user added → start; with only the bot added → nothing', () => {
    expect(parseActivity(fixture('conversation-update'))).toMatchObject({
      eventId: 'welcome:f:2e6c5b3a',
      input: { kind: 'start' },
      user: { id: '1234abcd' },
    });
    const onlyBot = { ...fixture('conversation-update'), membersAdded: [{ id: '12345678' }] };
    expect(parseActivity(onlyBot)).toBeNull();
  });

  it('a pressed suggested action (value or label as text) → action; attachments only → unsupported', () => {
    const buttons = [{ label: 'Reset password', value: 'intent:forgot_password' }];
    expect(parseActivity({ ...fixture('message-webchat'), text: 'intent:forgot_password' }, buttons)?.input).toEqual({
      kind: 'action',
      value: 'intent:forgot_password',
    });
    expect(parseActivity({ ...fixture('message-webchat'), text: 'Reset password' }, buttons)?.input).toEqual({
      kind: 'action',
      value: 'intent:forgot_password',
    });
    expect(parseActivity({ ...fixture('message-webchat'), text: 'Reset password' })?.input).toEqual({
      kind: 'text',
      text: 'Reset password',
    });
    expect(
      parseActivity({ ...fixture('message-webchat'), text: '', attachments: [{ contentType: 'image/png' }] })?.input,
    ).toEqual({ kind: 'unsupported', what: 'attachment' });
  });

  it('ignores typing, the bot itself and activities without a conversation', () => {
    expect(parseActivity({ ...fixture('message-webchat'), type: 'typing' })).toBeNull();
    expect(parseActivity({ ...fixture('message-webchat'), from: { id: '12345678' } })).toBeNull();
    expect(parseActivity({ ...fixture('message-webchat'), conversation: undefined })).toBeNull();
  });
});
