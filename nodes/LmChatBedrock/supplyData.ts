import { supplyModel } from '@n8n/ai-node-sdk';
import type { ISupplyDataFunctions, SupplyData } from 'n8n-workflow';

import { estimateTokens } from '../shared/converse/estimate';
import { meteredStream } from '../shared/converse/meteredStream';
import { converseSettings, stopSequences } from '../shared/converse/request';
import { callOrigin, requestMetadata } from '../shared/converse/requestMetadata';
import type { SupplyContext } from '../shared/supply';
import { bedrockRuntimeSdk } from '../shared/transport/sdk';
import { ChatMessageError } from './messages';
import { BedrockChatModel, type ConverseTransport } from './model';

/**
 * The model n8n's AI root nodes call. Credentials and clients come from the package's shared
 * resolver and client cache, so every agent turn, item and execution reuses one STS or Roles
 * Anywhere session per credential lifetime.
 */
export async function supplyData(
	this: ISupplyDataFunctions,
	supply: SupplyContext,
): Promise<SupplyData> {
	const target = supply.modelTarget();
	const o = supply.options;
	let settings, metadata;
	try {
		settings = converseSettings(o, target.modelId);
		metadata = requestMetadata(callOrigin(this), o.requestMetadata);
	} catch (error) {
		throw supply.nodeError(error);
	}
	const { ConverseCommand, ConverseStreamCommand } = await bedrockRuntimeSdk();
	const client = async () => await supply.client('bedrockRuntime', target.region);
	// The agent calls the model outside any item loop: each call runs in the item loop's scope,
	// through the same quota limiter as the action nodes' calls to the model.
	const quota = (input: Parameters<typeof estimateTokens>[0]) => ({
		region: target.region,
		target: target.modelId,
		estimatedTokens: estimateTokens(input),
	});
	const transport: ConverseTransport = {
		converse: async (input, abortSignal) =>
			await supply.run(
				async () =>
					await supply.withinQuota(
						{ ...quota(input), tokensUsed: (answer) => answer.usage?.totalTokens },
						async () => await (await client()).send(new ConverseCommand(input), { abortSignal }),
					),
			),
		converseStream: async (input, abortSignal) =>
			await supply.run(
				async () =>
					(
						await supply.withinQuota(
							{ ...quota(input), tokensUsed: (answer) => answer.tokens },
							async () =>
								meteredStream(
									(await (await client()).send(new ConverseStreamCommand(input), { abortSignal }))
										.stream!,
								),
						)
					).stream,
			),
		toError: (error, operation) =>
			error instanceof ChatMessageError
				? supply.operationError(error.message)
				: supply.nodeError(error, {
						modelId: target.modelId,
						region: target.region,
						service: 'bedrock-runtime',
						operation,
					}),
		executionSignal: supply.signal,
	};
	// Reasoning kept for n8n's Agent stays within this execution and model (reasoning.ts).
	const recallScope = `${this.getExecutionId?.() ?? ''}\n${target.modelId}`;
	const model = new BedrockChatModel(
		{ modelId: target.modelId, settings, recallScope, requestMetadata: metadata },
		transport,
		{
			maxTokens: o.maxTokens as number | undefined,
			temperature: o.temperature as number | undefined,
			topP: o.topP as number | undefined,
			stopSequences: stopSequences(o.stopSequences),
		},
	);
	return supplyModel(this, model);
}
