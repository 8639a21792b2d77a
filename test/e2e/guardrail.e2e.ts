/**
 * The Bedrock Guardrail in the real n8n (issue 24): a published webhook routes 20 messages
 * through the node's Passed and Intervened outputs with exact counts, and n8n's AI Agent calls
 * the node as a tool before it answers.
 */
import { launchBrowser, login } from '../../scripts/lib/browser';
import { nodeOutput, type N8n } from '../../scripts/lib/n8n';
import type { Emulator } from '../emulator';
import {
	GUARDRAIL_AGENT_ID,
	GUARDRAIL_AGENT_PROMPT,
	GUARDRAIL_HOSTILE_PATH,
	GUARDRAIL_PATH,
} from './guardrailWorkflows';
import { connectN8n, e2eState, startE2eEmulator } from './harness';

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

const BLOCKED = 'Sorry, this message cannot be processed.';

/** 20 messages: what each must come out as, on which output. */
const MESSAGES: Array<{ message: string; route: 'passed' | 'intervened'; text: string }> = [
	...[
		'Where is my parcel?',
		'The delivery arrived, thank you.',
		'Can I change my delivery address?',
		'My order number is 1234.',
		'Do you ship to Norway?',
		'The box was damaged on arrival.',
		'How long does a refund take?',
		'I would like to cancel order 5678.',
		'Is the blue jacket back in stock?',
		'Thanks for the quick help!',
	].map((message) => ({ message, route: 'passed' as const, text: message })),
	// Personal data the guardrail masks: Intervened, with the masked text.
	{ message: 'Mail me at jane@example.com', route: 'intervened', text: 'Mail me at {EMAIL}' },
	{ message: 'Call me on 555-123-4567', route: 'intervened', text: 'Call me on {PHONE}' },
	{
		message: 'Reach me at (555) 987 6543 or bob@example.org',
		route: 'intervened',
		text: 'Reach me at {PHONE} or {EMAIL}',
	},
	{
		message: 'New e-mail: a.b@shop.example.net.',
		route: 'intervened',
		text: 'New e-mail: {EMAIL}.',
	},
	{ message: 'My number: +1 555 000 1111', route: 'intervened', text: 'My number: {PHONE}' },
	// Personal data it blocks, and denied topics: Intervened, with the blocked message.
	{ message: 'My SSN is 123-45-6789', route: 'intervened', text: BLOCKED },
	{ message: 'Card: 4111 1111 1111 1111', route: 'intervened', text: BLOCKED },
	{ message: 'Should I invest in stocks?', route: 'intervened', text: BLOCKED },
	{ message: 'Is bitcoin a good buy?', route: 'intervened', text: BLOCKED },
	{ message: 'What crypto should I hold?', route: 'intervened', text: BLOCKED },
];

