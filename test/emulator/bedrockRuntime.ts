/**
 * Amazon Bedrock Runtime Converse (`POST /model/{modelId}/converse`, REST-JSON, signing name
 * `bedrock`).
 */
import { checkAllowed } from './access';
import { resolveModel } from './catalog';
import type { HandlerContext } from './context';
import { converseAnswer, validateConverse } from './converse';
import { ApiError, jsonResult, type Reply } from './protocol';

export function converse(ctx: HandlerContext): Reply {
	const region = ctx.region!;
	const modelId = ctx.params.modelId;
	const resolved = resolveModel(modelId, region, ctx.caller!.account);
	if (!resolved.ok) {
		throw resolved.problem === 'not-found'
			? new ApiError(404, 'ResourceNotFoundException', 'Model not found.', modelId)
			: new ApiError(
					400,
					'ValidationException',
					'The provided model identifier is invalid.',
					modelId,
				);
	}
	checkAllowed(ctx, 'bedrock:InvokeModel', resolved.resourceArn);

	const model = resolved.model;
	if (
		resolved.kind === 'foundation-model' &&
		!model.inferenceTypesSupported.includes('ON_DEMAND')
	) {
		throw new ApiError(
			400,
			'ValidationException',
			`Invocation of model ID ${model.modelId} with on-demand throughput isn’t supported. ` +
				'Retry your request with the ID or ARN of an inference profile that contains this model.',
		);
	}
	if (ctx.state.config.modelAccessNotGranted.includes(model.modelId)) {
		throw new ApiError(
			403,
			'AccessDeniedException',
			"You don't have access to the model with the specified model ID.",
			`model access not granted for ${model.modelId}`,
		);
	}
	if (!model.outputModalities.includes('TEXT')) {
		throw new ApiError(
			400,
			'ValidationException',
			"This action doesn't support the model that you provided. Try again with a supported text or chat model.",
		);
	}

	const input = validateConverse(ctx.body);
	const answer = converseAnswer(input);
	return jsonResult({
		output: { message: { role: 'assistant', content: [{ text: answer.text }] } },
		stopReason: answer.stopReason,
		usage: {
			inputTokens: answer.inputTokens,
			outputTokens: answer.outputTokens,
			totalTokens: answer.inputTokens + answer.outputTokens,
		},
		metrics: { latencyMs: 100 + 10 * answer.outputTokens },
	});
}
