#!/usr/bin/env node
// `npm run dev`: n8n with this package, the AWS emulator, ready credentials and example
// workflows on 127.0.0.1. Options and environment: scripts/lib/dev.ts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('./ts-require.cjs');
await require('./lib/dev.ts').main();
