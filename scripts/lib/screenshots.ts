/**
 * `npm run screenshots`: starts its own n8n (fresh user folder, emulator, credentials, example
 * workflows), opens the editor in headless Chromium and saves PNGs to docs/:
 * each credential form, the parameter panel of each node of the package, a finished execution and the AI Agent
 * example with the Bedrock Chat Model after a run.
 *
 * Needs Debian's Chromium (`apt-get install -y chromium`; no browser download) driven by
 * playwright-core. Requests to anything but 127.0.0.1 are blocked.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packageNodes } from '../../test/editor/packageNodes';
import { startEmulator } from '../../test/emulator';
import {
	closeToasts,
	launchBrowser,
	login,
	openNodeCreator,
	readPickerList,
	searchNodeCreator,
	settle,
} from './browser';
import { EMULATOR_CREDENTIALS, emulatorCredentials } from './credentials';
import { loadExamples, TRIGGER_ONLY_WORKFLOW, withoutFile } from './examples';
import { freePort, N8n } from './n8n';
import { buildIfStale, installPackage } from './package';
import { REPO_ROOT } from './paths';
import { ensureRuntime } from './runtime';

const OWNER = {
	email: 'docs@example.com',
	password: 'Bedrock-docs-1',
	firstName: 'Docs',
	lastName: 'Bedrock',
};
const DOCS = join(REPO_ROOT, 'docs');

const CREDENTIAL_SHOTS: Record<keyof typeof EMULATOR_CREDENTIALS, string> = {
	bedrockAccessKeysApi: 'credential-access-keys.png',
	bedrockAssumeRoleApi: 'credential-assume-role.png',
	bedrockRolesAnywhereApi: 'credential-roles-anywhere.png',
	bedrockApiKeyApi: 'credential-api-key.png',
};

/** n8n 2.41's credential dialog, and CSS letting it grow to its content (class names are CSS modules). */
const CREDENTIAL_DIALOG = '.el-dialog[class*="_credentialModal_"]';
const GROW_CREDENTIAL_MODAL = `
	${CREDENTIAL_DIALOG} { height: auto !important; max-height: none !important; margin-top: 16px !important; }
	${CREDENTIAL_DIALOG} [class*="_mainContent_"] { height: auto !important; max-height: none !important; overflow: visible !important; }
`;

const say = (line: string) => process.stdout.write(`[screenshots] ${line}\n`);

