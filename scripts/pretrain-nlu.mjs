// `npm ci` / `npm install` run this as the `prepare` script: it trains the knowledge NLU model once at
// install time and keeps it in node_modules/.cache/upay-support/nlu/, so the first `npm start` loads it
// instead of training (bot/nlu-cache.ts). It never fails the install: on any error the service simply
// trains at start, as it would without this step.
import { register } from 'tsx/esm/api';

try {
  register();
  const { loadKnowledge } = await import('../intents/knowledge.ts');
  const { NLU_SEED_DIR, pretrainNlu } = await import('../bot/nlu-cache.ts');
  const started = performance.now();
  const kb = await loadKnowledge(process.env.KNOWLEDGE_DIR || 'knowledge');
  await pretrainNlu(kb, NLU_SEED_DIR);
  process.stdout.write(
    `upay-support: NLU model ready for the first start (${Math.round(performance.now() - started)} ms)\n`,
  );
} catch (error) {
  process.stderr.write(
    `upay-support: NLU model not pretrained (${error instanceof Error ? error.message : String(error)}); it will train at start\n`,
  );
}
