/**
 * Reasoning in Converse, per model family, as Bedrock takes and returns it:
 *
 * - Anthropic Claude: `thinking` (`enabled` with `budget_tokens` >= 1024 and below max tokens;
 *   `adaptive` on Claude Opus 4.6 / Sonnet 4.6), `output_config.effort` where the model has
 *   effort. The answer starts with a reasoning block signed by the emulator (or, when the user
 *   asks for "redacted thinking", a `redactedContent` block). With thinking on, the assistant turn
 *   whose tool calls the last user turn answers must start with its reasoning block, and every
 *   replayed reasoning block must be one the emulator gave, unchanged; otherwise Bedrock refuses.
 * - Amazon Nova 2 Lite: `reasoningConfig` (`type`, `maxReasoningEffort`); the reasoning text comes
 *   back as "[REDACTED]".
 * - OpenAI gpt-oss: `reasoning_effort`; reasoning text always comes back.
 * - DeepSeek-R1: takes no setting; reasoning text always comes back.
 *
 * A reasoning field a model does not take is refused, as the model refuses extraneous keys.
 * References: Amazon Bedrock user guide, "Extended thinking", "Adaptive thinking"; Amazon Nova 2
 * user guide, "Extended thinking".
 */
import { createHmac, randomBytes } from 'node:crypto';

import type { ConverseInput } from './converse';
import { ApiError } from './protocol';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);
const modelError = (message: string) =>
	new ApiError(400, 'ValidationException', `The model returned the following errors: ${message}`);

type Family = 'anthropic' | 'nova' | 'openai' | 'deepseek';

interface Rules {
	family: Family;
	budget?: boolean;
	adaptive?: boolean;
	efforts?: string[];
}

/** The emulator's catalog models that reason. */
const RULES: Record<string, Rules> = {
	'anthropic.claude-3-7-sonnet-20250219-v1:0': { family: 'anthropic', budget: true },
	'anthropic.claude-sonnet-4-20250514-v1:0': { family: 'anthropic', budget: true },
	'anthropic.claude-sonnet-4-5-20250929-v1:0': { family: 'anthropic', budget: true },
	'anthropic.claude-opus-4-6-v1': {
		family: 'anthropic',
		budget: true,
		adaptive: true,
		efforts: ['low', 'medium', 'high', 'max'],
	},
	'amazon.nova-2-lite-v1:0': { family: 'nova', efforts: ['low', 'medium', 'high'] },
	'openai.gpt-oss-20b-1:0': { family: 'openai', efforts: ['low', 'medium', 'high'] },
	'deepseek.r1-v1:0': { family: 'deepseek' },
};

/** The fields of `additionalModelRequestFields` that set reasoning, per family. */
const FIELDS: Record<string, Family> = {
	thinking: 'anthropic',
	output_config: 'anthropic',
	reasoningConfig: 'nova',
	reasoning_effort: 'openai',
};

/** What the request asks of reasoning, after the checks. */
export interface ReasoningAsked {
	family?: Family;
	/** Whether the answer starts with a reasoning block. */
	reasons: boolean;
	/** Whether Anthropic thinking is on (replayed reasoning is then checked). */
	thinking: boolean;
}

/** Checks the reasoning fields of a request for the model; what the answer does. */
export function readReasoning(input: ConverseInput, modelId: string): ReasoningAsked {
	const rules = RULES[modelId];
	const fields = input.additionalModelRequestFields ?? {};
	for (const [name, family] of Object.entries(FIELDS)) {
		if (fields[name] === undefined) continue;
		if (rules?.family !== family) {
			throw modelError(`Malformed input request: extraneous key [${name}] is not permitted`);
		}
	}
	if (!rules) return { reasons: false, thinking: false };
	switch (rules.family) {
		case 'anthropic':
			return anthropic(fields, rules, input.maxTokens);
		case 'nova': {
			const config = fields.reasoningConfig;
			if (config === undefined) return { family: 'nova', reasons: false, thinking: false };
			if (!isObject(config) || (config.type !== 'enabled' && config.type !== 'disabled')) {
				throw modelError('reasoningConfig.type: must be one of [enabled, disabled]');
			}
			const effort = config.maxReasoningEffort;
			if (config.type === 'enabled' && !rules.efforts!.includes(String(effort))) {
				throw modelError(
					'reasoningConfig.maxReasoningEffort: must be one of [low, medium, high] when reasoning is enabled',
				);
			}
			return { family: 'nova', reasons: config.type === 'enabled', thinking: false };
		}
		case 'openai': {
			const effort = fields.reasoning_effort;
			if (effort !== undefined && !rules.efforts!.includes(String(effort))) {
				throw modelError(`reasoning_effort: Input should be 'low', 'medium' or 'high'`);
			}
			return { family: 'openai', reasons: true, thinking: false };
		}
		case 'deepseek':
			return { family: 'deepseek', reasons: true, thinking: false };
	}
}

