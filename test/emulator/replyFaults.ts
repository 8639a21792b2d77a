/**
 * Faults that answer with something well-formed the client must still refuse or retry: an AWS
 * error of any code and status (ModelTimeoutException as 408, ModelNotReadyException as 429…),
 * a credential answer without credentials, and an answer body far larger than any Bedrock answer
 * (sent in 1 MiB pieces, so the emulator never holds it whole).
 */
import type { FaultSpec } from './faults';
import { ApiError, jsonResult, stsResult, type Protocol, type Reply } from './protocol';

/** The AWS error an `error` fault answers with; defaults are a plain 500. */
export function customError(fault: FaultSpec, protocol: Protocol): ApiError {
	const code = fault.code ?? (protocol === 'query' ? 'InternalFailure' : 'InternalServerException');
	return new ApiError(
		fault.status ?? 500,
		code,
		fault.message ?? `Injected ${code}.`,
		'injected fault',
	);
}

/**
 * A 2xx credential answer with no credentials in it: `<AssumeRoleResult/>` for STS, an empty
 * `credentialSet` for Roles Anywhere (any other action: an empty JSON object).
 */
export function emptyCredentialsReply(
	action: string,
	protocol: Protocol,
	requestId: string,
): Reply {
	if (protocol === 'query') return stsResult(action, {}, requestId);
	return action === 'CreateSession' ? jsonResult({ credentialSet: [] }, 201) : jsonResult({});
}

/** What the server sends for an `oversized` fault. */
export interface FloodPlan {
	/** Total body bytes to send (unless the client goes away first). */
	bytes: number;
	/** Send `content-length` up front (a client can refuse before reading), else chunked. */
	declareLength: boolean;
}

export const floodPlan = (fault: FaultSpec): FloodPlan => ({
	bytes: Math.max(0, Math.floor(fault.bytes ?? 128 * 1024 * 1024)),
	declareLength: fault.declareLength === true,
});

/** The part of an HTTP/1.1 or HTTP/2 server response the flood writer uses. */
export interface FloodTarget {
	writeHead(status: number, headers: Record<string, string>): unknown;
	write(chunk: Buffer): boolean;
	end(chunk?: Buffer): unknown;
	once(event: 'drain' | 'close', listener: () => void): unknown;
	readonly destroyed: boolean;
}

const HEAD = Buffer.from('{"output":{"message":{"role":"assistant","content":[{"text":"');
const TAIL = Buffer.from(
	'"}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2},"metrics":{"latencyMs":1}}',
);
const PIECE = Buffer.alloc(1024 * 1024, 'a');

/**
 * Sends a Converse-shaped answer of `plan.bytes` bytes whose text is all `a`: valid JSON when
 * it is sent whole, so a body under the client's limit is a (huge) success. Honours back
 * pressure and stops as soon as the client goes away.
 */
export function sendFlood(
	res: FloodTarget,
	plan: FloodPlan,
	headers: Record<string, string>,
): void {
	const fill = Math.max(0, plan.bytes - HEAD.length - TAIL.length);
	res.writeHead(200, {
		...headers,
		'content-type': 'application/json',
		...(plan.declareLength ? { 'content-length': String(HEAD.length + fill + TAIL.length) } : {}),
	});
	let closed = false;
	res.once('close', () => (closed = true));
	let left = fill;
	const pump = () => {
		if (closed || res.destroyed) return;
		while (left > 0) {
			const piece = left >= PIECE.length ? PIECE : PIECE.subarray(0, left);
			left -= piece.length;
			if (!res.write(piece)) {
				res.once('drain', pump);
				return;
			}
			if (closed || res.destroyed) return;
		}
		res.end(TAIL);
	};
	res.write(HEAD);
	pump();
}
