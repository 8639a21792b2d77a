/**
 * RAG with the Bedrock Embeddings and Bedrock Reranker in the real n8n: the example workflow
 * ingests 30 documents into n8n's Simple Vector Store (Default Data Loader, Recursive Character
 * Text Splitter) and an AI Agent on the Bedrock Chat Model answers from it through the store as a
 * tool, reranked; then the same 20 times through the running server's webhook per credential
 * type, with one AssumeRole / CreateSession in all. In the editor (headless Chromium): a vector
 * store's Embedding slot finds the Bedrock Embeddings by "Bedrock", within its category; its
 * Reranker slot lists the Bedrock Reranker, which "Bedrock" finds in Other AI Nodes; after a run
 * from the editor, the logs show both sub-nodes' input and output.
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
} from '../../scripts/lib/browser';
import { nodeOutput, type N8n, type RunData } from '../../scripts/lib/n8n';
import type { Emulator } from '../emulator';
import { connectN8n, e2eState, startE2eEmulator } from './harness';
import { EMBEDDINGS_TYPE, RAG_WEBHOOKS } from './ragWorkflows';
import { exampleFor } from './workflows';

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

const QUESTION = 'When does the parking garage open?';
const PARKING = 'The parking garage will open at 6:30 on weekdays and close at 22:00.';

type Json = Record<string, unknown>;

/** The input and output n8n recorded for each run of a sub-node (what its logs show). */
function subNodeRuns(run: RunData, nodeName: string): Array<{ input?: Json; output?: Json }> {
	const runs = run.data.resultData.runData[nodeName] as unknown as Array<{
		inputOverride?: Record<string, Array<Array<{ json: Json }>>>;
		data?: Record<string, Array<Array<{ json: Json }>>>;
	}>;
	if (!runs?.length) throw new Error(`Node "${nodeName}" did not run`);
	return runs.map((r) => ({
		input: Object.values(r.inputOverride ?? {})[0]?.[0]?.[0]?.json,
		output: Object.values(r.data ?? {})[0]?.[0]?.[0]?.json,
	}));
}

const bodies = (action: string) =>
	emulator.calls.filter((c) => c.action === action).map((c) => c.body as Json);

it('the example ingests 30 documents and the agent answers from the parking document, reranked', async () => {
	const example = exampleFor(EMBEDDINGS_TYPE);
	const run = await n8n.execute(example.id);
	expect(nodeOutput(run, 'Insert into store')).toHaveLength(30);
	const [answer] = nodeOutput(run, 'AI Agent');
	// The emulator's model answers from the first document the tool brought back.
	expect(answer.output).toBe(`The answer is ${PARKING}.`);
	expect(emulator.calls.map((c) => c.action)).toEqual([
		'AssumeRole',
		'InvokeModel',
		'Converse',
		'InvokeModel',
		'Rerank',
		'Converse',
	]);

	const embeds = bodies('InvokeModel');
	expect(embeds.map((b) => [b.input_type, (b.texts as string[]).length])).toEqual([
		['search_document', 30],
		['search_query', 1],
	]);
	expect(embeds[1].texts).toEqual([QUESTION]);
	// The store found 4 chunks for the query; the reranker kept the 2 best, parking first.
	const [rerank] = bodies('Rerank');
	expect(bodies('Rerank')).toHaveLength(1);
	expect((rerank.sources as unknown[]).length).toBe(4);
	expect(rerank.queries).toEqual([{ type: 'TEXT', textQuery: { text: QUESTION } }]);
	const [trip] = emulator.toolRoundTrips;
	expect(trip.name).toBe('Company_knowledge');
	expect(trip.result).toContain(PARKING);

	// What n8n's logs show for each sub-node: its input and output, as for n8n's own.
	const [ingest] = subNodeRuns(run, 'Bedrock Embeddings');
	expect(ingest.input?.documents).toHaveLength(30);
	expect((ingest.output?.response as number[][]).map((v) => v.length)).toEqual(
		Array(30).fill(1024),
	);
	const [query] = subNodeRuns(run, 'Bedrock Embeddings (query)');
	expect(query.input).toEqual({ query: QUESTION });
	expect((query.output?.response as number[]).length).toBe(1024);
	const [reranked] = subNodeRuns(run, 'Bedrock Reranker');
	expect(reranked.input?.query).toBe(QUESTION);
	expect(reranked.input?.documents).toHaveLength(4);
	const kept = reranked.output?.response as Array<{ pageContent: string; metadata: Json }>;
	expect(kept.map((d) => d.pageContent)).toEqual([PARKING, expect.any(String)]);
	expect(kept[0].metadata.relevanceScore).toBeGreaterThan(
		kept[1].metadata.relevanceScore as number,
	);
});

