import type {
	ContentBlock,
	ConverseCommandInput,
	Message,
	SystemContentBlock,
	Tool,
	ToolChoice,
} from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject } from 'n8n-workflow';

import {
	applySettings,
	converseSettings,
	stopSequences,
	TOOL_NAME,
	TOOL_NAME_RULE,
} from '../shared/converse/request';
import { ParameterError } from '../shared/errors/parameterError';
import { readJsonParameter } from '../shared/parameters/json';

import { formatBytes } from '../shared/parameters/binary';
import { ATTACHMENT_LIMITS } from '../shared/converse/media';

export interface ConverseParameters {
	modelId: string;
	systemPrompt: string;
	/** The single prompt (Prompt input) or the conversation (Messages input). */
	input: { prompt: string } | { messages: unknown };
	attachments: ContentBlock[];
	options: IDataObject;
}

/**
 * Most text one request may carry (system prompt, prompt and message texts), in UTF-8 bytes:
 * the InvokeModel body limit of the Amazon Bedrock API reference (25,000,000 bytes). Converse
 * turns its input into such a body for the model, so more text can never reach one; it is also
 * millions of tokens, far past any context window.
 */
export const MAX_TEXT_BYTES = 25_000_000;

/**
 * Most messages in one conversation. Bedrock documents no count (Anthropic's own API takes up
 * to 100,000); 1,000 is far past a real conversation (each message would average under 200
 * tokens of a 200,000-token context window) and stops a mis-wired expression, such as every
 * item's history merged into one, before a request is built or tokens are spent.
 */
export const MAX_MESSAGES = 1000;

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** Adds up the text of a request, refusing it as soon as it passes {@link MAX_TEXT_BYTES}. */
class TextBudget {
	private bytes = 0;

	add(parameter: string, text: unknown): void {
		if (typeof text !== 'string' || text === '') return;
		this.bytes += Buffer.byteLength(text, 'utf8');
		if (this.bytes > MAX_TEXT_BYTES) {
			throw new ParameterError(
				parameter,
				`brings the text of the request to ${megabytes(this.bytes)}; one Bedrock request takes at most ${megabytes(MAX_TEXT_BYTES)} of text. Split the text over several items, or summarise it in parts`,
			);
		}
	}
}

const BYTES_BLOCKS = ['image', 'document', 'video'] as const;

/** Builds the Converse (or ConverseStream) request from the node's parameters. */
export function buildConverseInput(p: ConverseParameters): ConverseCommandInput {
	const o = p.options;
	const settings = converseSettings(o, p.modelId);
	const budget = new TextBudget();
	budget.add('System Prompt', p.systemPrompt);
	const messages =
		'prompt' in p.input
			? promptMessages(p.input.prompt, budget)
			: conversation(p.input.messages, budget);
	if (p.attachments.length) {
		const last = messages[messages.length - 1];
		if (last.role !== 'user')
			throw new ParameterError(
				'Attachments',
				'the last message must be a user message to carry them',
			);
		last.content = [...(last.content ?? []), ...p.attachments];
	}
	const system: SystemContentBlock[] = p.systemPrompt.trim() ? [{ text: p.systemPrompt }] : [];

	const input: ConverseCommandInput = {
		modelId: p.modelId,
		messages,
		system: system.length ? system : undefined,
		inferenceConfig: {
			maxTokens: o.maxTokens as number | undefined,
			temperature: o.temperature as number | undefined,
			topP: o.topP as number | undefined,
			stopSequences: stopSequences(o.stopSequences),
		},
		toolConfig: toolConfig(o),
		additionalModelRequestFields: additionalFields(o),
	};
	applySettings(input, settings);
	if (o.outputSchema !== undefined) {
		const schema = json('Structured Output Schema', o.outputSchema);
		if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
			throw new ParameterError(
				'Structured Output Schema',
				'must be a JSON schema object, e.g. {"type": "object", "properties": {…}}',
			);
		}
		input.outputConfig = {
			textFormat: {
				type: 'json_schema',
				structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'output' } },
			},
		};
	}
	return input;
}

function promptMessages(prompt: string, budget: TextBudget): Message[] {
	budget.add('Prompt', prompt);
	if (!prompt.trim()) throw new ParameterError('Prompt', 'is empty');
	return [{ role: 'user', content: [{ text: prompt }] }];
}

/** Messages in Converse form; text content may be a plain string, bytes may be base64. */
function conversation(value: unknown, budget: TextBudget): Message[] {
	const parsed = json('Messages', value);
	if (!Array.isArray(parsed) || parsed.length === 0) {
		throw new ParameterError(
			'Messages',
			'must be a non-empty JSON array of {"role": "user" | "assistant", "content": …}',
		);
	}
	if (parsed.length > MAX_MESSAGES) {
		throw new ParameterError(
			'Messages',
			`has ${parsed.length} messages; at most ${MAX_MESSAGES} are sent in one request. Keep the recent part of the conversation, or summarise the older part into one message`,
		);
	}
	return parsed.map((raw, i): Message => {
		const m = raw as { role?: unknown; content?: unknown };
		if (m?.role !== 'user' && m?.role !== 'assistant') {
			throw new ParameterError(
				'Messages',
				`message ${i + 1} has role ${JSON.stringify(m?.role)}; use "user" or "assistant"`,
			);
		}
		if (typeof m.content === 'string') {
			budget.add('Messages', m.content);
			return { role: m.role, content: [{ text: m.content }] };
		}
		if (!Array.isArray(m.content) || m.content.length === 0) {
			throw new ParameterError(
				'Messages',
				`message ${i + 1} needs content: a text or a list of content blocks`,
			);
		}
		return { role: m.role, content: m.content.map((block) => contentBlock(block, i, budget)) };
	});
}

