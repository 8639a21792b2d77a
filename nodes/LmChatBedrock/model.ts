import type {
	ConverseCommandInput,
	ConverseCommandOutput,
	ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import {
	BaseChatModel,
	type ChatModelConfig,
	type GenerateResult,
	type Message,
	type StreamChunk,
} from '@n8n/ai-node-sdk';

import { rememberReasoning } from './reasoning';
import { buildChatRequest, type BedrockRequestOptions, type InferenceSettings } from './request';
import { toGenerateResult } from './result';
import { readChatStream } from './stream';

/**
 * How the model reaches Bedrock Runtime: the package's shared Converse / ConverseStream
 * clients (credentials from the shared resolver), and the advice mapper for errors.
 */
export interface ConverseTransport {
	converse(input: ConverseCommandInput, signal?: AbortSignal): Promise<ConverseCommandOutput>;
	converseStream(
		input: ConverseCommandInput,
		signal?: AbortSignal,
	): Promise<AsyncIterable<ConverseStreamOutput>>;
	/** The error to throw for what a call (or building its request) threw. */
	toError(error: unknown, operation: 'Converse' | 'ConverseStream'): unknown;
	/** Cancels calls when the execution is cancelled; combined with each call's own signal. */
	executionSignal?: AbortSignal;
}

/**
 * The second argument n8n's LangChain adapter passes is LangChain's call options, not a
 * ChatModelConfig: the abort signal is `signal` there, and `stop` may hold stop sequences.
 */
type CallOptions = ChatModelConfig & { signal?: AbortSignal; stop?: string[] };

/** A Bedrock chat model (Converse API) for n8n's AI Agent, chains and other AI root nodes. */
export class BedrockChatModel extends BaseChatModel<ChatModelConfig> {
	constructor(
		private readonly request: BedrockRequestOptions,
		private readonly transport: ConverseTransport,
		defaults: ChatModelConfig = {},
	) {
		super('amazon-bedrock', request.modelId, defaults);
	}

	async generate(messages: Message[], config?: CallOptions): Promise<GenerateResult> {
		const signal = this.signal(config);
		try {
			const input = this.input(messages, config);
			const response = await this.transport.converse(input, signal);
			rememberReasoning(this.request.recallScope, response.output?.message?.content ?? []);
			return toGenerateResult(response);
		} catch (error) {
			throw signal?.aborted ? error : this.transport.toError(error, 'Converse');
		}
	}

	async *stream(messages: Message[], config?: CallOptions): AsyncIterable<StreamChunk> {
		const signal = this.signal(config);
		try {
			const input = this.input(messages, config);
			yield* readChatStream(await this.transport.converseStream(input, signal), (content) =>
				rememberReasoning(this.request.recallScope, content),
			);
		} catch (error) {
			throw signal?.aborted ? error : this.transport.toError(error, 'ConverseStream');
		}
	}

	private input(messages: Message[], config: CallOptions | undefined): ConverseCommandInput {
		const settings: InferenceSettings = {
			...this.defaultConfig,
			stop: config?.stop,
		};
		for (const key of ['maxTokens', 'temperature', 'topP', 'stopSequences'] as const) {
			if (config?.[key] !== undefined) (settings as Record<string, unknown>)[key] = config[key];
		}
		return buildChatRequest(messages, this.tools, settings, this.request);
	}

	private signal(config: CallOptions | undefined): AbortSignal | undefined {
		const signals = [config?.signal, config?.abortSignal, this.transport.executionSignal].filter(
			(s): s is AbortSignal => s !== undefined,
		);
		return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
	}
}
