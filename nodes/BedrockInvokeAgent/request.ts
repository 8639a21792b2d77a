/**
 * Parameter checks for InvokeAgent: everything that can be wrong with the node's input is
 * found here, before any request, and named the way the node's UI names it.
 */
import type {
	InvocationResultMember,
	KnowledgeBaseConfiguration,
} from '@aws-sdk/client-bedrock-agent-runtime';

import { ParameterError } from '../shared/errors/parameterError';
import { readJsonParameter } from '../shared/parameters/json';

/** At most this many files per call, this many bytes in all (ByteContentFile). */
export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** A `json` parameter: n8n gives a string, or already a value when it came from an expression. */
function parseJson(field: string, value: unknown): unknown {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') return value;
	if (!value.trim()) return undefined;
	const read = readJsonParameter(value);
	if ('problem' in read) throw new ParameterError(field, `not valid JSON (${read.problem})`);
	return read.value;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON object of attribute names and values; values that are not text are sent as their JSON.
 * Undefined when empty.
 */
export function parseAttributes(field: string, value: unknown): Record<string, string> | undefined {
	const parsed = parseJson(field, value);
	if (parsed === undefined) return undefined;
	if (!isObject(parsed)) {
		throw new ParameterError(field, 'expected a JSON object such as {"name": "value"}');
	}
	const entries = Object.entries(parsed).map(
		([key, v]) => [key, typeof v === 'string' ? v : JSON.stringify(v)] as const,
	);
	return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function parseArray(
	field: string,
	value: unknown,
	example: string,
): Record<string, unknown>[] | undefined {
	let parsed = parseJson(field, value);
	if (parsed === undefined) return undefined;
	if (isObject(parsed)) parsed = [parsed];
	if (!Array.isArray(parsed) || !parsed.every(isObject)) {
		throw new ParameterError(field, `expected a JSON array of objects such as ${example}`);
	}
	return parsed.length > 0 ? parsed : undefined;
}

export function parseKnowledgeBaseConfigurations(
	value: unknown,
): KnowledgeBaseConfiguration[] | undefined {
	const field = 'Knowledge Base Configurations';
	const list = parseArray(
		field,
		value,
		'[{"knowledgeBaseId": "KB12345678", "retrievalConfiguration": {…}}]',
	);
	list?.forEach((entry, i) => {
		if (typeof entry.knowledgeBaseId !== 'string' || !isObject(entry.retrievalConfiguration)) {
			throw new ParameterError(
				field,
				`entry ${i + 1} needs "knowledgeBaseId" and "retrievalConfiguration"`,
			);
		}
	});
	return list as KnowledgeBaseConfiguration[] | undefined;
}

/**
 * The results of a return-control request, as an array of `{ apiResult }` / `{ functionResult }`
 * (a single object is taken as a one-element array).
 */
export function parseReturnControlResults(value: unknown): InvocationResultMember[] | undefined {
	const field = 'Return Control Results';
	const list = parseArray(
		field,
		value,
		'[{"functionResult": {"actionGroup": "…", "function": "…", "responseBody": {…}}}]',
	);
	list?.forEach((entry, i) => {
		if (!isObject(entry.apiResult) && !isObject(entry.functionResult)) {
			throw new ParameterError(field, `entry ${i + 1} needs "apiResult" or "functionResult"`);
		}
	});
	return list as InvocationResultMember[] | undefined;
}