it('routes 20 webhook messages: clean ones to Passed unchanged, PII and denied topics to Intervened', async () => {
	expect(MESSAGES).toHaveLength(20);
	const res = await fetch(`http://127.0.0.1:${e2eState().port}/webhook/${GUARDRAIL_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ messages: MESSAGES.map((m) => m.message) }),
	});
	expect(res.status).toBe(200);
	const items = (await res.json()) as Array<{
		i: number;
		route: string;
		text: string;
		passed: boolean;
		message: string;
	}>;
	// The Merge node appends Passed, then Intervened; each keeps the order of the messages.
	const passed = items.filter((item) => item.route === 'passed');
	const intervened = items.filter((item) => item.route === 'intervened');
	expect(passed).toHaveLength(10);
	expect(intervened).toHaveLength(10);
	expect(items).toHaveLength(20);
	const expected = (route: string) =>
		MESSAGES.map((m, i) => ({ ...m, i })).filter((m) => m.route === route);
	expect(passed.map((p) => [p.i, p.text, p.passed])).toEqual(
		expected('passed').map((m) => [m.i, m.message, true]),
	);
	expect(intervened.map((p) => [p.i, p.text, p.passed])).toEqual(
		expected('intervened').map((m) => [m.i, m.text, false]),
	);
	// Each item kept its own message beside the guardrail's text.
	expect(intervened[0].message).toBe('Mail me at jane@example.com');
	expect(emulator.count('ApplyGuardrail')).toBe(20);
});

it("n8n's AI Agent calls the node as a tool before answering, and answers with its text", async () => {
	const run = await n8n.execute(GUARDRAIL_AGENT_ID);
	const [item] = nodeOutput(run, 'AI Agent');
	expect(item.output).toBe('The answer is Please write to {EMAIL} about my refund.');

	expect(Object.keys(run.data.resultData.runData)).toContain('Check With Guardrail');
	expect(emulator.toolRoundTrips).toHaveLength(1);
	const [trip] = emulator.toolRoundTrips;
	expect(trip).toMatchObject({
		name: 'Check_With_Guardrail',
		input: { text: GUARDRAIL_AGENT_PROMPT },
	});
	expect(trip.result).toContain('"passed":false');
	expect(trip.result).toContain('"type":"EMAIL"');
	const [call] = emulator.calls.filter((c) => c.action === 'ApplyGuardrail');
	expect(call.body).toEqual({
		source: 'INPUT',
		content: [{ text: { text: GUARDRAIL_AGENT_PROMPT } }],
	});
	// The tool ran before the answer: Converse asked for it, then answered from its result.
	expect(emulator.count('Converse')).toBe(2);
	const order = emulator.calls
		.map((c) => c.action)
		.filter((a) => a === 'Converse' || a === 'ApplyGuardrail');
	expect(order).toEqual(['Converse', 'ApplyGuardrail', 'Converse']);
});

const MEGABYTE = 'x'.repeat(1_000_000);
const BLANKS = ' '.repeat(40_000);
/** Almost-addresses, almost-numbers and almost-phrases, none complete: a megabyte of them. */
const ALMOST = 'a@a@a. 1-1-1-1-1-1 (((1 ignore previous +1- '.repeat(23_000);

describe('hostile typed fields (answered within 2 s)', () => {
	it.each<[string, Record<string, unknown>, RegExp | undefined]>([
		['a 1 MB guardrail ID', { guardrail: MEGABYTE }, /1,000,000 characters long; at most 64/],
		[
			'a guardrail ARN with 40,000 blanks',
			{ guardrail: `arn:aws:bedrock:us-east-1:111122223333:guardrail/${BLANKS}x` },
			/40,050 characters long; at most 2,048/,
		],
		['a 1 MB version', { version: MEGABYTE }, /1,000,000 characters long; at most 8/],
		['a 1 MB text', { text: MEGABYTE }, undefined],
		['a megabyte of almost-PII for the guardrail engine', { text: ALMOST }, undefined],
	])('%s', async (_name, body, error) => {
		const started = performance.now();
		const res = await fetch(
			`http://127.0.0.1:${e2eState().port}/webhook/${GUARDRAIL_HOSTILE_PATH}`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(30_000),
			},
		);
		const json = (await res.json()) as { error?: string; passed?: boolean };
		const ms = performance.now() - started;
		expect(res.status).toBe(200);
		if (error) {
			expect(json.error).toMatch(error);
			expect(json.error!.length).toBeLessThan(10_000);
			expect(emulator.count('ApplyGuardrail')).toBe(0);
		} else {
			expect(json).toMatchObject({ passed: true, action: 'NONE' });
			expect(emulator.count('ApplyGuardrail')).toBe(1);
		}
		expect(ms).toBeLessThan(2_000);
	});
});

it('the editor shows the node with its two outputs, Passed and Intervened', async () => {
	const browser = await launchBrowser();
	try {
		const { page } = browser;
		await login(page, n8n.url, e2eState().owner);
		await page.goto(`${n8n.url}/workflow/exampleGuardrail1`);
		const node = page.locator('[data-test-id="canvas-node"][data-node-name="Check Message"]');
		await node.waitFor();
		await page.waitForTimeout(500);
		// Nothing else in the example says Passed or Intervened: the labels of the node's outputs.
		const canvas = await page.locator('body').innerText();
		expect(canvas).toContain('Passed');
		expect(canvas).toContain('Intervened');
		expect(await node.innerText()).toContain('support-inbox (supportguard)');
	} finally {
		await browser.close();
	}
});
