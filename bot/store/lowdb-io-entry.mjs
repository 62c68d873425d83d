// Entry of the lowdb store's file I/O thread (lowdb-io-thread.ts): a worker starts without the
// service's loader, so this loads the TypeScript worker through tsx, whether or not the parent has tsx too.
import { tsImport } from 'tsx/esm/api';

await tsImport('./lowdb-io-worker.ts', import.meta.url);