describe.each(RAG_WEBHOOKS)('the RAG webhook with $credentialType', (hook) => {
	it('ingests and answers 20 times through the running server with one session fetch', async () => {
		const runs = 20;
		const started = Date.now();
		for (let i = 0; i < runs; i++) {
			const res = await fetch(`http://127.0.0.1:${e2eState().port}/webhook/${hook.path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ question: QUESTION }),
			});
			expect(res.status).toBe(200);
			expect(await res.json()).toEqual({ output: `The answer is ${PARKING}.` });
		}
		const stsCall = hook.credentialType === 'bedrockAssumeRoleApi' ? 'AssumeRole' : 'CreateSession';
		process.stdout.write(
			`${hook.credentialType}: ${runs} ingest + query runs, ${emulator.count('InvokeModel')} InvokeModel, ` +
				`${emulator.count('Rerank')} Rerank, ${emulator.count('Converse')} Converse, ` +
				`${emulator.count(stsCall)} ${stsCall} in ${Date.now() - started} ms\n`,
		);
		expect(emulator.count('InvokeModel')).toBe(2 * runs);
		expect(emulator.count('Rerank')).toBe(runs);
		expect(emulator.count('Converse')).toBe(2 * runs);
		expect(emulator.count('AssumeRole') + emulator.count('CreateSession')).toBe(1);
		expect(emulator.count(stsCall)).toBe(1);
	});
});

describe('in the editor', () => {
	let browser: Browser;
	let page: Page;
	let emptySlots: string;

	beforeAll(async () => {
		// A vector store whose Embedding and Reranker slots are empty, so each shows its + button.
		const created = await n8n.rest<{ data: { id: string } }>('POST', '/workflows', {
			name: 'A vector store with empty slots',
			nodes: [
				{
					id: 'store',
					name: 'Vector Store',
					type: '@n8n/n8n-nodes-langchain.vectorStoreInMemory',
					typeVersion: 1.3,
					position: [0, 0],
					parameters: {
						mode: 'load',
						prompt: 'parking',
						useReranker: true,
						memoryKey: { __rl: true, mode: 'id', value: 'editor_slots' },
					},
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		emptySlots = created.data.id;
		browser = await launchBrowser();
		page = browser.page;
		await login(page, n8n.url, e2eState().owner);
	});
	afterAll(async () => await browser?.close());

	it.each([['ai_embedding', 'Bedrock Embeddings']])(
		'the vector store\'s %s slot finds %s by "Bedrock"',
		async (slot, expected) => {
			await openSlot(page, slot);
			await page.locator('[data-test-id="node-creator-search-bar"]').waitFor();
			// The slot's own category: n8n's nodes of that kind, ours first (no action node, no other
			// sub-node of the package).
			const listed = await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts();
			expect(listed.map((t) => t.trim())).toContain(expected);
			const found = await searchNodeCreator(page, 'Bedrock');
			expect(found).toContain(expected);
			expect(found.filter((name) => name.startsWith('Bedrock'))).toEqual([expected]);
		},
	);

	// The Rerank Results option shows the store's Reranker slot; its + lists the nodes with an
	// ai_reranker output. n8n 2.41.1 has no Rerankers category of its own (its Other AI Nodes view
	// lists none), so the panel keeps the "Other AI Nodes" title, and with 8 nodes or fewer it shows
	// no search box: "Bedrock" is searched in Other AI Nodes, where the user can.
	it('the vector store\'s Reranker slot lists Bedrock Reranker, and "Bedrock" finds it in Other AI Nodes', async () => {
		await openSlot(page, 'ai_reranker');
		const item = page.locator('[data-test-id="node-creator-item-name"]');
		await item.getByText('Bedrock Reranker', { exact: true }).waitFor();
		const listed = (await item.allInnerTexts()).map((t) => t.trim());
		expect(listed).toEqual(expect.arrayContaining(['Bedrock Reranker', 'Reranker Cohere']));
		expect(listed.filter((name) => name.startsWith('Bedrock'))).toEqual(['Bedrock Reranker']);

		await openNodeCreator(page, n8n.url, exampleFor(EMBEDDINGS_TYPE).id);
		await openNodeCreatorSection(page, 'AI');
		await openNodeCreatorSection(page, 'Other AI Nodes');
		const found = await searchNodeCreator(page, 'Bedrock');
		expect(found).toContain('Bedrock Reranker');
	});

	it("the logs show the Bedrock Embeddings' and Bedrock Reranker's input and output after a run", async () => {
		await page.goto(`${n8n.url}/workflow/${exampleFor(EMBEDDINGS_TYPE).id}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await executeInEditor(
			page,
			() => emulator.count('InvokeModel') > 0,
			() => emulator.count('Converse') >= 2,
		).catch((error: Error) => {
			throw new Error(`${error.message}; the emulator saw ${emulator.calls.map((c) => c.action)}`);
		});
		expect(emulator.calls.map((c) => c.action)).toEqual(
			expect.arrayContaining(['InvokeModel', 'Rerank', 'Converse']),
		);
		expect(emulator.count('Converse')).toBe(2);
		const embeddings = await openLogEntry(page, 'Bedrock Embeddings');
		await embeddings.input.getByText(PARKING).first().waitFor({ timeout: 30_000 });
		await embeddings.output.getByText('response').first().waitFor({ timeout: 30_000 });
		const reranker = await openLogEntry(page, 'Bedrock Reranker');
		await reranker.input.getByText(QUESTION).first().waitFor({ timeout: 30_000 });
		await reranker.output.getByText(PARKING).first().waitFor({ timeout: 30_000 });
		expect(emulator.count('Rerank')).toBe(1);
	});

	async function openSlot(page: Page, slot: string): Promise<void> {
		await page.goto(`${n8n.url}/workflow/${emptySlots}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await page.waitForTimeout(1000);
		await page
			.locator(
				`[data-test-id="canvas-node-input-handle"][data-connection-type="${slot}"] [data-test-id="canvas-handle-plus"]`,
			)
			.first()
			.click({ force: true });
	}
});
