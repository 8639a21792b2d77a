/**
 * The emulator's deterministic chat model behind Converse and ConverseStream, built on the echo
 * of {@link converseAnswer}:
 * - with `toolConfig`, when the last user text contains "use tool" (or `toolChoice` is `any` or
 *   names a tool), it calls the first (or named) tool with input `{"echo": <last user text>}`
 *   and stops with `tool_use`;
 * - for agents, the rule of {@link agentTurn}: a calculator tool asked for arithmetic (one call
 *   per expression), then an answer built from the tool results (logged in the state);
 * - with a JSON schema in `outputConfig.textFormat`, it answers JSON text fitting the schema;
 * - with retrieved context in the system prompt (n8n's Question and Answer Chain), it quotes the
 *   passage that best matches the question ({@link contextAnswer});
 * - reasoning per model family (converseReasoning.ts): a reasoning block comes first where the
 *   request asks for it or the model always reasons, and replayed reasoning is checked;
 * - `cachePoint` blocks read and write the prompt cache (promptCache.ts); cached tokens are no
 *   longer counted in `inputTokens`.
 */
import { randomBytes } from 'node:crypto';

import { converseAnswer, type ConverseInput } from './converse';
import { agentTurn } from './agentModel';
import { contextAnswer } from './contextAnswer';
import { readOutputSchema, readTools, valueForSchema } from './converseFeatures';
import {
	checkReplayedReasoning,
	readReasoning,
	reasoningBlock,
	type ReasoningBlock,
} from './converseReasoning';
import { usePromptCache, type CacheUsage } from './promptCache';
import type { EmulatorState } from './state';

type Json = Record<string, unknown>;

/** One block of the model's answer. */
export type AnswerBlock =
	| ReasoningBlock
	| { kind: 'text'; text: string }
	| { kind: 'toolUse'; toolUseId: string; name: string; input: Json };

/** Token usage as Converse reports it. */
export interface TokenUsage {
	inputTokens: number;
	outputTokens: number;
	totalTokens: number;
	cacheReadInputTokens?: number;
	cacheWriteInputTokens?: number;
	cacheDetails?: CacheUsage['cacheDetails'];
}

export interface ModelAnswer {
	blocks: AnswerBlock[];
	stopReason: string;
	usage: TokenUsage;
	latencyMs: number;
}

const words = (text: string): number => text.split(/\s+/).filter((w) => w.length > 0).length;

/** The plain text of the last user message (text blocks only). */
export function lastUserText(input: ConverseInput): string {
	const lastUser = [...input.messages].reverse().find((m) => m.role === 'user');
	return (lastUser?.content ?? [])
		.filter((b) => typeof b.text === 'string')
		.map((b) => b.text as string)
		.join(' ');
}

const toolUseId = () => `tooluse_${randomBytes(16).toString('base64url').slice(0, 22)}`;

/** Runs the model on a validated Converse request. */
export function answerConverse(
	input: ConverseInput,
	scope: { state: object; modelId: string; requestId?: string },
): ModelAnswer {
	const tools = readTools(input);
	const schema = readOutputSchema(input);
	const reasoning = readReasoning(input, scope.modelId);
	if (reasoning.thinking) checkReplayedReasoning(input, scope.state, tools?.choice.kind);
	const clock = (scope.state as Partial<EmulatorState>).now?.().getTime();
	const cache = usePromptCache(input, scope, clock);
	const echo = converseAnswer(input);
	const userText = lastUserText(input);
	const blocks: AnswerBlock[] = [];
	let stopReason: string = echo.stopReason;

	if (reasoning.reasons) blocks.push(reasoningBlock(reasoning, userText, scope.state));
	const forced = tools && tools.choice.kind !== 'auto';
	const asked = /use tool/i.test(userText);
	const log = (scope.state as Partial<EmulatorState>).toolRoundTrips;
	const requestId = scope.requestId ?? 'unknown';
	const agent = log ? agentTurn(input, tools, log, requestId) : undefined;
	if (agent?.kind === 'toolUse') {
		for (const call of agent.calls) {
			const id = toolUseId();
			blocks.push({ kind: 'toolUse', toolUseId: id, name: call.name, input: call.input });
			log!.push({ toolUseId: id, name: call.name, input: call.input, requestedIn: requestId });
		}
		stopReason = 'tool_use';
	} else if (agent?.kind === 'answer') {
		blocks.push({ kind: 'text', text: agent.text });
		stopReason = 'end_turn';
	} else if (tools && tools.names.length > 0 && (forced || asked)) {
		const name = tools.choice.kind === 'tool' ? tools.choice.name : tools.names[0];
		blocks.push({ kind: 'toolUse', toolUseId: toolUseId(), name, input: { echo: userText } });
		stopReason = 'tool_use';
	} else if (schema) {
		const value = valueForSchema(schema, userText || echo.text, words(userText));
		blocks.push({ kind: 'text', text: JSON.stringify(value) });
		stopReason = 'end_turn';
	} else {
		blocks.push({ kind: 'text', text: contextAnswer(input, userText) ?? echo.text });
	}

	const outputTokens = blocks.reduce(
		(n, b) =>
			n +
			words(
				b.kind === 'toolUse'
					? JSON.stringify(b.input)
					: b.kind === 'redactedReasoning'
						? b.data
						: b.text,
			),
		0,
	);
	const cached = cache ? Math.min(cache.cachedTokens, echo.inputTokens) : 0;
	const usage: TokenUsage = {
		inputTokens: Math.max(1, echo.inputTokens - cached),
		outputTokens,
		totalTokens: 0,
	};
	if (cache) {
		usage.cacheReadInputTokens = cache.cacheReadInputTokens;
		usage.cacheWriteInputTokens = cache.cacheWriteInputTokens;
		if (cache.cacheDetails) usage.cacheDetails = cache.cacheDetails;
	}
	usage.totalTokens =
		usage.inputTokens +
		usage.outputTokens +
		(usage.cacheReadInputTokens ?? 0) +
		(usage.cacheWriteInputTokens ?? 0);
	return { blocks, stopReason, usage, latencyMs: 100 + 10 * outputTokens };
}

/** The answer's blocks as Converse `output.message.content`. */
export const converseContent = (blocks: AnswerBlock[]): Json[] =>
	blocks.map((b) => {
		switch (b.kind) {
			case 'reasoning':
				return {
					reasoningContent: {
						reasoningText: { text: b.text, ...(b.signature ? { signature: b.signature } : {}) },
					},
				};
			case 'redactedReasoning':
				return {
					reasoningContent: { redactedContent: Buffer.from(b.data).toString('base64') },
				};
			case 'toolUse':
				return { toolUse: { toolUseId: b.toolUseId, name: b.name, input: b.input } };
			case 'text':
				return { text: b.text };
		}
	});
