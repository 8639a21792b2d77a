import { join } from 'node:path';

/** Where `compileWorker.ts` puts the transpiled auth layer for the certificate worker thread. */
export const WORKER_BUILD = join(
	__dirname,
	'../../node_modules/.cache/n8n-nodes-bedrock-iam-worker',
);
