import { rmSync } from 'node:fs';

import { e2eState } from './harness';

/** Stops the suite's n8n; removes its user folder unless BEDROCK_E2E_KEEP=1 (to read n8n.log). */
export default async function globalTeardown(): Promise<void> {
	await globalThis.__bedrockE2eN8n?.stop();
	const { userFolder } = e2eState();
	if (process.env.BEDROCK_E2E_KEEP === '1')
		process.stdout.write(`kept the e2e user folder: ${userFolder}\n`);
	else rmSync(userFolder, { recursive: true, force: true });
}
