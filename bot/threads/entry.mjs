// The entry of the service's worker threads (threads/start.ts): a worker starts without the service's
// loader, so this loads the TypeScript module named by its first argument through tsx, whether or
// not the parent has tsx too.
import { tsImport } from 'tsx/esm/api';

const [module] = process.argv.slice(2);
if (!module) throw new Error('threads/entry.mjs needs the worker module as its first argument');
await tsImport(module, import.meta.url);
