/**
 * Converse's `requestMetadata`: the pairs Bedrock writes into model invocation logs, where they
 * can be filtered on. Every Converse call of Bedrock Converse and the Chat Model names the n8n
 * workflow, execution and node that made it, plus the pairs the user adds.
 *
 * AWS's limits (Converse API reference; the invocation log filters of the Bedrock API take the
 * same lengths): at most 16 pairs, keys of 1 to 256 and values of 0 to 256 characters. The
 * characters allowed here are those both Converse and the log filters accept (letters, digits,
 * white space and `. _ : / = + $ @ -`), so every pair sent can also be filtered on. The three
 * pairs of n8n are made to fit (other characters become `_`); pairs the user adds that do not
 * fit are refused before any call.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { ParameterError } from '../errors/parameterError';

/** Pairs Converse accepts in one request. */
export const MAX_METADATA_PAIRS = 16;
/** Longest key and value, in characters. */
export const MAX_METADATA_LENGTH = 256;
/** The keys of the pairs every call carries. */
export const METADATA_KEYS = {
	workflowId: 'n8nWorkflowId',
	executionId: 'n8nExecutionId',
	node: 'n8nNode',
} as const;

const FIELD = 'Request Metadata';
/** One allowed character; applied to strings capped at 256 characters only. */
const ALLOWED = /^[\w \t\n\r\f\v.:/=+$@-]*$/;
const NOT_ALLOWED = /[^\w \t\n\r\f\v.:/=+$@-]/g;

/** Where a call comes from: n8n's names for it. */
export interface CallOrigin {
	workflowId?: string;
	executionId?: string;
	nodeName: string;
}

/** Where a node's call comes from, as n8n names it (execute and supply contexts alike). */
export function callOrigin(
	ctx: Pick<IExecuteFunctions, 'getWorkflow' | 'getExecutionId' | 'getNode'>,
): CallOrigin {
	return {
		workflowId: ctx.getWorkflow().id,
		executionId: ctx.getExecutionId(),
		nodeName: ctx.getNode().name,
	};
}

/** A value of n8n's made to fit: capped first, then other characters replaced by `_`. */
function fitted(value: string): string {
	return value.slice(0, MAX_METADATA_LENGTH).replace(NOT_ALLOWED, '_');
}

/** The pairs the user added in the option (`{ pairs: [{ key, value }] }`), as n8n stores them. */
function userPairs(option: unknown): Array<{ key: string; value: string }> {
	const pairs = (option as { pairs?: unknown } | undefined)?.pairs;
	if (!Array.isArray(pairs)) return [];
	return pairs.map((p: { key?: unknown; value?: unknown }) => ({
		key: String(p?.key ?? ''),
		value: String(p?.value ?? ''),
	}));
}

function check(what: 'key' | 'value', text: string, min: number): void {
	if (text.length < min || text.length > MAX_METADATA_LENGTH) {
		throw new ParameterError(
			FIELD,
			`a ${what} of ${text.length} characters`,
			`Keys take 1 to ${MAX_METADATA_LENGTH} characters, values 0 to ${MAX_METADATA_LENGTH}.`,
		);
	}
	if (!ALLOWED.test(text)) {
		throw new ParameterError(
			FIELD,
			`the ${what} "${text.slice(0, 40)}" has a character Bedrock does not accept`,
			'Use letters, digits, spaces and . _ : / = + $ @ - only (what both Converse and the invocation log filters accept).',
		);
	}
}

/**
 * The `requestMetadata` of one call: n8n's three pairs, then the user's.
 *
 * @throws ParameterError for a user pair Bedrock would refuse, a key that repeats or replaces
 * one of n8n's, or more than 16 pairs in all.
 */
export function requestMetadata(origin: CallOrigin, option?: unknown): Record<string, string> {
	const metadata: Record<string, string> = { [METADATA_KEYS.node]: fitted(origin.nodeName) };
	if (origin.workflowId) metadata[METADATA_KEYS.workflowId] = fitted(origin.workflowId);
	if (origin.executionId) metadata[METADATA_KEYS.executionId] = fitted(origin.executionId);
	const reserved = new Set<string>(Object.values(METADATA_KEYS));
	const pairs = userPairs(option);
	if (pairs.length + reserved.size > MAX_METADATA_PAIRS) {
		throw new ParameterError(
			FIELD,
			`${pairs.length} pairs`,
			`Bedrock takes ${MAX_METADATA_PAIRS} pairs per call; n8n's workflow, execution and node use 3, so add at most ${MAX_METADATA_PAIRS - reserved.size}.`,
		);
	}
	for (const { key, value } of pairs) {
		check('key', key, 1);
		check('value', value, 0);
		if (reserved.has(key) || Object.hasOwn(metadata, key)) {
			throw new ParameterError(
				FIELD,
				`the key "${key.slice(0, 40)}" is used twice`,
				`Each key once; ${[...reserved].join(', ')} are n8n's own.`,
			);
		}
		metadata[key] = value;
	}
	return metadata;
}
