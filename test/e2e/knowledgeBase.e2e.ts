/**
 * The Bedrock Knowledge Base example in the real n8n: one run answers a question with citations
 * (Retrieve and Generate) and searches the corpus with a metadata filter (Retrieve), both nodes
 * sharing one AssumeRole session; and a streaming webhook in front of Retrieve and Generate gets
 * the answer in pieces from RetrieveAndGenerateStream; and n8n's AI Agent, on the Bedrock Chat
 * Model, uses the node as a tool.
 */
import { nodeOutput, type N8n } from '../../scripts/lib/n8n';
import type { Emulator } from '../emulator';
import { connectN8n, e2eState, startE2eEmulator } from './harness';
import { exampleFor, KB_AGENT_WORKFLOW_ID, KB_STREAMING_PATH } from './workflows';

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

interface Citation {
	text: string;
	span: { start: number; end: number };
	references: Array<{ text: string; location: { type: string; uri?: string; url?: string } }>;
}

it('runs Retrieve and Retrieve and Generate in one workflow, with citations and one session', async () => {
	const example = exampleFor('n8n-nodes-bedrock-iam.bedrockKnowledgeBase');
	const run = await n8n.execute(example.id);

	const [answer] = nodeOutput(run, 'Answer With Citations');
	const output = answer.text as string;
	expect(output).toMatch(/^Items can be returned within 30 days/);
	expect(answer.sessionId).toEqual(expect.any(String));
	expect(answer.model).toBe('amazon.nova-lite-v1:0');
	expect(answer).not.toHaveProperty('output');
	const citations = answer.citations as Citation[];
	expect(citations.length).toBeGreaterThan(0);
	for (const citation of citations) {
		expect(output.slice(citation.span.start, citation.span.end + 1)).toBe(citation.text);
		expect(citation.references[0].text.startsWith(citation.text)).toBe(true);
	}
	expect(citations[0].references[0].location).toEqual({
		type: 'S3',
		uri: 's3://emulator-knowledge-base/faq/returns.md',
	});

	const results = nodeOutput(run, 'Search Shipping Documents');
	expect(results.map((r) => r.location)).toEqual([
		{ type: 'S3', uri: 's3://emulator-knowledge-base/faq/shipping.md' },
		{ type: 'S3', uri: 's3://emulator-knowledge-base/faq/shipping-international.md' },
	]);
	expect(results.every((r) => (r.metadata as { category: string }).category === 'shipping')).toBe(
		true,
	);

	expect(emulator.count('RetrieveAndGenerate')).toBe(1);
	expect(emulator.count('Retrieve')).toBe(1);
	expect(emulator.count('AssumeRole')).toBe(1);
});

it('streams the answer of Retrieve and Generate through a streaming webhook', async () => {
	const delayMs = 100;
	emulator.config.streamDelayMs = delayMs;
	try {
		const started = Date.now();
		const res = await fetch(`http://127.0.0.1:${e2eState().port}/webhook/${KB_STREAMING_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ question: 'What is the refund policy?' }),
		});
		expect(res.status).toBe(200);
		const chunks: Array<{ type: string; content?: string; at: number }> = [];
		let buffer = '';
		const decoder = new TextDecoder();
		for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
			const at = Date.now() - started;
			buffer += decoder.decode(bytes, { stream: true });
			const lines = buffer.split('\n');
			buffer = lines.pop()!;
			for (const line of lines.filter((l) => l.trim())) chunks.push({ ...JSON.parse(line), at });
		}
		const pieces = chunks.filter((c) => c.type === 'item');
		const end = chunks.find((c) => c.type === 'end');
		expect(chunks.filter((c) => c.type !== 'item')).toEqual([
			expect.objectContaining({ type: 'begin' }),
			expect.objectContaining({ type: 'end' }),
		]);
		expect(pieces.map((c) => c.content).join('')).toBe(
			'Items can be returned within 30 days of delivery for a full refund. Support agents escalate a refund above 500 EUR to a team lead.',
		);
		expect(end!.at - pieces[0].at).toBeGreaterThanOrEqual(4 * delayMs);
		expect(emulator.count('RetrieveAndGenerateStream')).toBe(1);
		expect(emulator.count('RetrieveAndGenerate')).toBe(0);
	} finally {
		emulator.config.streamDelayMs = 0;
	}
});

it("n8n's AI Agent uses the node as a tool and answers from what it returned", async () => {
	const run = await n8n.execute(KB_AGENT_WORKFLOW_ID);
	const [item] = nodeOutput(run, 'AI Agent');
	const answer =
		'Items can be returned within 30 days of delivery for a full refund. Support agents escalate a refund above 500 EUR to a team lead.';
	expect(item.output).toBe(`The answer is ${answer}.`);

	// The tool ran as its own node: the model's question went in, the cited answer came back.
	expect(Object.keys(run.data.resultData.runData)).toContain('Support Knowledge Base');
	const [trip] = emulator.toolRoundTrips;
	expect(emulator.toolRoundTrips).toHaveLength(1);
	expect(trip).toMatchObject({
		name: 'Support_Knowledge_Base',
		input: { query: 'What is the refund policy?' },
	});
	expect(trip.result).toContain('s3://emulator-knowledge-base/faq/returns.md');
	const [call] = emulator.calls.filter((c) => c.action === 'RetrieveAndGenerate');
	expect(call.body).toMatchObject({ input: { text: 'What is the refund policy?' } });
	expect(emulator.count('RetrieveAndGenerate')).toBe(1);
	expect(emulator.count('Converse')).toBe(2);
});
