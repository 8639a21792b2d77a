/**
 * The model checks every Bedrock Runtime inference call makes before a model runs: resolve the
 * model identifier (model ID or ARN, inference profile ID or ARN), IAM, on-demand support, model
 * access, and streaming support for the streaming operations.
 */
import { checkAllowed } from './access';
import { resolveModel, type CatalogModel } from './catalog';
import type { HandlerContext } from './context';
import { ApiError } from './protocol';

/** The model a runtime call may run, after every check passed. */
export interface RuntimeModel {
	model: CatalogModel;
	kind: 'foundation-model' | 'inference-profile';
	resourceArn: string;
}

/**
 * Resolves `ctx.params.modelId` and checks that the caller may run it with this IAM action
 * (`bedrock:InvokeModel` or `bedrock:InvokeModelWithResponseStream`).
 */
export function runtimeModel(
	ctx: HandlerContext,
	iamAction: 'bedrock:InvokeModel' | 'bedrock:InvokeModelWithResponseStream',
): RuntimeModel {
	const modelId = ctx.params.modelId;
	const resolved = resolveModel(modelId, ctx.region!, ctx.caller!.account);
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
	checkAllowed(ctx, iamAction, resolved.resourceArn);

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
	if (iamAction === 'bedrock:InvokeModelWithResponseStream' && !model.responseStreamingSupported) {
		throw new ApiError(400, 'ValidationException', 'The model is unsupported for streaming.');
	}
	return { model, kind: resolved.kind, resourceArn: resolved.resourceArn };
}