function contentBlock(block: unknown, messageIndex: number, budget: TextBudget): ContentBlock {
	budget.add(
		'Messages',
		typeof block === 'string' ? block : (block as { text?: unknown } | null)?.text,
	);
	if (typeof block === 'string') return { text: block };
	if (typeof block !== 'object' || block === null) {
		throw new ParameterError(
			'Messages',
			`message ${messageIndex + 1} has a content block that is not an object`,
		);
	}
	const copy = { ...(block as IDataObject) };
	for (const kind of BYTES_BLOCKS) {
		const source = (copy[kind] as { source?: { bytes?: unknown } } | undefined)?.source;
		const bytes = source?.bytes;
		const size =
			typeof bytes === 'string'
				? Math.floor((bytes.length * 3) / 4)
				: (bytes as Uint8Array | undefined)?.length;
		if (typeof size === 'number' && size > ATTACHMENT_LIMITS[kind]) {
			throw new ParameterError(
				'Messages',
				`message ${messageIndex + 1} has a ${kind} of ${formatBytes(size)}; Bedrock accepts at most ${formatBytes(ATTACHMENT_LIMITS[kind])} per ${kind}`,
			);
		}
		if (typeof source?.bytes === 'string') {
			copy[kind] = {
				...(copy[kind] as IDataObject),
				source: { ...source, bytes: Buffer.from(source.bytes, 'base64') },
			};
		}
	}
	const redacted = (copy.reasoningContent as { redactedContent?: unknown } | undefined)
		?.redactedContent;
	if (typeof redacted === 'string') {
		copy.reasoningContent = { redactedContent: Buffer.from(redacted, 'base64') };
	}
	return copy as unknown as ContentBlock;
}

function toolConfig(o: IDataObject): ConverseCommandInput['toolConfig'] {
	if (o.tools === undefined) return undefined;
	const parsed = json('Tools', o.tools);
	if (!Array.isArray(parsed))
		throw new ParameterError(
			'Tools',
			'must be a JSON array of {"name", "description", "inputSchema"}',
		);
	if (parsed.length === 0) return undefined;
	const tools: Tool[] = parsed.map((raw, i) => {
		const spec = ((raw as { toolSpec?: unknown }).toolSpec ?? raw) as {
			name?: unknown;
			description?: unknown;
			inputSchema?: unknown;
		};
		if (typeof spec?.name !== 'string' || !TOOL_NAME.test(spec.name)) {
			throw new ParameterError('Tools', `tool ${i + 1} needs a name of ${TOOL_NAME_RULE}`);
		}
		const schema = (spec.inputSchema as { json?: unknown } | undefined)?.json ??
			spec.inputSchema ?? { type: 'object', properties: {} };
		return {
			toolSpec: {
				name: spec.name,
				description: typeof spec.description === 'string' ? spec.description : undefined,
				inputSchema: { json: schema as never },
			},
		};
	});
	return {
		tools,
		toolChoice: toolChoice(o, parsed as Array<{ name?: string; toolSpec?: { name?: string } }>),
	};
}

function toolChoice(
	o: IDataObject,
	tools: Array<{ name?: string; toolSpec?: { name?: string } }>,
): ToolChoice | undefined {
	switch (o.toolChoice) {
		case undefined:
		case 'auto':
			return o.toolChoice ? { auto: {} } : undefined;
		case 'any':
			return { any: {} };
		case 'tool': {
			const name = String(o.toolName ?? '');
			if (!tools.some((t) => (t.toolSpec?.name ?? t.name) === name)) {
				throw new ParameterError('Tool Name', `"${name}" is not one of the tools`);
			}
			return { tool: { name } };
		}
		default:
			throw new ParameterError('Tool Choice', `unknown value ${JSON.stringify(o.toolChoice)}`);
	}
}

function additionalFields(o: IDataObject): ConverseCommandInput['additionalModelRequestFields'] {
	const fields =
		o.additionalModelRequestFields === undefined
			? {}
			: json('Additional Model Request Fields', o.additionalModelRequestFields);
	if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
		throw new ParameterError('Additional Model Request Fields', 'must be a JSON object');
	}
	return Object.keys(fields).length ? (fields as never) : undefined;
}

function json(parameter: string, value: unknown): unknown {
	const read = readJsonParameter(value);
	if ('problem' in read) throw new ParameterError(parameter, `is not valid JSON (${read.problem})`);
	return read.value;
}