export async function main(): Promise<void> {
	const runtime = ensureRuntime();
	buildIfStale(say);
	const userFolder = mkdtempSync(join(tmpdir(), 'bedrock-iam-docs-'));
	const emulator = await startEmulator({ port: await freePort(), streamDelayMs: 0 });
	const n8n = new N8n({
		runtime,
		userFolder,
		port: await freePort(),
		encryptionKey: 'bedrock-iam-docs-only',
	});
	try {
		installPackage(userFolder, say);
		await n8n.importCredentials(emulatorCredentials(emulator.url));
		const examples = loadExamples().workflows;
		await n8n.importWorkflows([...examples.map(withoutFile), TRIGGER_ONLY_WORKFLOW]);
		await n8n.start({ logFile: join(userFolder, 'n8n.log') });
		await n8n.ensureOwner(OWNER);
		say(`n8n at ${n8n.url}`);

		const browser = await launchBrowser();
		const { page } = browser;
		mkdirSync(DOCS, { recursive: true });

		await login(page, n8n.url, OWNER);

		// The whole credential form in one picture: the modal (fixed height, scrolling inside) is
		// let grow to its content, and the window is made tall enough for it.
		await page.setViewportSize({ width: 1440, height: 3200 });
		for (const [type, file] of Object.entries(CREDENTIAL_SHOTS)) {
			const { id } = EMULATOR_CREDENTIALS[type as keyof typeof EMULATOR_CREDENTIALS];
			await page.goto(`${n8n.url}/home/credentials/${id}`);
			await page.locator('[data-test-id="editCredential-modal"]').waitFor();
			await page.addStyleTag({ content: GROW_CREDENTIAL_MODAL });
			await page.getByText('Connection tested successfully').waitFor({ timeout: 30_000 });
			await settle(page);
			await page.locator(CREDENTIAL_DIALOG).screenshot({ path: join(DOCS, file) });
			say(`docs/${file}`);
		}

		await page.setViewportSize({ width: 1440, height: 900 });
		// Each node of the package, named after it, in the first example that has it.
		for (const { type, description } of packageNodes()) {
			const example = examples.find((e) => e.nodes.some((n) => n.type === type));
			if (!example) throw new Error(`No example workflow has a ${description.displayName} node`);
			const node = example.nodes.find((n) => n.type === type)!;
			const file = `node-${description.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png`;
			await page.goto(`${n8n.url}/workflow/${example.id}/${node.id}`);
			await page.locator('[data-test-id="ndv"]').first().waitFor();
			await settle(page);
			await page.screenshot({ path: join(DOCS, file) });
			say(`docs/${file}`);
		}

		// Finding the nodes: "Bedrock" in the node creator of a workflow that holds only a trigger.
		await openNodeCreator(page, n8n.url, TRIGGER_ONLY_WORKFLOW.id);
		await searchNodeCreator(page, 'Bedrock');
		await settle(page);
		await page.screenshot({ path: join(DOCS, 'node-creator-search.png') });
		say('docs/node-creator-search.png');

		// The Converse model picker, open: text models and inference profiles only.
		const converseExample = examples.find((w) =>
			w.nodes.some((n) => n.type === 'n8n-nodes-bedrock-iam.bedrockConverse'),
		);
		if (converseExample) {
			const node = converseExample.nodes.find(
				(n) => n.type === 'n8n-nodes-bedrock-iam.bedrockConverse',
			)!;
			await page.goto(`${n8n.url}/workflow/${converseExample.id}/${node.id}`);
			await page.locator('[data-test-id="ndv"]').first().waitFor();
			await readPickerList(page);
			await page.locator('[data-test-id="rlc-item"]').first().scrollIntoViewIfNeeded();
			await settle(page);
			await page.screenshot({ path: join(DOCS, 'converse-model-picker.png') });
			say('docs/converse-model-picker.png');
		}

		// A finished execution: run the Converse example from the editor, then open the node's output.
		const converse = examples.find((w) =>
			w.nodes.some((n) => n.type === 'n8n-nodes-bedrock-iam.bedrockConverse'),
		);
		if (converse) {
			const node = converse.nodes.find((n) => n.type === 'n8n-nodes-bedrock-iam.bedrockConverse')!;
			await page.goto(`${n8n.url}/workflow/${converse.id}`);
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			await page
				.locator(
					`[data-test-id="canvas-node"][data-node-name="${node.name}"] [data-test-id="canvas-node-status-success"]`,
				)
				.waitFor({ timeout: 60_000 });
			await closeToasts(page);
			await settle(page);
			await page.screenshot({ path: join(DOCS, 'execution-canvas.png') });
			say('docs/execution-canvas.png');
			await page.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`).dblclick();
			await page.locator('[data-test-id="ndv"]').first().waitFor();
			// The output as JSON (the last JSON switch of the panel is the output's); no toast on top.
			await page.getByText('JSON', { exact: true }).last().click();
			await closeToasts(page);
			await settle(page);
			await page.screenshot({ path: join(DOCS, 'execution-bedrock-converse.png') });
			say('docs/execution-bedrock-converse.png');
		}
		// The AI Agent example: the agent canvas with its Bedrock Chat Model and Calculator after a run.
		const agent = examples.find(
			(w) =>
				w.nodes.some((n) => n.type === 'n8n-nodes-bedrock-iam.lmChatBedrock') &&
				w.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger'),
		);
		if (agent) {
			await page.goto(`${n8n.url}/workflow/${agent.id}`);
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			await page
				.locator(
					'[data-test-id="canvas-node"][data-node-name="AI Agent"] [data-test-id="canvas-node-status-success"]',
				)
				.waitFor({ timeout: 60_000 });
			await closeToasts(page);
			await settle(page);
			await page.screenshot({ path: join(DOCS, 'chat-model-agent.png') });
			say('docs/chat-model-agent.png');
		}
		await browser.close();
	} finally {
		await n8n.stop();
		await emulator.stop();
		if (process.env.BEDROCK_DOCS_KEEP === '1') say(`kept ${userFolder}`);
		else rmSync(userFolder, { recursive: true, force: true });
	}
}
