#!/usr/bin/env node
// `npm run screenshots`: PNGs of the credential forms, node panels and a finished execution in
// docs/, taken from a real n8n in headless Chromium. Needs Debian's Chromium:
//   apt-get install -y chromium
// Details: scripts/lib/screenshots.ts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('./ts-require.cjs');
try {
	await require('./lib/screenshots.ts').main();
} catch (error) {
	process.stderr.write(`[screenshots] ${error.message}\n`);
	process.exit(1);
}
