#!/usr/bin/env node
// `npm test`: the preflight (seconds; installs what is missing), then the unit, e2e and queue-mode
// suites under the n8n runtime's Node 24. `node scripts/test.mjs e2e [jest arguments]` runs one.
// Details: scripts/lib/testRun.ts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('./ts-require.cjs');
process.exitCode = await require('./lib/testRun.ts').main(process.argv.slice(2));
