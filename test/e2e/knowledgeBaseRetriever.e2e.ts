/**
 * The Bedrock Knowledge Base Retriever in the real n8n: n8n's Question and Answer Chain, on the
 * Bedrock Chat Model and this retriever (the example workflow), answers from the emulator's
 * knowledge base; and in the editor the sub-node is found by "Bedrock" among the Retrievers, and
 * after a run its logs show the question it got and the documents it gave.
 */
import type { Page } from 'playwright-core';

import {
	executeInEditor,
	launchBrowser,
	login,
	openLogEntry,
	openNodeCreator,
	openNodeCreatorSection,
	searchNodeCreator,
	type Browser,
	waitUntil,
} from '../../scripts/lib/browser';
import { nodeOutput, type N8n, type RunData } from '../../scripts/lib/n8n';
import type { Emulator } from '../emulator';
import { connectN8n, e2eState, startE2eEmulator } from './harness';
import { exampleFor } from './workflows';

const RETRIEVER_TYPE = 'n8n-nodes-bedrock-iam.retrieverBedrockKnowledgeBase';
const RETRIEVER = 'Bedrock Knowledge Base Retriever';
const QUESTION = 'How many days do I have to return an item for a refund?';
const RETURNS_URI = 's3://emulator-knowledge-base/faq/returns.md';
const RETURNS_TEXT =
	'Items can be returned within 30 days of delivery for a full refund. Refunds reach the original payment method within 10 days of the return arriving.';

let n8n: N8n;
let emulator: Emulator;

beforeAll(async () => {
	n8n = await connectN8n();
	emulator = await startE2eEmulator();
});
afterAll(async () => {
	await emulator?.stop();
});
beforeEach(() => emulator.reset());

interface LoggedDocument {
	pageContent: string;
	metadata: { source: string; score: number; location: { type: string; uri?: string } };
}

/** The input and output n8n recorded for each run of a sub-node (what its logs show). */
function subNodeRuns(run: RunData, nodeName: string) {
	const runs = run.data.resultData.runData[nodeName] as unknown as Array<{
		inputOverride?: Record<string, Array<Array<{ json: Record<string, unknown> }>>>;
		data?: Record<string, Array<Array<{ json: Record<string, unknown> }>>>;
	}>;
	if (!runs?.length) throw new Error(`Node "${nodeName}" did not run`);
	return runs.map((r) => ({
		input: r.inputOverride?.ai_retriever?.[0]?.[0]?.json,
		output: r.data?.ai_retriever?.[0]?.[0]?.json,
	}));
}

it('a Question and Answer Chain on the Bedrock Knowledge Base Retriever answers from the knowledge base', async () => {
	const example = exampleFor(RETRIEVER_TYPE);
	const run = await n8n.execute(example.id);

	const [answer] = nodeOutput(run, 'Question and Answer Chain');
	expect(answer.response).toBe(`From the context: ${RETURNS_TEXT}`);

	const [retrieval] = subNodeRuns(run, RETRIEVER);
	expect(retrieval.input).toEqual({ query: QUESTION });
	const documents = (retrieval.output as { response: LoggedDocument[] }).response;
	expect(documents[0]).toMatchObject({
		pageContent: RETURNS_TEXT,
		metadata: {
			source: RETURNS_URI,
			score: expect.any(Number),
			location: { type: 'S3', uri: RETURNS_URI },
		},
	});
	expect(documents.length).toBeLessThanOrEqual(3);

	// The chat model read what the retriever found: the returns passage is in its system prompt.
	const [converse] = emulator.calls.filter((c) => c.action === 'Converse');
	expect(JSON.stringify((converse.body as { system: unknown }).system)).toContain(RETURNS_TEXT);
	const [retrieve] = emulator.calls.filter((c) => c.action === 'Retrieve');
	expect(retrieve.body).toEqual({
		retrievalQuery: { text: QUESTION },
		retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } },
	});
	// One session for the chat model and the retriever, which share the credential.
	expect(emulator.count('AssumeRole')).toBe(1);
});

describe('the editor', () => {
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		browser = await launchBrowser();
		page = browser.page;
		await login(page, n8n.url, e2eState().owner);
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('finds the retriever by "Bedrock" in the AI sub-nodes, and lists it under Retrievers', async () => {
		await openNodeCreator(page, n8n.url, exampleFor(RETRIEVER_TYPE).id);
		await openNodeCreatorSection(page, 'AI');
		await openNodeCreatorSection(page, 'Other AI Nodes');
		expect(await searchNodeCreator(page, 'Bedrock')).toContain(RETRIEVER);

		// n8n shows no search box in a section of 8 nodes or fewer (Retrievers has 5): its list.
		await searchNodeCreator(page, '');
		await openNodeCreatorSection(page, 'Retrievers');
		await page.locator('.nodes-list-panel-ai_retriever').waitFor();
		const names = (
			await page
				.locator('.nodes-list-panel-ai_retriever [data-test-id="node-creator-item-name"]')
				.allInnerTexts()
		).map((t) => t.trim());
		expect(names).toContain(RETRIEVER);
		expect(names).toEqual(expect.arrayContaining(['Vector Store Retriever', 'Workflow Retriever']));
		// Only the retriever of the package is filed there.
		expect(names.filter((n) => n.startsWith('Bedrock'))).toEqual([RETRIEVER]);
	});

	it('shows the question and the documents in the logs after a run', async () => {
		await page.goto(`${n8n.url}/workflow/${exampleFor(RETRIEVER_TYPE).id}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await executeInEditor(
			page,
			() => emulator.count('Retrieve') > 0,
			// A click the editor took late can start a second run: each retrieves once, answers once.
			() => emulator.count('Converse') >= 1,
		);
		const { input, output } = await openLogEntry(page, RETRIEVER);
		await input.getByText(QUESTION).first().waitFor({ timeout: 30_000 });
		await output.getByText(RETURNS_TEXT.slice(0, 40)).first().waitFor({ timeout: 30_000 });
		await waitUntil(() => emulator.count('Retrieve') === emulator.count('Converse'), 30_000).catch(
			() => {},
		);
		expect(emulator.count('Retrieve')).toBe(emulator.count('Converse'));
	});
});
