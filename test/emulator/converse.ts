/**
 * The Converse request checks Bedrock Runtime makes before a model runs, and the emulator's
 * deterministic "model": it echoes the last user text and counts words as tokens.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
import { checkMediaBlock, describeMedia } from './media';
import { ApiError } from './protocol';
import { checkRequestMetadata } from './requestMetadata';

const CONTENT_BLOCKS = [
	'text',
	'image',
	'document',
	'video',
	'audio',
	'toolUse',
	'toolResult',
	'guardContent',
	'cachePoint',
	'reasoningContent',
	'citationsContent',
	'searchResult',
];
const SYSTEM_BLOCKS = ['text', 'guardContent', 'cachePoint'];

type Json = Record<string, unknown>;

export interface ConverseMessage {
	role: 'user' | 'assistant';
	content: Json[];
}

export interface ConverseInput {
	messages: ConverseMessage[];
	system: Json[];
	maxTokens?: number;
	stopSequences: string[];
	/** The request's `toolConfig`, `additionalModelRequestFields` and `outputConfig`, as sent. */
	toolConfig?: Json;
	additionalModelRequestFields?: Json;
	outputConfig?: Json;
}

const validation = (message: string) => new ApiError(400, 'ValidationException', message);

/** One constraint violation in the words of AWS's generated validation. */
const constraint = (value: unknown, field: string, rule: string) =>
	validation(
		`1 validation error detected: Value ${value === undefined ? 'null' : `'${typeof value === 'object' ? JSON.stringify(value) : String(value)}'`} ` +
			`at '${field}' failed to satisfy constraint: ${rule}`,
	);

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);
const isBlank = (v: unknown) => typeof v !== 'string' || v.trim().length === 0;

function checkBlock(block: unknown, where: string, allowed: string[], kind: string): Json {
	if (!isObject(block)) throw validation(`The ${kind} object at ${where} must be an object.`);
	const keys = Object.keys(block);
	if (keys.length !== 1) {
		throw validation(
			`The ${kind} object at ${where} must set exactly one member, it sets ${keys.length}.`,
		);
	}
	const [key] = keys;
	if (!allowed.includes(key)) {
		throw validation(`The ${kind} object at ${where} has an unsupported type '${key}'.`);
	}
	if (key === 'text' && isBlank(block.text)) {
		throw validation(
			`The text field in the ${kind} object at ${where} is blank. Add text to the text field, and try again.`,
		);
	}
	if (key === 'image' || key === 'document' || key === 'video') {
		checkMediaBlock(key, block[key], where);
	}
	return block;
}

function checkUnitNumber(config: Json, name: string): void {
	const value = config[name];
	if (value === undefined) return;
	const field = `inferenceConfig.${name}`;
	if (typeof value !== 'number' || Number.isNaN(value))
		throw constraint(value, field, 'Member must be a number');
	if (value < 0)
		throw constraint(value, field, 'Member must have value greater than or equal to 0');
	if (value > 1) throw constraint(value, field, 'Member must have value less than or equal to 1');
}

