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
 * - with thinking / reasoning asked for in `additionalModelRequestFields`, a reasoning block
 *   (`reasoningText: { text, signature }`) comes first;
 * - `cachePoint` blocks make the words before the last one cached: written the first time a
 *   prefix is seen by this emulator (`cacheWriteInputTokens`), read afterwards
 *   (`cacheReadInputTokens`), and no longer counted in `inputTokens`.
 */
import { createHash, randomBytes } from 'node:crypto';

import { blockText, converseAnswer, type ConverseInput } from './converse';
import { agentTurn } from './agentModel';
import { contextAnswer } from './contextAnswer';
import { readOutputSchema, readTools, valueForSchema, wantsReasoning } from './converseFeatures';
import type { EmulatorState } from './state';

type Json = Record<string, unknown>;

/** One block of the model's answer. */
export type AnswerBlock =
	| { kind: 'reasoning'; text: string; signature: string }
	| { kind: 'text'; text: string }
	| { kind: 'toolUse'; toolUseId: string; name: string; input: Json };

/** Token usage as Converse reports it. */
export interface TokenUsage {
	inputTokens: number;
	outputTokens: number;
	totalTokens: number;
	cacheReadInputTokens?: number;
	cacheWriteInputTokens?: number;
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

/** Prompt prefixes seen per emulator (the state object), for cache reads. */
const seenPrefixes = new WeakMap<object, Set<string>>();

/** Words before the last cachePoint, and whether that prefix was cached before. */
function cacheUsage(
	input: ConverseInput,
	scope: { state: object; modelId: string },
): { cached: number; read: boolean } | undefined {
	let counted = 0;
	let cached: number | undefined;
	const prefix: unknown[] = [];
	let cachedPrefix = '';
	const visit = (block: Json) => {
		if ('cachePoint' in block) {
			cached = counted;
			cachedPrefix = JSON.stringify(prefix);
			return;
		}
		counted += words(blockText(block));
		prefix.push(block);
	};
	input.system.forEach(visit);
	for (const message of input.messages) message.content.forEach(visit);
	const toolCachePoint = (input.toolConfig?.tools as Json[] | undefined)?.some(
		(t) => 'cachePoint' in t,
	);
	if (cached === undefined && !toolCachePoint) return undefined;
	const key = createHash('sha256')
		.update(`${scope.modelId}\n${JSON.stringify(input.toolConfig ?? null)}\n${cachedPrefix}`)
		.digest('hex');
	let seen = seenPrefixes.get(scope.state);
	if (!seen) seenPrefixes.set(scope.state, (seen = new Set()));
	const read = seen.has(key);
	seen.add(key);
	return { cached: cached ?? 0, read };
}

/** Forgets the prompt prefixes an emulator cached (its next cache points write again). */
export const forgetPromptCache = (state: object): void => {
	seenPrefixes.delete(state);
};

const toolUseId = () => `tooluse_${randomBytes(16).toString('base64url').slice(0, 22)}`;

/** Runs the model on a validated Converse request. */
export function answerConverse(
	input: ConverseInput,
	scope: { state: object; modelId: string; requestId?: string },
): ModelAnswer {
	const tools = readTools(input);
	const schema = readOutputSchema(input);
	const echo = converseAnswer(input);
	const userText = lastUserText(input);
	const blocks: AnswerBlock[] = [];
	let stopReason: string = echo.stopReason;

	if (wantsReasoning(input)) {
		const text = `The user wrote "${userText}". The answer is an echo of it.`;
		blocks.push({
			kind: 'reasoning',
			text,
			signature: createHash('sha256').update(text).digest('base64'),
		});
	}
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
		(n, b) => n + words(b.kind === 'toolUse' ? JSON.stringify(b.input) : b.text),
		0,
	);
	const cache = cacheUsage(input, scope);
	const cached = cache ? Math.min(cache.cached, echo.inputTokens) : 0;
	const usage: TokenUsage = {
		inputTokens: Math.max(1, echo.inputTokens - cached),
		outputTokens,
		totalTokens: 0,
	};
	if (cache) {
		usage.cacheReadInputTokens = cache.read ? cached : 0;
		usage.cacheWriteInputTokens = cache.read ? 0 : cached;
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
				return { reasoningContent: { reasoningText: { text: b.text, signature: b.signature } } };
			case 'toolUse':
				return { toolUse: { toolUseId: b.toolUseId, name: b.name, input: b.input } };
			case 'text':
				return { text: b.text };
		}
	});
