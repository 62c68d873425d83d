#!/usr/bin/env node
// Entry point of the `upay-bot` CLI: runs the TypeScript sources through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bot/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