/** Validates a Converse body like the service does; throws ValidationException otherwise. */
export function validateConverse(body: unknown): ConverseInput {
	if (!isObject(body)) {
		throw new ApiError(400, 'SerializationException', 'Request body is not a JSON object');
	}
	const messages = body.messages;
	if (messages === undefined) throw constraint(undefined, 'messages', 'Member must not be null');
	if (!Array.isArray(messages)) throw constraint(messages, 'messages', 'Member must be a list');
	if (messages.length === 0) {
		throw constraint('[]', 'messages', 'Member must have length greater than or equal to 1');
	}
	messages.forEach((m: unknown, i) => {
		const role = isObject(m) ? m.role : undefined;
		if (role !== 'user' && role !== 'assistant') {
			throw constraint(
				role,
				`messages.${i + 1}.member.role`,
				'Member must satisfy enum value set: [user, assistant]',
			);
		}
	});
	const typed = messages as ConverseMessage[];
	if (typed[0].role !== 'user') {
		throw validation(
			'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
		);
	}
	for (let i = 1; i < typed.length; i++) {
		if (typed[i].role === typed[i - 1].role) {
			throw validation(
				'A conversation must alternate between user and assistant roles. ' +
					'Make sure the conversation alternates between user and assistant roles and try again.',
			);
		}
	}
	typed.forEach((m, i) => {
		if (!Array.isArray(m.content) || m.content.length === 0) {
			throw validation(
				`The content field in the Message object at messages.${i} is empty. ` +
					'Add a ContentBlock object to the content field and try again.',
			);
		}
		m.content.forEach((block, j) =>
			checkBlock(block, `messages.${i}.content.${j}`, CONTENT_BLOCKS, 'ContentBlock'),
		);
	});

	const system = body.system ?? [];
	if (!Array.isArray(system)) throw constraint(system, 'system', 'Member must be a list');
	system.forEach((block: unknown, i) =>
		checkBlock(block, `system.${i}`, SYSTEM_BLOCKS, 'SystemContentBlock'),
	);

	const config = body.inferenceConfig ?? {};
	if (!isObject(config)) throw constraint(config, 'inferenceConfig', 'Member must be a structure');
	const maxTokens = config.maxTokens;
	if (maxTokens !== undefined) {
		if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) {
			throw constraint(maxTokens, 'inferenceConfig.maxTokens', 'Member must be an integer');
		}
		if (maxTokens < 1) {
			throw constraint(
				maxTokens,
				'inferenceConfig.maxTokens',
				'Member must have value greater than or equal to 1',
			);
		}
	}
	checkUnitNumber(config, 'temperature');
	checkUnitNumber(config, 'topP');
	const stops = config.stopSequences ?? [];
	if (!Array.isArray(stops) || stops.some((s) => typeof s !== 'string' || s.length === 0)) {
		throw constraint(
			stops,
			'inferenceConfig.stopSequences',
			'Member must be a list of non-empty strings',
		);
	}
	if (stops.length > 4) {
		throw constraint(
			stops.length,
			'inferenceConfig.stopSequences',
			'Member must have length less than or equal to 4',
		);
	}
	checkRequestMetadata(body.requestMetadata);
	const optional = (name: string): Json | undefined => {
		const value = body[name];
		if (value === undefined) return undefined;
		if (!isObject(value)) throw constraint(value, name, 'Member must be a structure');
		return value;
	};
	return {
		messages: typed,
		system: system as Json[],
		maxTokens: maxTokens as number | undefined,
		stopSequences: stops as string[],
		toolConfig: optional('toolConfig'),
		additionalModelRequestFields: optional('additionalModelRequestFields'),
		outputConfig: optional('outputConfig'),
	};
}

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w.length > 0);

/** How a tool result reads in the echo: `[toolResult <id>: <text or JSON>]`. */
function toolResultText(result: Json): string {
	const parts = Array.isArray(result.content) ? (result.content as Json[]) : [];
	const text = parts
		.map((p) =>
			typeof p.text === 'string'
				? p.text
				: p.json !== undefined
					? JSON.stringify(p.json)
					: (describeMedia(p) ?? `[${Object.keys(p)[0]}]`),
		)
		.join(' ');
	const status = typeof result.status === 'string' ? ` (${result.status})` : '';
	return `[toolResult ${String(result.toolUseId)}${status}: ${text}]`;
}

/** How a content block reads in the echo; empty for blocks the echo leaves out. */
export function blockText(block: Json): string {
	if (typeof block.text === 'string') return block.text;
	const media = describeMedia(block);
	if (media) return media;
	if (isObject(block.toolResult)) return toolResultText(block.toolResult);
	if (isObject(block.toolUse)) return `[toolUse ${String(block.toolUse.name)}]`;
	if (isObject(block.guardContent) && isObject(block.guardContent.text)) {
		return String(block.guardContent.text.text);
	}
	if ('cachePoint' in block || 'reasoningContent' in block) return '';
	return `[${Object.keys(block)[0]}]`;
}

/** The emulator's deterministic model: `Echo: <last user text>`, words counted as tokens. */
export function converseAnswer(input: ConverseInput): {
	text: string;
	stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence';
	inputTokens: number;
	outputTokens: number;
} {
	const promptWords =
		input.system.reduce((n, b) => n + (typeof b.text === 'string' ? words(b.text).length : 0), 0) +
		input.messages.reduce(
			(n, m) => n + m.content.reduce((k, b) => k + words(blockText(b)).length, 0),
			0,
		);
	const lastUser = [...input.messages].reverse().find((m) => m.role === 'user')!;
	let text = `Echo: ${lastUser.content
		.map(blockText)
		.filter((t) => t.length > 0)
		.join(' ')}`;
	let stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence' = 'end_turn';
	for (const stop of input.stopSequences) {
		const at = text.indexOf(stop);
		if (at >= 0) {
			text = text.slice(0, at);
			stopReason = 'stop_sequence';
		}
	}
	if (input.maxTokens !== undefined && words(text).length > input.maxTokens) {
		text = words(text).slice(0, input.maxTokens).join(' ');
		stopReason = 'max_tokens';
	}
	return {
		text,
		stopReason,
		inputTokens: Math.max(1, promptWords),
		outputTokens: words(text).length,
	};
}
