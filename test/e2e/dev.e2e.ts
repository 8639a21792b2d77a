/**
 * `npm run dev` as a developer meets it on a fresh clone: started by this test in a fresh user
 * folder (N8N_DEV_USER_FOLDER) on free ports, it must import every example of `examples/`, and
 * every example must run in that instance and succeed. Manual-trigger examples run with n8n's
 * CLI against the same user folder (its own broker port); a chat-trigger example gets a chat
 * message through the running server's REST API, as the editor's chat panel sends one. Every
 * AI Agent must answer from its Calculator tool: the emulator's model says "The answer is 84."
 * only after the tool's result came back (the RAG example's agent, from the document its vector
 * store tool found).
 *
 * This is the test that would have caught the dev install inside the repository: there the
 * package loaded the repository's own Zod and AI SDK, and the agent examples failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEV_ENCRYPTION_KEY, DEV_OWNER, DevRun } from '../../scripts/lib/dev';
import { loadExamples } from '../../scripts/lib/examples';
import { freePort, N8n, nodeOutput, type RunData } from '../../scripts/lib/n8n';
import { ensureRuntime } from '../../scripts/lib/runtime';

const CHAT_TRIGGER = '@n8n/n8n-nodes-langchain.chatTrigger';
const AGENT = '@n8n/n8n-nodes-langchain.agent';
const QUESTION = 'Use the calculator: what is 12 times 7?';

const examples = loadExamples().workflows;
let dev: DevRun;
let n8n: N8n;
let userFolder: string;

beforeAll(async () => {
	userFolder = mkdtempSync(join(tmpdir(), 'bedrock-iam-dev-e2e-'));
	const port = await freePort();
	const emulatorPort = await freePort();
	dev = new DevRun({
		...process.env,
		N8N_DEV_USER_FOLDER: userFolder,
		N8N_DEV_PORT: String(port),
		BEDROCK_EMULATOR_PORT: String(emulatorPort),
	});
	await dev.ready();
	n8n = new N8n({ runtime: ensureRuntime(), userFolder, port, encryptionKey: DEV_ENCRYPTION_KEY });
	await n8n.login(DEV_OWNER.email, DEV_OWNER.password);
}, 300_000);

afterAll(async () => {
	await dev?.stop();
	if (process.env.BEDROCK_E2E_KEEP === '1') process.stdout.write(`kept ${userFolder}\n`);
	else if (userFolder) rmSync(userFolder, { recursive: true, force: true });
}, 60_000);

/** What the Calculator returned to the agent, from its runs (kept under its connection type). */
function toolResults(run: RunData, tool: string): string[] {
	const runs = (run.data.resultData.runData[tool] ?? []) as unknown as Array<{
		data?: Record<string, Array<Array<{ json: Record<string, unknown> }>>>;
	}>;
	return runs
		.flatMap((r) => Object.values(r.data ?? {}).flatMap((out) => out[0] ?? []))
		.map((item) => JSON.stringify(item.json));
}

async function runExample(example: (typeof examples)[number]): Promise<RunData> {
	const chat = example.nodes.find((n) => n.type === CHAT_TRIGGER);
	if (!chat) return await n8n.execute(example.id);
	return await n8n.runFromTrigger(example.id, chat.name, [
		{ sessionId: 'dev-e2e-session', action: 'sendMessage', chatInput: QUESTION },
	]);
}

describe('npm run dev on a fresh user folder', () => {
	it('imports every example and says so', () => {
		expect(examples.length).toBeGreaterThanOrEqual(6);
		const listed = /Workflows\s+(.*)/.exec(dev.output)?.[1] ?? '';
		for (const example of examples) expect(listed).toContain(example.name);
		expect(examples.some((e) => e.nodes.some((n) => n.type === CHAT_TRIGGER))).toBe(true);
	});

	it.each(examples.map((e) => [e.name, e] as const))(
		'%s runs and succeeds',
		async (_name, example) => {
			const run = await runExample(example);
			expect(run.data.resultData.error).toBeUndefined();
			const ran = Object.keys(run.data.resultData.runData);
			for (const node of example.nodes) expect(ran).toContain(node.name);
			for (const node of example.nodes.filter((n) => n.type === AGENT)) {
				const [answer] = nodeOutput(run, node.name);
				if (example.nodes.some((n) => n.name === 'Calculator')) {
					expect(answer.output).toBe('The answer is 84.');
					expect(toolResults(run, 'Calculator').join('\n')).toContain('84');
				} else {
					// The RAG example's agent answers from the document its vector store tool found.
					expect(answer.output).toContain('The parking garage will open at 6:30');
				}
			}
		},
	);
});
