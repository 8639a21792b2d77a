/**
 * Amazon Bedrock Runtime Converse (`POST /model/{modelId}/converse`) and ConverseStream
 * (`POST /model/{modelId}/converse-stream`, an event stream answer), REST-JSON, signing name
 * `bedrock`. The model is the echo model of {@link answerConverse}.
 */
import type { HandlerContext } from './context';
import { validateConverse, type ConverseInput } from './converse';
import { answerConverse, converseContent, type ModelAnswer } from './converseModel';
import { converseStreamEvents } from './converseStream';
import { checkModalities } from './media';
import { ApiError, jsonResult, type Reply } from './protocol';
import { runtimeModel } from './runtimeModel';
import { streamReply, type StreamReply } from './streaming';

/** The checks and the model run shared by Converse and ConverseStream. */
function run(
	ctx: HandlerContext,
	iamAction: 'bedrock:InvokeModel' | 'bedrock:InvokeModelWithResponseStream',
): { input: ConverseInput; answer: ModelAnswer } {
	const { model } = runtimeModel(ctx, iamAction);
	if (!model.outputModalities.includes('TEXT')) {
		throw new ApiError(
			400,
			'ValidationException',
			"This action doesn't support the model that you provided. Try again with a supported text or chat model.",
		);
	}
	const input = validateConverse(ctx.body);
	checkModalities(input.messages, model.inputModalities);
	const answer = answerConverse(input, {
		state: ctx.state,
		modelId: model.modelId,
		requestId: ctx.requestId,
	});
	ctx.state.quotas.admit(ctx.params.modelId, ctx.region!, answer.usage.totalTokens);
	ctx.call.usage = { ...answer.usage };
	return { input, answer };
}

/** Request fields the answer echoes back (`performanceConfig`, `serviceTier`). */
const echoed = (body: unknown) => {
	const b = body as Record<string, unknown>;
	return {
		...(b.performanceConfig !== undefined ? { performanceConfig: b.performanceConfig } : {}),
		...(b.serviceTier !== undefined ? { serviceTier: b.serviceTier } : {}),
	};
};

/** `POST /model/{modelId}/converse` */
export function converse(ctx: HandlerContext): Reply {
	const { answer } = run(ctx, 'bedrock:InvokeModel');
	return jsonResult({
		output: { message: { role: 'assistant', content: converseContent(answer.blocks) } },
		stopReason: answer.stopReason,
		usage: answer.usage,
		metrics: { latencyMs: answer.latencyMs },
		...echoed(ctx.body),
	});
}

/** `POST /model/{modelId}/converse-stream` */
export function converseStream(ctx: HandlerContext): StreamReply {
	const { answer } = run(ctx, 'bedrock:InvokeModelWithResponseStream');
	return streamReply(converseStreamEvents(answer, echoed(ctx.body)), 'modelStreamErrorException');
}
