/**
 * A webhook in response mode "streaming" -> Bedrock Converse, called over HTTP: the answer's
 * pieces reach the caller while the model is still generating, not all at the end.
 */
import type { Emulator } from '../emulator';
import { e2eState, startE2eEmulator } from './harness';
import { STREAMING_PATH } from './workflows';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startE2eEmulator();
});
afterAll(async () => {
	await emulator?.stop();
});

interface Chunk {
	type: string;
	content?: string;
	at: number;
}

it('delivers chunks before the end of the generation', async () => {
	const delayMs = 200;
	emulator.config.streamDelayMs = delayMs;
	const prompt = 'one two three four five six seven eight';
	const started = Date.now();
	const res = await fetch(`http://127.0.0.1:${e2eState().port}/webhook/${STREAMING_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ prompt }),
	});
	expect(res.status).toBe(200);

	const chunks: Chunk[] = [];
	let buffer = '';
	const decoder = new TextDecoder();
	for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
		const at = Date.now() - started;
		buffer += decoder.decode(bytes, { stream: true });
		const lines = buffer.split('\n');
		buffer = lines.pop()!;
		for (const line of lines.filter((l) => l.trim()))
			chunks.push({ ...(JSON.parse(line) as Chunk), at });
	}

	const items = chunks.filter((c) => c.type === 'item');
	const end = chunks.find((c) => c.type === 'end');
	expect(chunks[0].type).toBe('begin');
	expect(end).toBeDefined();
	expect(items.map((c) => c.content).join('')).toBe(`Echo: ${prompt}`);
	expect(items.length).toBeGreaterThanOrEqual(5);
	// The first piece arrived while at least four more events were still to come from the model.
	expect(end!.at - items[0].at).toBeGreaterThanOrEqual(4 * delayMs);
	// And the pieces arrived spread out, not in one burst.
	expect(new Set(items.map((c) => c.at)).size).toBeGreaterThanOrEqual(4);
	expect(emulator.count('ConverseStream')).toBe(1);
});
