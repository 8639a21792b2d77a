/**
 * What a user meets in the editor, in headless Chromium (Debian's package, as the screenshots use)
 * against the real n8n: the node creator finds every node of this package, the Converse model
 * picker offers no embedding or image model, every node's canvas subtitle names its model, agent
 * or knowledge base, every credential form shows help under each field, and a new credential
 * with three wrong fields is told about all three.
 */
import type { ICredentialType } from 'n8n-workflow';
import type { Page } from 'playwright-core';

import {
	launchBrowser,
	login,
	openInEditor,
	openNodeCreator as openCreator,
	readPickerList,
	searchNodeCreator,
	type Browser,
} from '../../scripts/lib/browser';
import { loadExamples, TRIGGER_ONLY_WORKFLOW } from '../../scripts/lib/examples';
import type { N8n } from '../../scripts/lib/n8n';
import { packageCredentialTypes, readPackageJson, REPO_ROOT } from '../../scripts/lib/paths';
import { FOUNDATION_MODELS } from '../emulator/catalog';
import { isSubNode, packageNodes } from '../editor/packageNodes';
import { connectN8n, e2eState, startE2eEmulator } from './harness';
import type { Emulator } from '../emulator';

const CONVERSE_EXAMPLE = { id: 'exampleConverse1', node: '6f0c3a52-52a1-4d0e-9d59-0c4f2a1e0002' };
const displayNames = packageNodes().map((n) => n.description.displayName);
const actionNodeNames = packageNodes()
	.filter((n) => !isSubNode(n))
	.map((n) => n.description.displayName);

let n8n: N8n;
let emulator: Emulator;
let browser: Browser;
let page: Page;
let triggerOnly: string;

beforeAll(async () => {
	n8n = await connectN8n();
	emulator = await startE2eEmulator();
	// Created over REST (n8n gives it an ID): the suite's workflows are imported before start-up.
	const workflow: Partial<typeof TRIGGER_ONLY_WORKFLOW> = { ...TRIGGER_ONLY_WORKFLOW };
	delete workflow.id;
	const created = await n8n.rest<{ data: { id: string } }>('POST', '/workflows', workflow);
	triggerOnly = created.data.id;
	browser = await launchBrowser();
	page = browser.page;
	await login(page, n8n.url, e2eState().owner);
});

afterAll(async () => {
	await browser?.close();
	await emulator?.stop();
});

/** The workflow with only a trigger, and the node creator open on it (as after its + button). */
const openNodeCreator = async () => await openCreator(page, n8n.url, triggerOnly);

describe('the n8n editor with n8n-nodes-bedrock-iam', () => {
	it('package.json lists the nodes the editor tests look for', () => {
		expect(readPackageJson().n8n.nodes).toHaveLength(displayNames.length);
		expect(displayNames).toEqual(
			expect.arrayContaining(['Bedrock Converse', 'Bedrock Invoke Agent']),
		);
	});

	it('the Converse model picker lists text models and profiles, and no embedding or image model', async () => {
		// Loaded, not routed: the editor opens a node's panel from the address only when it loads.
		await page.goto(`${n8n.url}/workflow/${CONVERSE_EXAMPLE.id}/${CONVERSE_EXAMPLE.node}`);
		await page.locator('[data-test-id="ndv"]').first().waitFor();
		const names = await readPickerList(page);
		expect(names.length).toBeGreaterThan(10);
		expect(names).toEqual(
			expect.arrayContaining([
				'Amazon Nova Lite',
				'Anthropic Claude 3.5 Haiku (US inference profile)',
			]),
		);
		const unusable = FOUNDATION_MODELS.filter((m) => !m.outputModalities.includes('TEXT'));
		expect(unusable.map((m) => m.modelName)).toEqual(
			expect.arrayContaining(['Titan Text Embeddings V2', 'Nova Canvas']),
		);
		for (const m of unusable) {
			expect(names.filter((n) => n.includes(m.modelName))).toEqual([]);
		}
	});

	it('the node creator finds every node of the package by "Bedrock" and by "Amazon"', async () => {
		await openNodeCreator();
		expect(await searchNodeCreator(page, 'Bedrock')).toEqual(expect.arrayContaining(displayNames));
		expect(await searchNodeCreator(page, 'Amazon')).toEqual(expect.arrayContaining(displayNames));
	});

	it.each([
		['Bedrock Converse', 'Bedrock Converse'],
		['Converse', 'Bedrock Converse'],
		['Invoke Agent', 'Bedrock Invoke Agent'],
		['InvokeModel', 'Bedrock Generate'],
	])('the node creator finds "%s" -> %s', async (query, expected) => {
		await openNodeCreator();
		expect(await searchNodeCreator(page, query)).toContain(expected);
	});

	it('the AI section lists the action nodes, and finds every node by "Bedrock"', async () => {
		await openNodeCreator();
		await page.locator('[data-test-id="node-creator-search-bar"]').waitFor();
		await page.getByText('AI', { exact: true }).first().click();
		await page.getByText('AI Nodes', { exact: true }).first().waitFor();
		await page.waitForTimeout(600);
		// Listed in the AI section itself, with n8n's OpenAI, Anthropic and Gemini nodes.
		const listed = await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts();
		expect(listed.map((t) => t.trim())).toEqual(expect.arrayContaining(actionNodeNames));
		expect(await searchNodeCreator(page, 'Bedrock')).toEqual(expect.arrayContaining(displayNames));
	});
});

