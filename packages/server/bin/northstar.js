#!/usr/bin/env node
// Node 20 cannot run TypeScript, so the CLI's source runs through tsx's loader: no build step, and
// the workspace's packages resolve to their src/ like in tests.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
// Exit explicitly: a closed store or a stray timer must not keep a finished command alive.
process.exit(await main(process.argv.slice(2)));
