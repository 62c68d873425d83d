/**
 * `npm run bench:containment` — how many first questions the assistant resolves on its own.
 *
 * Builds the real assistant the way `upay-bot chat` does (createApp with config from the environment, the
 * configured wallet — the in-process sandbox unless WALLET_API_URL is set —, a fresh in-memory store, no desk)
 * and sends each question of bench/containment/questions.yaml as the first message of a fresh anonymous
 * conversation. Each turn is classified from its TurnResult (bench/containment/classify.ts) and scored
 * against the expectation; where a reply offers "did this help?", the yes button is pressed. Prints a
 * Markdown table per language and writes it to bench/results/containment.md.
 * Env: CONTAINMENT_CHANNEL (console | webchat, default webchat), LOG_LEVEL (default error), and the config's own
 * (KNOWLEDGE_DIR, DATA_DIR for the NLU cache, WALLET_API_URL …).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import type { ChannelName, EventInput, IncomingEvent } from '../bot/core/messages.ts';
import { createApp } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import { isFlowId } from '../bot/core/domain-ids.ts';
import { text } from '../bot/i18n/messages.ts';
import { createLogger } from '../bot/logger.ts';
import { createMemoryStore } from '../bot/store/memory.ts';
import type { TurnResult } from '../bot/core/turn.ts';
import { LOCALES } from '../intents/knowledge.ts';
import type { KnowledgeBase } from '../bot/core/knowledge.ts';
import { classifyTurn, helpfulYesButton, judge, type ClassifyContext } from './containment/classify.ts';
import { loadQuestions, QUESTIONS_FILE } from './containment/questions.ts';
import { renderReport, type Played } from './containment/report.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS_FILE = path.join(ROOT, 'bench/results/containment.md');
const CHANNEL = channelFromEnv();

function channelFromEnv(): ChannelName {
  const raw = process.env.CONTAINMENT_CHANNEL ?? 'webchat';
  if (raw !== 'console' && raw !== 'webchat')
    throw new Error(`CONTAINMENT_CHANNEL must be console or webchat, got "${raw}"`);
  return raw;
}

/** The texts and flows of this knowledge base that the classifier recognises. */
function contextOf(knowledge: KnowledgeBase): ClassifyContext {
  const fallbackTexts = new Set<string>();
  for (const locale of LOCALES) {
    const answer = knowledge.get('out_of_scope', locale)?.answer.trim();
    if (answer) fallbackTexts.add(answer);
  }
  const clarifyPrefixes: string[] = [];
  for (const language of ['en', 'zh'] as const) {
    fallbackTexts.add(text(language, 'fallback').trim());
    clarifyPrefixes.push(text(language, 'clarify').trim());
  }
  return {
    fallbackTexts,
    clarifyPrefixes,
    flowOf(intent) {
      const entry = knowledge.get(intent, 'zh-CN') ?? knowledge.get(intent, 'en');
      return entry?.flow ?? (knowledge.intents.includes(intent) && isFlowId(intent) ? intent : undefined);
    },
  };
}

async function main(): Promise<void> {
  const questions = await loadQuestions();
  const config = loadConfig(process.env);
  // Errors only by default (questions with amounts or card-like numbers log a redaction warning), on stderr: the report goes to stdout.
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'error', destination: process.stderr });
  const app = await createApp(config, { logger, store: createMemoryStore(), sink: { send: async () => undefined } });
  const ctx = contextOf(app.knowledge);
  const started = performance.now();
  const rows: Played[] = [];
  try {
    for (const [index, question] of questions.entries()) {
      const conversation = `bench-${index + 1}`;
      let n = 0;
      const send = (input: EventInput): Promise<TurnResult> => {
        n += 1;
        const event: IncomingEvent = {
          eventId: `${conversation}-${n}`,
          channel: CHANNEL,
          conversationId: `${CHANNEL}:${conversation}`,
          user: { id: conversation },
          input,
        };
        return app.engine.handle(event);
      };
      const result = await send({ kind: 'text', text: question.text });
      const outcome = classifyTurn(result, ctx);
      const verdict = judge(question.expect, outcome, ctx);
      const yes = helpfulYesButton(result);
      let confirmed = false;
      if (yes && verdict === 'right') {
        const after = await send({ kind: 'action', value: yes });
        confirmed = after.handoff === 'none' && after.replies.length > 0 && !after.duplicate;
      }
      const top = (app.nlu.parseAsync ? await app.nlu.parseAsync(question.text) : app.nlu.parse(question.text)).intent;
      rows.push({
        question,
        outcome,
        verdict,
        helpfulOffered: yes !== undefined,
        confirmed,
        nlu: { intent: top.name, confidence: top.confidence },
      });
    }
  } finally {
    await app.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const header = [
    `Run ${new Date().toISOString()} on ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} at the end; ${rows.length} questions in ${seconds.toFixed(1)} s.`,
    `Questions: \`${path.relative(ROOT, QUESTIONS_FILE)}\` (kept out of training). Each is the first message of a fresh anonymous ` +
      `conversation on the ${CHANNEL} channel, through createApp as \`upay-bot chat\` builds it ` +
      `(${app.sandboxInUse ? 'sandbox wallet' : 'configured wallet'}, in-memory store, no agent desk), with ${app.knowledge.intents.length} intents loaded.`,
  ];
  const report = renderReport(rows, header, app.knowledge.intents);
  process.stdout.write(report);
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