/**
 * The parameters a canvas subtitle names, first match wins: a Knowledge Base node names its
 * knowledge base (its Retrieve and Generate also has a model), Invoke Agent its agent, Guardrail
 * its guardrail.
 */
const NAMED_BY_SUBTITLE = ['knowledgeBase', 'agent', 'guardrail', 'model', 'rerankingModel'];

/** What a node's subtitle must show: the picker's name of its model, agent or knowledge base, else the ID typed. */
function subtitleOf(parameters: Record<string, unknown>): string | undefined {
	for (const name of NAMED_BY_SUBTITLE) {
		const value = parameters[name] as string | { value?: string; cachedResultName?: string };
		if (typeof value === 'string' && value) return value; // an options parameter (Reranker)
		const locator = typeof value === 'object' ? value : undefined;
		if (locator?.value) return locator.cachedResultName ?? locator.value;
	}
	return undefined;
}

const examplesWithOurNodes = loadExamples().workflows.filter((w) =>
	w.nodes.some((n) => n.type.startsWith('n8n-nodes-bedrock-iam.')),
);

describe('canvas subtitles', () => {
	it.each(examplesWithOurNodes.map((w) => [w.name, w] as const))(
		'%s: each node of the package names its model, agent or knowledge base',
		async (_name, workflow) => {
			await openInEditor(page, `${n8n.url}/workflow/${workflow.id}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor();
			await page.waitForTimeout(500);
			const ours = workflow.nodes.filter((n) => n.type.startsWith('n8n-nodes-bedrock-iam.'));
			for (const node of ours) {
				const expected = subtitleOf(node.parameters);
				expect([node.name, expected]).toEqual([node.name, expect.any(String)]);
				const text = await page
					.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`)
					.innerText();
				expect(text).toContain(expected!);
				expect(text).not.toContain('undefined');
			}
		},
	);
});

/** A credential class of the package, as n8n loads it. */
function credentialForm(type: string): ICredentialType {
	const cls = type[0].toUpperCase() + type.slice(1);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const Class = require(`${REPO_ROOT}/credentials/${cls}.credentials`)[cls];
	return new Class() as ICredentialType;
}

/** Opens the "Add credential" dialog and picks a credential type, as a user does. */
async function newCredential(displayName: string): Promise<void> {
	// Loaded, not routed: a form opened through the router can keep the previous dialog's state.
	await page.goto(`${n8n.url}/home/credentials/create`);
	const select = page.locator('[data-test-id="new-credential-type-select"]');
	await select.waitFor({ timeout: 30_000 });
	await select.locator('input').fill(displayName);
	await page
		.locator('[data-test-id="new-credential-type-select-option"]')
		.filter({ hasText: displayName })
		.first()
		.click();
	await page.locator('[data-test-id="new-credential-type-button"]').click();
	await page.locator('[data-test-id="credential-connection-parameter"]').first().waitFor();
	await page.waitForTimeout(500);
}

/** The field of the open credential form whose label starts with `label`. */
const credentialField = (label: string) =>
	page
		.locator('[data-test-id="credential-connection-parameter"]')
		.filter({ has: page.locator('label', { hasText: new RegExp(`^${label}\\b`) }) })
		.first();

describe('credential forms', () => {
	it.each(packageCredentialTypes())(
		'a new %s credential shows help text under every field it shows',
		async (type) => {
			const form = credentialForm(type);
			await newCredential(form.displayName);
			const fields = await page.locator('[data-test-id="credential-connection-parameter"]').all();
			expect(fields.length).toBeGreaterThanOrEqual(5);
			const missing: string[] = [];
			for (const field of fields) {
				// The label's line, n8n's Fixed / Expression switches, the input, then the hint.
				const text = await field.innerText();
				const label = text
					.split('\n')[0]
					.replace(/\s*\*$/, '')
					.trim();
				const hint = form.properties.find((p) => p.displayName === label)?.hint;
				if (!hint || !text.includes(hint.slice(0, 60))) missing.push(label);
			}
			expect(missing).toEqual([]);
		},
	);

	it('a new credential with three wrong fields is told about all three', async () => {
		const form = credentialForm('bedrockAssumeRoleApi');
		await newCredential(form.displayName);
		const fill = async (label: string, value: string) =>
			await credentialField(label).locator('input, textarea').first().fill(value);
		await fill('Role ARN', 'arn:aws:iam::12345:role/');
		await fill('External ID', 'x');
		await fill('Source Access Key ID', 'not-a-key-id');
		await fill('Source Secret Access Key', 'not-a-secret');
		await page.locator('[data-test-id="credential-save-button"]').click();
		const dialog = page.locator('[data-test-id="editCredential-modal"]');
		// Saving runs the Test; its message sits behind the banner's "More details".
		await dialog
			.getByText(/Couldn.t connect with these settings/)
			.first()
			.waitFor();
		await dialog.getByText('More details').first().click();
		// The details open under the banner (or beside the dialog): read the whole page.
		await page
			.getByText(/Role ARN:/)
			.first()
			.waitFor({ timeout: 10_000 });
		const text = await page.locator('body').innerText();
		for (const field of ['Role ARN:', 'External ID:', 'Source Access Key ID:'])
			expect(text).toContain(field);
	});
});
