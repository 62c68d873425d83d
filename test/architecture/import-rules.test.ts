/**
 * The import arrows of docs/ARCHITECTURE.md, as the lint rule enforces them: each wrong arrow, written
 * into a file at a path inside the folder it would break, fails `npm run lint` (ESLint's own API, the
 * project's eslint.config.js); the allowed arrows pass. And no two folders import each other in a circle.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { folderCycles, importEdges } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULE = 'import-x/no-restricted-paths';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The import-rule messages ESLint reports for `code` as if it were the file at `file`. */
async function importProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE || m.fatal).map((m) => m.message);
}

describe('the import rule (eslint.config.js, import-x/no-restricted-paths)', () => {
  it.each([
    [
      'the engine imports a channel',
      'bot/engine/wrong-arrow.ts',
      "import type { ChannelPlugin } from '../plugin/types.ts';\nimport { createChannelPlugins } from '../../adapters/registry.ts';\nexport const x: ChannelPlugin[] = createChannelPlugins();\n",
      /Only the composition root/,
    ],
    [
      'a flow imports a channel type',
      'bot/flows/wrong-arrow.ts',
      "import type { WechatAdapter } from '../../adapters/wechat/adapter.ts';\nexport type X = WechatAdapter;\n",
      /Only the composition root/,
    ],
    [
      'the NLU imports the bot',
      'intents/wrong-arrow.ts',
      "import { FLOW_IDS } from '../bot/core/domain-ids.ts';\nexport const x = FLOW_IDS;\n",
      /intents\/ is the bottom layer/,
    ],
    [
      'a channel imports the composition root',
      'adapters/slack/wrong-arrow.ts',
      "import type { StartOptions } from '../../bot/start.ts';\nexport type X = StartOptions;\n",
      /Nothing imports the composition root/,
    ],
    [
      'a bot plugin imports the composition root',
      'bot/privacy/wrong-arrow.ts',
      "import type { App } from '../app.ts';\nexport type X = App;\n",
      /Nothing imports the composition root/,
    ],
    [
      'the core imports the engine',
      'bot/core/wrong-arrow.ts',
      "import type { Turn } from '../engine/types.ts';\nexport type X = Turn;\n",
      /bot\/core\/ is the bottom of bot/,
    ],
    [
      'the engine imports privacy',
      'bot/engine/wrong-arrow.ts',
      "import { forgetCustomer } from '../privacy/forget.ts';\nexport const x = forgetCustomer;\n",
      /privacy\/ reads the engine/,
    ],
    [
      'one channel imports another',
      'adapters/wechat/wrong-arrow.ts',
      "import { TELEGRAM_MAX_MESSAGE_CHARS } from '../telegram/split-html.ts';\nexport const x = TELEGRAM_MAX_MESSAGE_CHARS;\n",
      /imports no other channel/,
    ],
    [
      'a channel imports the registry',
      'adapters/telegram/wrong-arrow.ts',
      "import { createChannelPlugins } from '../registry.ts';\nexport const x = createChannelPlugins;\n",
      /imports no other channel and not the registry/,
    ],
    [
      'the runtime NLU imports the lab',
      'intents/wrong-arrow.ts',
      "import { evaluate } from './eval/evaluate.ts';\nexport const x = evaluate;\n",
      /intents\/eval\/ is the laboratory/,
    ],
    [
      'the NLU thread imports the lab',
      'bot/threads/nlu-wrong-arrow.ts',
      "import { loadDataset } from '../../intents/eval/datasets.ts';\nexport const x = loadDataset;\n",
      /intents\/eval\/ is the laboratory/,
    ],
    [
      'shared code imports a channel',
      'adapters/shared/wrong-arrow.ts',
      "import { createTelegramChannel } from '../telegram/plugin.ts';\nexport const x = createTelegramChannel;\n",
      /adapters\/shared\/ serves every channel/,
    ],
    [
      'the engine imports the console',
      'bot/engine/wrong-arrow.ts',
      "import { createConsolePlugin } from '../console/plugin.ts';\nexport const x = createConsolePlugin;\n",
      /bot\/console\/ is a server plugin/,
    ],
    [
      'the engine imports the teacher',
      'bot/engine/wrong-arrow.ts',
      "import { overlayKnowledge } from '../teach/overlay.ts';\nexport const x = overlayKnowledge;\n",
      /imports no other analytics or teaching code/,
    ],
    [
      'analytics imports the console',
      'bot/analytics/wrong-arrow.ts',
      "import { createConsolePlugin } from '../console/plugin.ts';\nexport const x = createConsolePlugin;\n",
      /bot\/console\/ is a server plugin/,
    ],
  ])('fails when %s', async (_what, file, code, message) => {
    const problems = await importProblems(file, code);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it.each([
    [
      'the composition root imports the registry',
      'bot/start.ts',
      "import { createChannelPlugins } from '../adapters/registry.ts';\nexport const x = createChannelPlugins;\n",
    ],
    [
      'the CLI imports a channel',
      'bot/cli/channel-like.ts',
      "import { secretKey } from '../../adapters/webchat/token.ts';\nexport const x = secretKey;\n",
    ],
    [
      'a channel imports the core, the plugin seam and shared code',
      'adapters/wechat/right-arrow.ts',
      "import type { Reply } from '../../bot/core/messages.ts';\nimport type { ChannelPlugin } from '../../bot/plugin/types.ts';\nimport { splitMessage } from '../shared/split-message.ts';\nexport type X = [Reply, ChannelPlugin, typeof splitMessage];\n",
    ],
    [
      'the engine imports the core and the NLU',
      'bot/engine/right-arrow.ts',
      "import type { IncomingEvent } from '../core/messages.ts';\nimport { rememberCustomerConversation } from '../core/customer-index.ts';\nimport type { Nlu } from '../../intents/types.ts';\nexport type X = [IncomingEvent, Nlu, typeof rememberCustomerConversation];\n",
    ],
    [
      'the CLI imports the lab',
      'bot/cli/lab-like.ts',
      "import { evaluate } from '../../intents/eval/evaluate.ts';\nexport const x = evaluate;\n",
    ],
    [
      'privacy imports the engine and the core',
      'bot/privacy/right-arrow.ts',
      "import { conversationLockKey } from '../engine/callbacks.ts';\nimport { SESSION_KEY_PREFIX } from '../core/inapp-keys.ts';\nexport const x = [conversationLockKey, SESSION_KEY_PREFIX];\n",
    ],
    [
      'the engine records turn events',
      'bot/engine/right-arrow.ts',
      "import { buildTurnEvent } from '../analytics/turn-record.ts';\nimport type { TurnEvent } from '../analytics/turn-event.ts';\nexport type X = [TurnEvent, typeof buildTurnEvent];\n",
    ],
    [
      'the console reads analytics and the teacher',
      'bot/console/right-arrow.ts',
      "import { computeStats } from '../analytics/stats.ts';\nimport type { Teacher } from '../teach/types.ts';\nexport type X = [Teacher, typeof computeStats];\n",
    ],
  ])('passes when %s', async (_what, file, code) => {
    expect(await importProblems(file, code)).toEqual([]);
  });
});

describe('folders', () => {
  it('import one another without a circle', () => {
    expect(folderCycles(importEdges(ROOT))).toEqual([]);
  });

  it('a circle is found (the check itself works)', () => {
    const edges = [
      { from: 'bot/engine/a.ts', to: 'bot/privacy/b.ts' },
      { from: 'bot/privacy/b.ts', to: 'bot/engine/c.ts' },
      { from: 'bot/flows/d.ts', to: 'bot/core/e.ts' },
    ];
    expect(folderCycles(edges)).toEqual([['bot/engine', 'bot/privacy']]);
  });
});
