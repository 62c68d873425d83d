import { parentPort, workerData } from 'node:worker_threads';
import { createNluFromModelWords } from '../../intents/nlu.ts';
import type { NluThreadData, NluThreadHello, NluThreadReply, NluThreadRequest } from './nlu-thread-protocol.ts';

/** The NLU inside its worker thread (started by nlu-thread.ts through start.ts): one parse per message. */
const port = parentPort;
if (!port) throw new Error('nlu-thread-worker.ts runs as a worker thread (see nlu-thread.ts)');

try {
  const data = workerData as NluThreadData;
  const nlu = createNluFromModelWords(data.model, data.domainWords);
  port.on('message', (request: NluThreadRequest) => {
    let reply: NluThreadReply;
    try {
      reply = {
        id: request.id,
        result: nlu.parse(request.text, request.nowMs === undefined ? {} : { now: new Date(request.nowMs) }),
      };
    } catch (error) {
      reply = { id: request.id, failed: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies NluThreadHello);
} catch (error) {
  port.postMessage({ startFailed: error instanceof Error ? error.message : String(error) } satisfies NluThreadHello);
}
