/**
 * Injected faults: throttling, server errors, slow answers, dropped or reset connections and
 * garbage bodies, each for a number of calls to one action (or to all); and for event stream
 * answers, exceptions, truncation, a slow first event or a stall in the middle of the stream.
 */
import { ApiError, type Protocol, type Reply } from './protocol';
import type { ServiceName } from './state';

export type FaultKind =
	| 'throttle'
	| 'status500'
	| 'status503'
	| 'delay'
	| 'drop'
	| 'reset'
	| 'malformed'
	| ReplyFaultKind
	| StreamFaultKind;

/** Well-formed answers the client must still handle (see replyFaults.ts). */
export type ReplyFaultKind = 'error' | 'emptyCredentials' | 'oversized';

/** Faults of event stream answers (ConverseStream, InvokeModelWithResponseStream, InvokeAgent). */
export type StreamFaultKind = 'streamException' | 'streamTruncate' | 'slowFirstByte' | 'stall';

const STREAM_FAULTS: readonly FaultKind[] = [
	'streamException',
	'streamTruncate',
	'slowFirstByte',
	'stall',
];

/** Whether a fault acts on an event stream answer (after the request was accepted). */
export const isStreamFault = (kind: FaultKind): kind is StreamFaultKind =>
	STREAM_FAULTS.includes(kind);

/** A fault to inject with `emulator.injectFault`. */
export interface FaultSpec {
	/** Operation to hit (`AssumeRole`, `CreateSession`, `Converse`, …) or `'*'`. Absent: `'*'`. */
	action?: string;
	/** How many matching calls to hit; `Infinity` for all. Absent: 1. */
	times?: number;
	/**
	 * - `throttle`: ThrottlingException (429) for JSON services, `Throttling` (400) for STS
	 * - `status500` / `status503`: an internal error / service unavailable in the service's format
	 * - `delay`: wait `delayMs`, then answer normally (nothing is sent if the client gives up)
	 * - `drop`: close the connection without answering
	 * - `reset`: send the status line and part of the body, then destroy the connection
	 * - `malformed`: a 200 whose body does not parse
	 * - `error`: the AWS error `code` with HTTP `status` and `message`, in the service's format
	 *   (for example `ModelTimeoutException` / 408 or `ModelNotReadyException` / 429)
	 * - `emptyCredentials`: a 2xx credential answer without credentials (`<AssumeRoleResult/>`,
	 *   an empty Roles Anywhere `credentialSet`)
	 * - `oversized`: a 200 Converse-shaped JSON answer of `bytes` bytes, sent in pieces
	 *
	 * Stream faults fire only on calls that get an event stream answer (a request refused before
	 * that, by its signature or validation, leaves them pending):
	 * - `streamException`: `afterEvents` events, then an exception message (`exceptionType`)
	 * - `streamTruncate`: `afterEvents` events, then a clean end of the HTTP answer (no
	 *   messageStop / metadata / final chunk); with `midFrame`, half of the next frame first
	 * - `slowFirstByte`: the headers at once, then `delayMs` before the first event, then normal
	 * - `stall`: the headers and `afterEvents` events, then nothing until the client gives up
	 */
	kind: FaultKind;
	/** For `delay` and `slowFirstByte`: how long to wait, in milliseconds. Absent: 1000. */
	delayMs?: number;
	/**
	 * For stream faults: events sent before the fault acts. Absent: 2 (`streamException`), all
	 * but the last two (`streamTruncate`), 1 (`stall`).
	 */
	afterEvents?: number;
	/**
	 * For `streamException`: the exception member of the stream union, for example
	 * `modelStreamErrorException`, `throttlingException`, `internalServerException`,
	 * `serviceUnavailableException`, `validationException`, `modelTimeoutException` (Bedrock
	 * Runtime) or `dependencyFailedException`, `badGatewayException` (InvokeAgent). Absent:
	 * `modelStreamErrorException` for Bedrock Runtime, `internalServerException` for InvokeAgent.
	 */
	exceptionType?: string;
	/** For `streamException` and `error`: the exception's message. Absent: a fixed text. */
	message?: string;
	/** For `streamTruncate`: also send the first half of the next frame (a cut frame). */
	midFrame?: boolean;
	/** For `error`: HTTP status. Absent: 500. */
	status?: number;
	/** For `error`: the AWS error code. Absent: the service's internal error. */
	code?: string;
	/** For `oversized`: body size in bytes. Absent: 128 MiB. */
	bytes?: number;
	/** For `oversized`: send `content-length` (absent: a chunked body of unknown length). */
	declareLength?: boolean;
}

interface ActiveFault extends FaultSpec {
	remaining: number;
}

/** The pending faults, first added first used. */
export class FaultQueue {
	private faults: ActiveFault[] = [];

	add(spec: FaultSpec): void {
		this.faults.push({ ...spec, remaining: spec.times ?? 1 });
	}

	/**
	 * Takes one use of the first fault matching the action, if any: of the request faults when
	 * a request arrives, of the stream faults when a stream answer is about to be sent.
	 */
	take(action: string, phase: 'request' | 'stream' = 'request'): FaultSpec | undefined {
		const fault = this.faults.find(
			(f) =>
				f.remaining > 0 &&
				isStreamFault(f.kind) === (phase === 'stream') &&
				(f.action === undefined || f.action === '*' || f.action === action),
		);
		if (!fault) return undefined;
		fault.remaining -= 1;
		this.faults = this.faults.filter((f) => f.remaining > 0);
		return fault;
	}

	clear(): void {
		this.faults = [];
	}

	get pending(): number {
		return this.faults.length;
	}
}

/** The error an injected fault answers with, in the words of each service. */
export function faultError(
	kind: 'throttle' | 'status500' | 'status503',
	service: ServiceName,
): ApiError {
	const sts = service === 'sts';
	switch (kind) {
		case 'throttle':
			if (sts) return new ApiError(400, 'Throttling', 'Rate exceeded', 'injected fault');
			return new ApiError(
				429,
				'ThrottlingException',
				service === 'rolesanywhere'
					? 'Rate exceeded'
					: 'Too many requests, please wait before trying again.',
				'injected fault',
			);
		case 'status500':
			return sts
				? new ApiError(
						500,
						'InternalFailure',
						'The request processing has failed because of an unknown error, exception or failure.',
						'injected fault',
					)
				: new ApiError(500, 'InternalServerException', 'Internal server error', 'injected fault');
		case 'status503':
			return sts
				? new ApiError(
						503,
						'ServiceUnavailable',
						'Service is unable to handle request.',
						'injected fault',
					)
				: new ApiError(503, 'ServiceUnavailableException', 'Service Unavailable', 'injected fault');
	}
}

/** A 200 whose body is cut in the middle, in the service's content type. */
export function malformedReply(protocol: Protocol): Reply {
	return protocol === 'query'
		? { status: 200, headers: { 'content-type': 'text/xml' }, body: '<AssumeRoleResponse><Assu' }
		: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"output":{"mess' };
}
