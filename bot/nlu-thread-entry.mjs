// Entry of the NLU worker thread (nlu-thread.ts): a worker starts without the service's loader, so
// this loads the TypeScript worker through tsx, whether or not the parent has tsx too.
import { tsImport } from 'tsx/esm/api';

await tsImport('./nlu-thread-worker.ts', import.meta.url);
