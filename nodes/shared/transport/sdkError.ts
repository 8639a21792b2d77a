/**
 * What an AWS SDK v3 failure that is not an AWS error answer looks like: a Node.js network error
 * (`ECONNREFUSED`, a reset in the middle of the body, a socket timeout) or a body that did not
 * parse. The SDK decorates both with `$metadata` (attempts, and the HTTP status when headers had
 * arrived) and appends a note meant for SDK developers. Only a modelled AWS error has `$fault`.
 */
import { boundText } from './boundedText';

/** The SDK's note on an error raised while reading an answer; it speaks to SDK developers. */
const DESERIALIZATION_NOTE =
	'Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object';

/** `message` without the note (and the blanks before it, and its full stop). */
function withoutNote(message: string, at: number): string {
	let end = at + DESERIALIZATION_NOTE.length;
	if (message[end] === '.') end++;
	return message.slice(0, at).trimEnd() + message.slice(end);
}

const GENERIC_NAMES = new Set([
	'Error',
	'SyntaxError',
	'TypeError',
	'RangeError',
	'AggregateError',
]);

export interface LocalFailure {
	/** Node's code (`ECONNRESET`), `InvalidResponse` for an unreadable body, or a specific name. */
	code?: string;
	/** The message without the SDK's note. */
	message: string;
}

/** Whether an error came from AWS's answer (a modelled or unmodelled service exception). */
export function isServiceError(error: unknown): boolean {
	return (
		typeof error === 'object' &&
		error !== null &&
		'$fault' in error &&
		(error as { $fault?: unknown }).$fault !== undefined
	);
}

/**
 * Code and message of a failure that is not an AWS error answer. Node's `code` wins over the
 * name (the HTTP handler renames a reset socket `TimeoutError` but keeps `code: ECONNRESET`).
 */
export function describeLocalFailure(error: unknown): LocalFailure {
	const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<
		string,
		unknown
	>;
	const raw = typeof fields.message === 'string' ? fields.message : String(error);
	const noteAt = raw.indexOf(DESERIALIZATION_NOTE);
	const unreadable = noteAt >= 0;
	const message = boundText(unreadable ? withoutNote(raw, noteAt) : raw);
	const name = typeof fields.name === 'string' ? fields.name : undefined;
	const members = Array.isArray(fields.errors) ? (fields.errors as unknown[]) : [];
	const memberCode = (members[0] as { code?: unknown } | undefined)?.code;
	const code =
		(typeof fields.code === 'string' && fields.code) ||
		(typeof memberCode === 'string' && memberCode) ||
		(name && !GENERIC_NAMES.has(name) ? name : undefined) ||
		(unreadable ? 'InvalidResponse' : undefined);
	return { code, message: message.trim() ? message : code || 'Unknown error' };
}
