import { parentPort } from 'node:worker_threads';
import { KNOWLEDGE_CLASSIFIER_OPTIONS, trainIntentClassifier } from '../../intents/nlu.ts';
import { createSegmenter } from '../../intents/segment.ts';
import type { TrainThreadJob, TrainThreadReply } from './train-thread-protocol.ts';

/**
 * Trains knowledge models on a worker thread (started by train-thread.ts through start.ts), one job per message:
 * what `trainKnowledgeClassifier` does on the main thread, from the examples and domain words it would use.
 */
const port = parentPort;
if (!port) throw new Error('train-thread-worker.ts runs as a worker thread (see train-thread.ts)');

port.on('message', (job: TrainThreadJob) => {
  let reply: TrainThreadReply;
  try {
    const segmenter = createSegmenter(job.domainWords);
    const classifier = trainIntentClassifier(job.examples, { ...KNOWLEDGE_CLASSIFIER_OPTIONS, segmenter });
    reply = { id: job.id, model: classifier.model() };
  } catch (error) {
    reply = { id: job.id, failed: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
