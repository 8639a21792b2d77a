/**
 * Starts one real n8n for the e2e suite: installs the pinned runtime once per machine, builds the
 * package if a source changed, installs the packed package into a fresh user folder, imports the
 * emulator credentials, the example workflows and the e2e workflows with n8n's CLI, starts the
 * server, creates the owner and publishes the webhook workflows through the REST API.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { emulatorCredentials } from '../../scripts/lib/credentials';
import { loadExamples, withoutFile } from '../../scripts/lib/examples';
import { freePort, N8n } from '../../scripts/lib/n8n';
import { buildIfStale, installPackage } from '../../scripts/lib/package';
import { packageNodeTypes } from '../../scripts/lib/paths';
import { ensureRuntime } from '../../scripts/lib/runtime';
import {
	AGENT_WEBHOOKS,
	agentCredentials,
	agentWorkflow,
	chainWorkflow,
} from './chatModelWorkflows';
import { cachingReasoningWorkflows } from './cachingReasoningWorkflows';
import { STATE_ENV, type E2eState } from './harness';
import {
	apiKeyWorkflows,
	HOSTILE_WEBHOOKS,
	hostileWorkflows,
	itemRuns,
	itemsWorkflow,
	KB_STREAMING_WORKFLOW_ID,
	knowledgeBaseAgentWorkflow,
	knowledgeBaseStreamingWorkflow,
	NODE_CASES,
	STREAMING_WORKFLOW_ID,
	streamingWorkflow,
} from './workflows';
import { attributionCredentials, attributionWorkflow } from './attributionWorkflows';

declare global {
	var __bedrockE2eN8n: N8n | undefined;
}

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const log = (line: string) =>
		process.stdout.write(`[e2e setup ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
	process.stdout.write('\n');
	const runtime = ensureRuntime();
	buildIfStale(log);

	const userFolder = mkdtempSync(join(tmpdir(), 'bedrock-iam-e2e-'));
	installPackage(userFolder, log);
	log(`package installed into ${userFolder}/.n8n/nodes`);

	const state: E2eState = {
		runtime,
		userFolder,
		port: await freePort(),
		emulatorPort: await freePort(),
		encryptionKey: 'bedrock-iam-e2e-only',
		owner: {
			email: 'e2e@example.com',
			password: 'Bedrock-e2e-1',
			firstName: 'E2E',
			lastName: 'Owner',
		},
		logFile: join(userFolder, 'n8n.log'),
	};
	const n8n = new N8n({
		runtime,
		userFolder,
		port: state.port,
		encryptionKey: state.encryptionKey,
	});

	const emulatorUrl = `http://127.0.0.1:${state.emulatorPort}`;
	const credentials = [
		...emulatorCredentials(emulatorUrl),
		...agentCredentials(emulatorUrl),
		...attributionCredentials(emulatorUrl),
	];
	await n8n.importCredentials(credentials);
	const nodeTypes = packageNodeTypes().filter((type) => NODE_CASES[type]);
	const workflows = [
		...loadExamples().workflows.map(withoutFile),
		...itemRuns(nodeTypes).map(({ nodeType, credentialType, count }) =>
			itemsWorkflow(nodeType, credentialType, count),
		),
		...apiKeyWorkflows(),
		streamingWorkflow(),
		chainWorkflow(),
		...AGENT_WEBHOOKS.map(agentWorkflow),
		knowledgeBaseStreamingWorkflow(),
		knowledgeBaseAgentWorkflow(),
		...hostileWorkflows(),
		...cachingReasoningWorkflows(),
		attributionWorkflow(),
	];
	await n8n.importWorkflows(workflows);
	log(`imported ${credentials.length} credentials and ${workflows.length} workflows`);

	globalThis.__bedrockE2eN8n = n8n;
	process.once('exit', () => n8n.process?.kill('SIGKILL'));
	await n8n.start({ logFile: state.logFile });
	await n8n.ensureOwner(state.owner);
	const webhooks = [
		STREAMING_WORKFLOW_ID,
		KB_STREAMING_WORKFLOW_ID,
		...AGENT_WEBHOOKS.map((h) => h.id),
		...Object.values(HOSTILE_WEBHOOKS).map((h) => h.id),
	];
	for (const id of webhooks) await n8n.activateWorkflow(id);
	log(
		`n8n is up at ${n8n.url} (log: ${state.logFile}); published ${webhooks.length} webhook workflows`,
	);

	const stateFile = join(userFolder, 'e2e-state.json');
	writeFileSync(stateFile, JSON.stringify(state, null, 2));
	process.env[STATE_ENV] = stateFile;
}
