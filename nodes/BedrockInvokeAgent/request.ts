/**
 * Parameter checks for InvokeAgent: everything that can be wrong with the node's input is
 * found here, before any request, and named the way the node's UI names it.
 */
import { randomUUID } from 'node:crypto';

import type {
	InputFile,
	InvocationResultMember,
	InvokeAgentCommandInput,
	KnowledgeBaseConfiguration,
	SessionState,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { IExecuteFunctions } from 'n8n-workflow';

import { ParameterError } from '../shared/errors/parameterError';
import { binaryPropertyNames, formatBytes, readBinary } from '../shared/parameters/binary';
import { readJsonParameter } from '../shared/parameters/json';
import { checkTypedId } from '../shared/parameters/typedIds';

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

/** The Options collection as n8n hands it over. */
export interface AgentOptions {
	enableTrace?: boolean;
	endSession?: boolean;
	files?: string;
	filesUseCase?: string;
	invocationId?: string;
	knowledgeBaseConfigurations?: unknown;
	memoryId?: string;
	promptSessionAttributes?: unknown;
	returnControlResults?: unknown;
	sessionAttributes?: unknown;
	streamFinalResponse?: boolean;
	streamResponse?: boolean;
}

/** Reads the attached files of one item into InvokeAgent's byte-content form. */
async function readFiles(
	ctx: IExecuteFunctions,
	itemIndex: number,
	properties: string,
	useCase: string,
): Promise<InputFile[] | undefined> {
	const names = binaryPropertyNames(properties);
	if (names.length === 0) return undefined;
	if (names.length > MAX_FILES) {
		throw new ParameterError(
			'Files',
			`${names.length} files named; an agent accepts at most ${MAX_FILES} per call`,
		);
	}
	const files: InputFile[] = [];
	let total = 0;
	for (const name of names) {
		const file = await readBinary(ctx, itemIndex, name, MAX_FILE_BYTES);
		total += file.buffer.length;
		if (total > MAX_FILE_BYTES) {
			throw new ParameterError(
				'Files',
				`the files add up to more than ${formatBytes(MAX_FILE_BYTES)}, the most an agent accepts per call`,
				'Attach fewer or smaller files.',
			);
		}
		files.push({
			name: file.fileName || name,
			source: {
				sourceType: 'BYTE_CONTENT',
				byteContent: { mediaType: file.mimeType, data: file.buffer },
			},
			useCase: useCase === 'CHAT' ? 'CHAT' : 'CODE_INTERPRETER',
		});
	}
	return files;
}

/** Builds the InvokeAgent request of one item; every input check happens here, before the call. */
export async function buildRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: AgentOptions,
): Promise<InvokeAgentCommandInput> {
	const agentId = checkTypedId(
		'Agent',
		String(ctx.getNodeParameter('agent', itemIndex, '', { extractValue: true })),
	);
	const agentAliasId = checkTypedId(
		'Agent Alias',
		String(ctx.getNodeParameter('agentAlias', itemIndex, '', { extractValue: true })),
	);
	const sessionParam = String(ctx.getNodeParameter('sessionId', itemIndex, '') ?? '').trim();
	const sessionId = sessionParam ? checkTypedId('Session ID', sessionParam) : randomUUID();
	const memoryId = options.memoryId?.trim()
		? checkTypedId('Memory ID', options.memoryId)
		: undefined;
	const inputText = String(ctx.getNodeParameter('inputText', itemIndex, '') ?? '');

	const results = parseReturnControlResults(options.returnControlResults);
	const sessionState: SessionState = {
		sessionAttributes: parseAttributes('Session Attributes', options.sessionAttributes),
		promptSessionAttributes: parseAttributes(
			'Prompt Session Attributes',
			options.promptSessionAttributes,
		),
		knowledgeBaseConfigurations: parseKnowledgeBaseConfigurations(
			options.knowledgeBaseConfigurations,
		),
		returnControlInvocationResults: results,
		invocationId: options.invocationId?.trim() || undefined,
	};
	if (!inputText.trim() && !results) {
		throw new ParameterError(
			'Input Text',
			'empty',
			'Enter what to say to the agent, or answer its return-control request with the Return Control Results option.',
		);
	}
	sessionState.files = await readFiles(
		ctx,
		itemIndex,
		options.files ?? '',
		options.filesUseCase ?? 'CODE_INTERPRETER',
	);

	const state = Object.fromEntries(Object.entries(sessionState).filter(([, v]) => v !== undefined));
	return {
		agentId,
		agentAliasId,
		sessionId,
		inputText: inputText.trim() ? inputText : undefined,
		// Always: the traces carry the token usage of the agent's model calls. They are returned
		// only with Enable Trace on (readAgentStream's collectTraces).
		enableTrace: true,
		endSession: options.endSession,
		memoryId,
		sessionState: Object.keys(state).length > 0 ? state : undefined,
		streamingConfigurations:
			options.streamFinalResponse === undefined
				? undefined
				: { streamFinalResponse: options.streamFinalResponse },
	};
}
