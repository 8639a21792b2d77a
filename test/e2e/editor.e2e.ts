/**
 * What a user meets in the editor, in headless Chromium (Debian's package, as the screenshots use)
 * against the real n8n: the node creator finds every node of this package, and the Converse model
 * picker offers no embedding or image model.
 */
import type { Page } from 'playwright-core';

import {
	launchBrowser,
	login,
	openNodeCreator as openCreator,
	readPickerList,
	searchNodeCreator,
	type Browser,
} from '../../scripts/lib/browser';
import { TRIGGER_ONLY_WORKFLOW } from '../../scripts/lib/examples';
import type { N8n } from '../../scripts/lib/n8n';
import { readPackageJson } from '../../scripts/lib/paths';
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

	it('the Converse model picker lists text models and profiles, and no embedding or image model', async () => {
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
});
