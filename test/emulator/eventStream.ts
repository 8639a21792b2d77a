/**
 * AWS event stream framing (`application/vnd.amazon.eventstream`), written from the format
 * description: every message is a prelude (total length, headers length, CRC32 of those 8 bytes),
 * the headers, the payload and a CRC32 of everything before it. All integers are big-endian.
 * Headers here are always strings (value type 7): `:message-type`, `:event-type` or
 * `:exception-type`, and `:content-type`.
 * Reference: https://docs.aws.amazon.com/lexv2/latest/dg/event-stream-encoding.html
 */

/** One message of an event stream, before encoding. */
export interface StreamEvent {
	/** `event` for data; `exception` for a modelled error that ends the stream. */
	messageType: 'event' | 'exception';
	/** Member name in the stream union: `chunk`, `contentBlockDelta`, `throttlingException`, … */
	type: string;
	/** Serialised as JSON into the payload. */
	payload: unknown;
}

/** The CRC32 lookup table (IEEE 802.3, reflected polynomial 0xEDB88320), built once. */
const CRC_TABLE: Uint32Array = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

/** CRC32 as gzip computes it, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
	let crc = 0xffffffff;
	for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

const STRING_HEADER = 7;

/** Encodes string headers: name length (1 byte), name, type 7, value length (2 bytes), value. */
function encodeHeaders(headers: Array<[string, string]>): Buffer {
	const parts: Buffer[] = [];
	for (const [name, value] of headers) {
		const nameBytes = Buffer.from(name, 'utf8');
		const valueBytes = Buffer.from(value, 'utf8');
		if (nameBytes.length > 255 || valueBytes.length > 0xffff) {
			throw new Error(`event stream header ${name} is too long`);
		}
		const head = Buffer.alloc(1 + nameBytes.length + 1 + 2);
		head.writeUInt8(nameBytes.length, 0);
		nameBytes.copy(head, 1);
		head.writeUInt8(STRING_HEADER, 1 + nameBytes.length);
		head.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
		parts.push(head, valueBytes);
	}
	return Buffer.concat(parts);
}

/** Encodes one message from string headers and a payload. */
export function encodeMessage(headers: Array<[string, string]>, payload: Uint8Array): Buffer {
	const headerBytes = encodeHeaders(headers);
	const total = 12 + headerBytes.length + payload.length + 4;
	const message = Buffer.alloc(total);
	message.writeUInt32BE(total, 0);
	message.writeUInt32BE(headerBytes.length, 4);
	message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
	headerBytes.copy(message, 12);
	Buffer.from(payload).copy(message, 12 + headerBytes.length);
	message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
	return message;
}

/** Encodes an event or exception message with a JSON payload, the way AWS services send them. */
export function encodeStreamEvent(event: StreamEvent): Buffer {
	const typeHeader = event.messageType === 'event' ? ':event-type' : ':exception-type';
	return encodeMessage(
		[
			[typeHeader, event.type],
			[':content-type', 'application/json'],
			[':message-type', event.messageType],
		],
		Buffer.from(JSON.stringify(event.payload), 'utf8'),
	);
}

/** An `event` message descriptor. */
export const streamEvent = (type: string, payload: unknown): StreamEvent => ({
	messageType: 'event',
	type,
	payload,
});

/** An `exception` message descriptor. */
export const streamException = (type: string, payload: unknown): StreamEvent => ({
	messageType: 'exception',
	type,
	payload,
});