function anthropic(fields: Json, rules: Rules, maxTokens: number | undefined): ReasoningAsked {
	const thinking = fields.thinking;
	let on = false;
	if (thinking !== undefined) {
		if (!isObject(thinking)) throw modelError('thinking: Input should be an object');
		if (thinking.type === 'enabled') {
			if (!rules.budget)
				throw modelError('thinking.type: "enabled" is not supported for this model');
			const budget = thinking.budget_tokens;
			if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1024) {
				throw modelError(
					'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024',
				);
			}
			if (maxTokens !== undefined && budget >= maxTokens) {
				throw modelError(
					'`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size',
				);
			}
			on = true;
		} else if (thinking.type === 'adaptive') {
			if (!rules.adaptive) {
				throw modelError('thinking.type: "adaptive" is not supported for this model');
			}
			on = true;
		} else if (thinking.type !== 'disabled') {
			throw modelError(
				`thinking.type: Input tag '${String(thinking.type)}' found using 'type' does not match any of the expected tags: 'disabled', 'enabled', 'adaptive'`,
			);
		}
	}
	const config = fields.output_config;
	if (config !== undefined) {
		const effort = isObject(config) ? config.effort : undefined;
		if (!rules.efforts) throw modelError('output_config.effort: Extra inputs are not permitted');
		if (!rules.efforts.includes(String(effort))) {
			throw modelError(
				`output_config.effort: Input should be ${rules.efforts.map((e) => `'${e}'`).join(', ')}`,
			);
		}
	}
	return { family: 'anthropic', reasons: on, thinking: on };
}

/** Per emulator (its state object): the key that signs reasoning blocks. */
const keys = new WeakMap<object, Buffer>();
const keyOf = (state: object): Buffer => {
	let key = keys.get(state);
	if (!key) keys.set(state, (key = randomBytes(32)));
	return key;
};

const sign = (state: object, what: string) =>
	createHmac('sha256', keyOf(state)).update(what).digest('base64');

/** One reasoning block of an answer. */
export type ReasoningBlock =
	| { kind: 'reasoning'; text: string; signature?: string }
	| { kind: 'redactedReasoning'; data: string };

/** The reasoning block an answer starts with, for the family. */
export function reasoningBlock(
	asked: ReasoningAsked,
	userText: string,
	state: object,
): ReasoningBlock {
	const text = `The user wrote "${userText}". The answer is an echo of it.`;
	switch (asked.family) {
		case 'anthropic': {
			if (userText.toLowerCase().includes('redacted thinking')) {
				const nonce = randomBytes(12).toString('base64');
				return { kind: 'redactedReasoning', data: `${nonce}.${sign(state, `redacted:${nonce}`)}` };
			}
			return { kind: 'reasoning', text, signature: sign(state, `text:${text}`) };
		}
		case 'nova':
			return { kind: 'reasoning', text: '[REDACTED]' };
		default:
			return { kind: 'reasoning', text };
	}
}

/**
 * With Anthropic thinking on: no forced tool choice; every replayed reasoning block must be one
 * this emulator signed,
 * unchanged, and the assistant turn whose tool calls the last user turn answers must start with
 * its reasoning block.
 */
export function checkReplayedReasoning(
	input: ConverseInput,
	state: object,
	toolChoice: 'auto' | 'any' | 'tool' | undefined,
): void {
	if (toolChoice === 'any' || toolChoice === 'tool') {
		throw modelError('Thinking may not be enabled when tool_choice forces tool use.');
	}
	input.messages.forEach((message, m) => {
		if (message.role !== 'assistant') return;
		message.content.forEach((block, i) => {
			const reasoning = block.reasoningContent;
			if (!isObject(reasoning)) return;
			if (isObject(reasoning.reasoningText)) {
				const { text, signature } = reasoning.reasoningText;
				if (typeof signature !== 'string' || signature !== sign(state, `text:${String(text)}`)) {
					throw modelError(
						`messages.${m}.content.${i}: Invalid \`signature\` in \`thinking\` block`,
					);
				}
			} else if (typeof reasoning.redactedContent === 'string') {
				const data = Buffer.from(reasoning.redactedContent, 'base64').toString('utf8');
				const dot = data.indexOf('.');
				if (dot < 0 || data.slice(dot + 1) !== sign(state, `redacted:${data.slice(0, dot)}`)) {
					throw modelError(
						`messages.${m}.content.${i}: Invalid \`data\` in \`redacted_thinking\` block`,
					);
				}
			}
		});
	});
	const last = input.messages.length - 1;
	const answersTools = input.messages[last].content.some((b) => 'toolResult' in b);
	const previous = input.messages[last - 1];
	if (!answersTools || previous?.role !== 'assistant') return;
	const first = previous.content.find((b) => !('cachePoint' in b));
	if (!first || !('reasoningContent' in first)) {
		const found = first ? Object.keys(first)[0] : 'nothing';
		throw modelError(
			`messages.${last - 1}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${found === 'toolUse' ? 'tool_use' : found}\`. ` +
				'When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). ' +
				'We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. ' +
				'Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking',
		);
	}
}
