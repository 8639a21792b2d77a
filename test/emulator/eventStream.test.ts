import { Sha256 } from '@aws-crypto/sha256-js';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';

import {
	crc32,
	encodeMessage,
	encodeStreamEvent,
	streamEvent,
	streamException,
} from './eventStream';
import { DEFAULT_USER, startEmulator, type Emulator } from './index';

/** The SDK's own codec: an independent check of the framing and both CRCs. */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Splits a byte stream into frames by their total-length prelude. */
function splitFrames(bytes: Uint8Array): Uint8Array[] {
	const frames: Uint8Array[] = [];
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let at = 0; at < bytes.length; ) {
		const length = view.getUint32(at);
		frames.push(bytes.subarray(at, at + length));
		at += length;
	}
	return frames;
}

describe('emulator: event stream framing', () => {
	test('crc32 is the gzip CRC32', () => {
		expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
		expect(crc32(Buffer.alloc(0))).toBe(0);
	});

	test('an event message decodes with the SDK codec: headers, payload, both CRCs', () => {
		const bytes = encodeStreamEvent(streamEvent('contentBlockDelta', { delta: { text: 'héllo' } }));
		const message = codec.decode(bytes);
		expect(message.headers).toEqual({
			':event-type': { type: 'string', value: 'contentBlockDelta' },
			':content-type': { type: 'string', value: 'application/json' },
			':message-type': { type: 'string', value: 'event' },
		});
		expect(JSON.parse(toUtf8(message.body))).toEqual({ delta: { text: 'héllo' } });
		// The prelude carries the total length; 16 bytes of overhead around headers and payload.
		expect(bytes.readUInt32BE(0)).toBe(bytes.length);
		expect(bytes.length).toBe(16 + bytes.readUInt32BE(4) + message.body.length);
	});

	test('an exception message carries :exception-type', () => {
		const message = codec.decode(
			encodeStreamEvent(streamException('throttlingException', { message: 'slow down' })),
		);
		expect(message.headers[':message-type'].value).toBe('exception');
		expect(message.headers[':exception-type'].value).toBe('throttlingException');
	});

	test('a flipped byte fails the SDK codec checksum', () => {
		const bytes = encodeMessage([[':message-type', 'event']], Buffer.from('{}'));
		const prelude = Buffer.from(bytes);
		prelude[5] ^= 1;
		expect(() => codec.decode(prelude)).toThrow(/checksum/i);
		const body = Buffer.from(bytes);
		body[body.length - 6] ^= 1;
		expect(() => codec.decode(body)).toThrow(/checksum/i);
	});

	describe('on the wire', () => {
		let emulator: Emulator;
		beforeAll(async () => {
			emulator = await startEmulator();
		});
		afterAll(() => emulator.stop());

		test('a raw ConverseStream answer is a sequence of valid frames (signed with SignatureV4)', async () => {
			const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'one two' }] }] });
			const path = `/model/${encodeURIComponent('amazon.nova-lite-v1:0')}/converse-stream`;
			const signer = new SignatureV4({
				service: 'bedrock',
				region: 'us-east-1',
				sha256: Sha256,
				credentials: DEFAULT_USER,
				uriEscapePath: true,
			});
			const signed = await signer.sign({
				method: 'POST',
				protocol: 'http:',
				hostname: '127.0.0.1',
				port: emulator.port,
				path,
				query: {},
				headers: { host: `127.0.0.1:${emulator.port}`, 'content-type': 'application/json' },
				body,
			});
			const headers = { ...signed.headers };
			delete headers.host;
			const response = await fetch(`${emulator.url}${path}`, { method: 'POST', headers, body });
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
			expect(response.headers.get('x-amzn-requestid')).toBe(emulator.calls[0].requestId);
			const frames = splitFrames(new Uint8Array(await response.arrayBuffer())).map((f) =>
				codec.decode(f),
			);
			const types = frames.map((m) => m.headers[':event-type'].value);
			expect(types).toEqual([
				'messageStart',
				'contentBlockDelta',
				'contentBlockDelta',
				'contentBlockDelta',
				'contentBlockStop',
				'messageStop',
				'metadata',
			]);
			expect(types).toEqual(emulator.calls[0].streamed);
			const text = frames
				.filter((m) => m.headers[':event-type'].value === 'contentBlockDelta')
				.map((m) => (JSON.parse(toUtf8(m.body)) as { delta: { text: string } }).delta.text)
				.join('');
			expect(text).toBe('Echo: one two');
		});
	});
});
