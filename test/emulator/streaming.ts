/**
 * Event stream answers (ConverseStream, InvokeModelWithResponseStream, InvokeAgent): what a
 * handler returns, how an injected stream fault changes what is sent, and the writer that sends
 * the frames one by one (with the configured delay between them, so a client can watch them
 * arrive).
 */
import { encodeStreamEvent, streamException, type StreamEvent } from './eventStream';
import type { FaultSpec } from './faults';
import type { RecordedCall } from './state';

/** A 200 whose body is an event stream; handlers return it instead of a {@link Reply}. */
export interface StreamReply {
	kind: 'stream';
	status: number;
	/** Headers besides `content-type`, `x-amzn-RequestId` and `Date`. */
	headers: Record<string, string>;
	events: StreamEvent[];
	/** The exception an injected `streamException` sends when the fault names none. */
	defaultException: string;
}

/** Builds a {@link StreamReply}. */
export const streamReply = (
	events: StreamEvent[],
	defaultException: string,
	headers: Record<string, string> = {},
): StreamReply => ({ kind: 'stream', status: 200, headers, events, defaultException });

/** Whether a handler answered with an event stream. */
export const isStreamReply = (reply: object): reply is StreamReply =>
	(reply as Partial<StreamReply>).kind === 'stream';

/** One encoded frame and what it was, for the call log. */
interface Frame {
	type: string;
	messageType: StreamEvent['messageType'];
	message?: string;
	bytes: Buffer;
}

/** What the writer will send: frames, then a clean end or a stall. */
export interface StreamPlan {
	status: number;
	headers: Record<string, string>;
	frames: Frame[];
	/** Bytes sent after the frames and before the end: the first half of a frame. */
	tail?: Buffer;
	/** `end`: finish the response; `stall`: send nothing more until the client gives up. */
	ending: 'end' | 'stall';
	/** Wait after the headers, before the first frame. */
	firstDelayMs: number;
	/** Wait between two frames. */
	eventDelayMs: number;
}

const EXCEPTION_MESSAGES: Record<string, string> = {
	modelStreamErrorException: 'The model stopped while it was streaming its answer.',
	throttlingException: 'Too many requests, please wait before trying again.',
	internalServerException: 'The server encountered an internal error while streaming.',
	serviceUnavailableException: 'The service is unavailable. Try again later.',
	modelTimeoutException: 'The model took too long to answer.',
	validationException: 'The stream was stopped because the input is not valid.',
	dependencyFailedException: 'A dependency of the agent failed while streaming.',
	badGatewayException: 'An upstream service answered with an error while streaming.',
};

const frame = (event: StreamEvent): Frame => {
	const payload = event.payload as { message?: unknown } | undefined;
	return {
		type: event.type,
		messageType: event.messageType,
		message: typeof payload?.message === 'string' ? payload.message : undefined,
		bytes: encodeStreamEvent(event),
	};
};

/** The exception message of an injected `streamException`. */
function exceptionEvent(type: string, message: string | undefined): StreamEvent {
	const text = message ?? EXCEPTION_MESSAGES[type] ?? `Injected ${type}.`;
	return streamException(
		type,
		type === 'modelStreamErrorException'
			? { message: text, originalStatusCode: 500, originalMessage: text }
			: { message: text },
	);
}

/**
 * Plans what to send for a stream answer, given the stream fault taken for the call (if any)
 * and the configured delay between events.
 */
export function planStream(
	reply: StreamReply,
	fault: FaultSpec | undefined,
	eventDelayMs: number,
): StreamPlan {
	const events = reply.events;
	const plan: StreamPlan = {
		status: reply.status,
		headers: reply.headers,
		frames: events.map(frame),
		ending: 'end',
		firstDelayMs: 0,
		eventDelayMs,
	};
	const clamp = (n: number, max: number) => Math.max(0, Math.min(Math.floor(n), max));
	switch (fault?.kind) {
		case 'streamException': {
			const sent = clamp(fault.afterEvents ?? 2, events.length);
			const type = fault.exceptionType ?? reply.defaultException;
			plan.frames = [...plan.frames.slice(0, sent), frame(exceptionEvent(type, fault.message))];
			break;
		}
		case 'streamTruncate': {
			const sent = clamp(fault.afterEvents ?? events.length - 2, events.length - 1);
			const next = plan.frames[sent];
			plan.frames = plan.frames.slice(0, sent);
			if (fault.midFrame && next) plan.tail = next.bytes.subarray(0, next.bytes.length >> 1);
			break;
		}
		case 'slowFirstByte':
			plan.firstDelayMs = fault.delayMs ?? 1000;
			break;
		case 'stall':
			plan.frames = plan.frames.slice(0, clamp(fault.afterEvents ?? 1, events.length));
			plan.ending = 'stall';
			break;
		default:
			break;
	}
	return plan;
}

/** The part of an HTTP/1.1 or HTTP/2 server response the writer uses. */
export interface StreamTarget {
	writeHead(status: number, headers: Record<string, string>): unknown;
	write(chunk: Buffer): boolean;
	end(): unknown;
	flushHeaders?: () => void;
}

/** How the writer waits and gives up; `wait` resolves false once the client went away. */
export interface StreamIo {
	wait: (ms: number) => Promise<boolean>;
	/** Destroys the connection under the response. */
	destroy: () => void;
}

/** Longest single wait of a stall; the client or `stop()` ends it long before. */
const STALL_MS = 2 ** 31 - 1;

/**
 * Sends a planned stream: the headers at once, then each frame (after its delay), recording in
 * `call.streamed` what went out and, for an exception message, its type and message as the
 * call's error.
 */
export async function sendStream(
	res: StreamTarget,
	plan: StreamPlan,
	call: RecordedCall,
	commonHeaders: Record<string, string>,
	io: StreamIo,
): Promise<void> {
	call.streamed = [];
	/** Writes, or gives up on a response whose client already went away. */
	const write = (bytes: Buffer): boolean => {
		try {
			res.write(bytes);
			return true;
		} catch {
			io.destroy();
			return false;
		}
	};
	res.writeHead(plan.status, {
		...plan.headers,
		...commonHeaders,
		'content-type': 'application/vnd.amazon.eventstream',
	});
	res.flushHeaders?.();
	for (const [i, f] of plan.frames.entries()) {
		const delay = i === 0 ? plan.firstDelayMs : plan.eventDelayMs;
		if (delay > 0 && !(await io.wait(delay))) return io.destroy();
		if (!write(f.bytes)) return;
		call.streamed.push(f.type);
		if (f.messageType === 'exception') {
			call.errorCode = f.type;
			call.errorMessage = f.message;
		}
	}
	if (plan.frames.length === 0 && plan.firstDelayMs > 0 && !(await io.wait(plan.firstDelayMs))) {
		return io.destroy();
	}
	if (plan.tail && !write(plan.tail)) return;
	if (plan.ending === 'stall') {
		await io.wait(STALL_MS);
		return io.destroy();
	}
	res.end();
}
