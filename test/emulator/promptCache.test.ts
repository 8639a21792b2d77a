import {
	ConverseCommand,
	type ContentBlock,
	type ConverseCommandInput,
	type Message,
} from '@aws-sdk/client-bedrock-runtime';

import { failure, runtimeClientHttp1 } from './clients';
import { startEmulator, type Emulator } from './index';

const SONNET = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const SONNET_45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const POINT: ContentBlock = { cachePoint: { type: 'default' } };
const words = (n: number, word = 'word') => `${word} `.repeat(n).trim();

describe('emulator: prompt caching as Bedrock counts and refuses it', () => {
	let emulator: Emulator;
	beforeAll(async () => (emulator = await startEmulator()));
	afterAll(() => emulator.stop());
	beforeEach(() => emulator.reset());

	const send = (input: ConverseCommandInput) =>
		runtimeClientHttp1(emulator).send(new ConverseCommand(input));
	const refused = async (input: ConverseCommandInput) => {
		const error = await failure(send(input));
		expect(error.name).toBe('ValidationException');
		return error.message;
	};

	it('refuses more cache points than the model takes', async () => {
		const content: ContentBlock[] = [];
		for (let i = 0; i < 5; i++) content.push({ text: words(10, `w${i}`) }, POINT);
		expect(await refused({ modelId: SONNET, messages: [{ role: 'user', content }] })).toContain(
			'A maximum of 4 cachePoint blocks may be provided. Found 5.',
		);
	});

	it('refuses cache points on a model without prompt caching, and on Nova tools', async () => {
		expect(
			await refused({
				modelId: 'mistral.mistral-large-2402-v1:0',
				system: [{ text: 'Rules' }, POINT],
				messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
			}),
		).toContain('does not support the cachePoint at system.1');
		expect(
			await refused({
				modelId: NOVA,
				toolConfig: {
					tools: [
						{ toolSpec: { name: 't', inputSchema: { json: { type: 'object' } } } },
						{ cachePoint: { type: 'default' } },
					],
				},
				messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
			}),
		).toContain('cachePoint in toolConfig.tools');
	});

	it('refuses the 1-hour TTL where the model lacks it, and a TTL that grows along the prompt', async () => {
		const hour: ContentBlock = { cachePoint: { type: 'default', ttl: '1h' } };
		expect(
			await refused({
				modelId: SONNET,
				messages: [{ role: 'user', content: [{ text: 'Hi' }, hour] }],
			}),
		).toContain('does not support the 1h time-to-live');
		expect(
			await refused({
				modelId: SONNET_45,
				system: [{ text: 'Rules' }, POINT],
				messages: [{ role: 'user', content: [{ text: 'Hi' }, hour] }],
			}),
		).toContain('time-to-live must not increase');
	});

	it('accepts a point below the minimum and caches nothing there', async () => {
		const out = await send({
			modelId: SONNET,
			system: [{ text: words(500) }, POINT],
			messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
		});
		expect(out.usage).toMatchObject({
			inputTokens: 501,
			cacheReadInputTokens: 0,
			cacheWriteInputTokens: 0,
		});
	});

	it('reads the longest prefix an earlier turn cached and writes the rest, per TTL', async () => {
		const history: Message[] = [{ role: 'user', content: [{ text: words(1100) }] }];
		const first = await send({
			modelId: SONNET_45,
			messages: [{ role: 'user', content: [...history[0].content!, POINT] }],
		});
		expect(first.usage).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 1100 });
		// The next turn moves the point to its end: the first turn is read, the new part written.
		const next: Message[] = [
			...history,
			{ role: 'assistant', content: [{ text: words(30, 'answer') }] },
			{
				role: 'user',
				content: [{ text: words(1000, 'more') }, { cachePoint: { type: 'default', ttl: '1h' } }],
			},
		];
		const second = await send({ modelId: SONNET_45, messages: next });
		expect(second.usage).toEqual({
			inputTokens: 1,
			outputTokens: expect.any(Number),
			totalTokens: expect.any(Number),
			cacheReadInputTokens: 1100,
			cacheWriteInputTokens: 1030,
			cacheDetails: [{ ttl: '1h', inputTokens: 1030 }],
		});
	});

	it('lets cached prefixes expire after their time-to-live', async () => {
		const input: ConverseCommandInput = {
			modelId: SONNET,
			system: [{ text: words(1100) }, POINT],
			messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
		};
		// The emulator's clock stays within the 5 minutes of skew SigV4 allows the client's.
		const now = Date.now();
		const at = (minutes: number) => emulator.setClock(() => new Date(now + minutes * 60_000));
		at(-4.5);
		await send(input);
		at(-0.5);
		expect((await send(input)).usage?.cacheReadInputTokens).toBe(1100);
		// Read at -0.5: alive until 4.5, gone at 4.9.
		at(4.9);
		expect((await send(input)).usage).toMatchObject({
			cacheReadInputTokens: 0,
			cacheWriteInputTokens: 1100,
		});
		emulator.setClock(undefined);
	});
});
