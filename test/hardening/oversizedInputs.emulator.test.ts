/**
 * @jest-environment ./test/hardening/singleRealmEnvironment.js
 */
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BedrockConverse } from '../../nodes/BedrockConverse/BedrockConverse.node';
import { MAX_MESSAGES, MAX_TEXT_BYTES } from '../../nodes/BedrockConverse/request';
import {
	MAX_REQUEST_BODY_BYTES,
	renderTemplate,
	TemplateError,
} from '../../nodes/BedrockGenerate/template';
import { locator } from '../helpers/nodeContext';
import { runNode, useEmulator } from '../helpers/useEmulator';
import { expectEveryItem, within } from './harness';

const MB = 1024 * 1024;

/**
 * Inputs past what Bedrock takes are refused with a message before a request is built: no
 * credential is fetched and nothing reaches the (emulated) network.
 */
describe('oversized inputs', () => {
	const aws = useEmulator();
	const node = new BedrockConverse();

	/** Runs Converse with Continue On Fail on two items: item 0 oversized, item 1 normal. */
	async function converse(
		oversized: IDataObject,
		options: { items?: INodeExecutionData[]; helpers?: object } = {},
	) {
		const started = Date.now();
		const { result } = runNode(node, aws.emulator, {
			parameters: (i) => ({
				model: locator('amazon.nova-lite-v1:0'),
				prompt: 'a normal prompt',
				options: {},
				...(i === 0 ? oversized : {}),
			}),
			items: options.items ?? [{ json: {} }, { json: {} }],
			helpers: options.helpers,
			continueOnFail: true,
		});
		const [out] = await within(10_000, result);
		expectEveryItem(out, 2);
		expect(out[1].json.text).toBe('Echo: a normal prompt');
		// The oversized item sent nothing: one Converse call, the normal item's.
		expect(aws.emulator.count('Converse')).toBe(1);
		return { refused: out[0].json, ms: Date.now() - started };
	}

	it('a 50 MB prompt (Converse)', async () => {
		const { refused, ms } = await converse({ prompt: 'x'.repeat(50 * MB) });
		expect(refused.error).toMatch(
			/^Prompt: brings the text of the request to 52\.4 MB; one Bedrock request takes at most 25\.0 MB of text/,
		);
		expect(ms).toBeLessThan(5000);
	});

	it('a prompt just under the limit still goes out (the limit is not tighter than Bedrock’s)', () => {
		// Checked on the builder alone: 24 MB through the emulator would only test the emulator.
		const { buildConverseInput } = jest.requireActual<
			typeof import('../../nodes/BedrockConverse/request')
		>('../../nodes/BedrockConverse/request');
		const prompt = 'é'.repeat(Math.floor(MAX_TEXT_BYTES / 2) - 10);
		const input = buildConverseInput({
			modelId: 'amazon.nova-lite-v1:0',
			systemPrompt: '',
			input: { prompt },
			attachments: [],
			options: {},
		});
		expect(input.messages?.[0].content?.[0]).toEqual({ text: prompt });
	});

	it('a system prompt and messages that add up to more than 25 MB of text', async () => {
		const messages = [
			{ role: 'user', content: 'y'.repeat(13 * MB) },
			{ role: 'assistant', content: [{ text: 'z'.repeat(13 * MB) }] },
			{ role: 'user', content: 'and now?' },
		];
		const { refused } = await converse({
			inputMode: 'messages',
			messagesSource: 'json',
			messagesJson: messages,
			systemPrompt: 's'.repeat(100),
		});
		expect(refused.error).toMatch(/^Messages: brings the text of the request to 27\.3 MB/);
	});

	it.each([
		['as JSON text', (m: unknown[]) => JSON.stringify(m)],
		['as an expression value', (m: unknown[]) => m],
	])('a 10,000-entry messages array, %s', async (_how, form) => {
		const messages = Array.from({ length: 10_000 }, (_, i) => ({
			role: i % 2 ? 'assistant' : 'user',
			content: `message ${i}`,
		}));
		const { refused, ms } = await converse({
			inputMode: 'messages',
			messagesSource: 'json',
			messagesJson: form(messages),
		});
		expect(refused.error).toBe(
			`Messages: has 10000 messages; at most ${MAX_MESSAGES} are sent in one request. Keep the recent part of the conversation, or summarise the older part into one message`,
		);
		expect(ms).toBeLessThan(5000);
	});

	it(`${MAX_MESSAGES} messages are still accepted`, async () => {
		const messages = Array.from({ length: MAX_MESSAGES }, (_, i) => ({
			role: i % 2 ? 'assistant' : 'user',
			content: `message ${i}`,
		}));
		const { result } = runNode(node, aws.emulator, {
			parameters: {
				model: locator('amazon.nova-lite-v1:0'),
				inputMode: 'messages',
				messagesSource: 'json',
				messagesJson: messages,
				options: {},
			},
			items: [{ json: {} }],
		});
		const [[item]] = await result;
		expect(item.json.error).toBeUndefined();
		expect(aws.emulator.count('Converse')).toBe(1);
	});

	describe('a 100 MB binary attachment', () => {
		const hundred = 100 * MB;

		it('as n8n records it (bytes: 104857600, fileSize: "100 MB"): refused without reading the file', async () => {
			const meta: IBinaryData = {
				data: 'filesystem-v2',
				mimeType: 'application/pdf',
				fileName: 'big.pdf',
				fileSize: '100 MB',
				bytes: hundred,
			};
			const read = jest.fn(async () => Buffer.alloc(0));
			const { refused } = await converse(
				{ attachments: 'data' },
				{
					items: [{ json: {}, binary: { data: meta } }, { json: {} }],
					helpers: { getBinaryDataBuffer: read },
				},
			);
			expect(refused.error).toBe(
				'Binary property "data" is 100.0 MB; Bedrock accepts at most 4.5 MB here',
			);
			expect(refused.description).toMatch(/smaller file/);
			expect(read).not.toHaveBeenCalled();
		});

		it('without a recorded size: refused once read, before any request', async () => {
			const meta: IBinaryData = {
				data: 'filesystem-v2',
				mimeType: 'video/mp4',
				fileName: 'big.mp4',
			};
			const read = jest.fn(async () => Buffer.alloc(hundred));
			const { refused } = await converse(
				{ attachments: 'data' },
				{
					items: [{ json: {}, binary: { data: meta } }, { json: {} }],
					helpers: { getBinaryDataBuffer: read },
				},
			);
			expect(refused.error).toBe(
				'Binary property "data" is 100.0 MB; Bedrock accepts at most 25.0 MB here',
			);
			expect(read).toHaveBeenCalledTimes(1);
		});

		it('inline in the messages as base64: refused before it is decoded', async () => {
			const messages = [
				{
					role: 'user',
					content: [
						{ text: 'what is this?' },
						{
							image: { format: 'png', source: { bytes: 'A'.repeat(Math.ceil((hundred * 4) / 3)) } },
						},
					],
				},
			];
			const { refused } = await converse({
				inputMode: 'messages',
				messagesSource: 'json',
				messagesJson: messages,
			});
			expect(refused.error).toBe(
				'Messages: message 1 has a image of 100.0 MB; Bedrock accepts at most 3.8 MB per image',
			);
		});
	});

	it('a 50 MB prompt variable (Generate template)', () => {
		const started = Date.now();
		let error: unknown;
		try {
			renderTemplate('{"prompt": "{{prompt}}", "max_tokens": 10}', [
				{ name: 'prompt', value: 'x'.repeat(50 * MB) },
			]);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(TemplateError);
		expect(error).toMatchObject({ code: 'TooLarge' });
		expect((error as Error).message).toMatch(/\b25\b|25,000,000|MB/);
		expect(MAX_REQUEST_BODY_BYTES).toBe(25_000_000);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('a refusal stops the node without Continue On Fail, naming the item', async () => {
		const { result } = runNode(node, aws.emulator, {
			parameters: {
				model: locator('amazon.nova-lite-v1:0'),
				prompt: 'x'.repeat(30 * MB),
				options: {},
			},
			items: [{ json: {} }],
		});
		const error = await result.then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
		expect(aws.emulator.count('AssumeRole')).toBe(0);
	});
});
