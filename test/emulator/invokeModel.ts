/**
 * Amazon Bedrock Runtime InvokeModel (`POST /model/{modelId}/invoke`) and
 * InvokeModelWithResponseStream (`POST /model/{modelId}/invoke-with-response-stream`): the body
 * is the model family's native JSON, the answer too (whole, or as `chunk` events whose `bytes`
 * are the family's stream JSON). Settings travel in headers: content type and accept,
 * guardrail identifier / version / trace, latency-optimised performance, service tier.
 * References: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html,
 * API_runtime_InvokeModelWithResponseStream.html
 */
import type { HandlerContext } from './context';
import { streamEvent } from './eventStream';
import { readNativeRequest, type NativePrompt } from './nativeRequest';
import { nativeCacheUsage } from './nativeCache';
import { nativeAnswer, nativeBody, nativeStreamChunks, type NativeAnswer } from './nativeResponse';
import { ApiError, type Reply } from './protocol';
import { runtimeModel } from './runtimeModel';
import { streamReply, type StreamReply } from './streaming';

type Json = Record<string, unknown>;

const validation = (message: string) => new ApiError(400, 'ValidationException', message);

const enumError = (field: string, value: string, allowed: string[]) =>
	validation(
		`1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ` +
			`Member must satisfy enum value set: [${allowed.join(', ')}]`,
	);

/** The invocation settings sent in headers. */
interface InvokeSettings {
	guardrailIdentifier?: string;
	guardrailVersion?: string;
	trace?: string;
	performanceConfigLatency?: string;
	serviceTier?: string;
}

/** Media types accepted for the request body and the answer. */
const JSON_TYPES = ['application/json', 'application/octet-stream', '*/*'];

const mediaType = (value: string | undefined) => value?.split(';')[0].trim().toLowerCase();

/** Reads and checks the header settings; `acceptHeader` differs between the two operations. */
function readSettings(ctx: HandlerContext, acceptHeader: string): InvokeSettings {
	const h = ctx.req.headers;
	const contentType = mediaType(h['content-type']);
	if (contentType !== undefined && !JSON_TYPES.includes(contentType)) {
		throw validation(`The provided content type ${contentType} is not supported for this model.`);
	}
	const accept = mediaType(h[acceptHeader]);
	if (accept !== undefined && !JSON_TYPES.includes(accept)) {
		throw validation(`The provided accept type ${accept} is not supported for this model.`);
	}
	const settings: InvokeSettings = {
		guardrailIdentifier: h['x-amzn-bedrock-guardrailidentifier'],
		guardrailVersion: h['x-amzn-bedrock-guardrailversion'],
		trace: h['x-amzn-bedrock-trace'],
		performanceConfigLatency: h['x-amzn-bedrock-performanceconfig-latency'],
		serviceTier: h['x-amzn-bedrock-service-tier'],
	};
	const { trace, performanceConfigLatency: latency, serviceTier: tier } = settings;
	if (trace !== undefined && !['ENABLED', 'DISABLED', 'ENABLED_FULL'].includes(trace)) {
		throw enumError('trace', trace, ['ENABLED', 'DISABLED', 'ENABLED_FULL']);
	}
	if (latency !== undefined && !['standard', 'optimized'].includes(latency)) {
		throw enumError('performanceConfigLatency', latency, ['standard', 'optimized']);
	}
	if (tier !== undefined && !['priority', 'default', 'flex', 'reserved'].includes(tier)) {
		throw enumError('serviceTier', tier, ['priority', 'default', 'flex', 'reserved']);
	}
	const { guardrailIdentifier: id, guardrailVersion: version } = settings;
	if (version !== undefined && id === undefined) {
		throw validation('Guardrail identifier is required when a guardrail version is specified.');
	}
	if (version !== undefined && !/^(([1-9][0-9]{0,7})|(DRAFT))$/.test(version)) {
		throw validation(
			`1 validation error detected: Value '${version}' at 'guardrailVersion' failed to satisfy ` +
				'constraint: Member must satisfy regular expression pattern: (([1-9][0-9]{0,7})|(DRAFT))',
		);
	}
	return settings;
}

/** What a guardrail adds to the answer JSON: its action, and the trace when asked for. */
function guardrailFields(settings: InvokeSettings): Json {
	const id = settings.guardrailIdentifier;
	if (id === undefined) return {};
	const traced = settings.trace === 'ENABLED' || settings.trace === 'ENABLED_FULL';
	return {
		'amazon-bedrock-guardrailAction': 'NONE',
		...(traced
			? { 'amazon-bedrock-trace': { guardrail: { input: { [id]: {} }, outputs: [] } } }
			: {}),
	};
}

/** Answer headers echoing the performance and service tier settings. */
function settingHeaders(settings: InvokeSettings): Record<string, string> {
	return {
		...(settings.performanceConfigLatency
			? { 'X-Amzn-Bedrock-PerformanceConfig-Latency': settings.performanceConfigLatency }
			: {}),
		...(settings.serviceTier ? { 'X-Amzn-Bedrock-Service-Tier': settings.serviceTier } : {}),
	};
}

/** The shared part: model checks, header settings, the native request and the echo answer. */
function prepare(
	ctx: HandlerContext,
	iamAction: 'bedrock:InvokeModel' | 'bedrock:InvokeModelWithResponseStream',
	acceptHeader: string,
): { modelId: string; settings: InvokeSettings; prompt: NativePrompt; answer: NativeAnswer } {
	const { model } = runtimeModel(ctx, iamAction);
	const settings = readSettings(ctx, acceptHeader);
	const prompt = readNativeRequest(model.modelId, ctx.body);
	const answer = nativeAnswer(prompt);
	const cache = nativeCacheUsage(prompt, ctx.body, {
		state: ctx.state,
		modelId: model.modelId,
		now: ctx.state.now().getTime(),
	});
	if (cache) {
		answer.inputTokens = Math.max(1, answer.inputTokens - cache.cachedTokens);
		answer.cache = { read: cache.cacheReadInputTokens, write: cache.cacheWriteInputTokens };
	}
	ctx.call.usage = {
		inputTokens: answer.inputTokens,
		outputTokens: answer.outputTokens,
		...(cache
			? {
					cacheReadInputTokens: cache.cacheReadInputTokens,
					cacheWriteInputTokens: cache.cacheWriteInputTokens,
				}
			: {}),
	};
	ctx.state.quotas.admit(ctx.params.modelId, ctx.region!, answer.inputTokens + answer.outputTokens);
	return { modelId: model.modelId, settings, prompt, answer };
}

/** `POST /model/{modelId}/invoke` */
export function invokeModel(ctx: HandlerContext): Reply {
	const { modelId, settings, prompt, answer } = prepare(ctx, 'bedrock:InvokeModel', 'accept');
	const body = { ...nativeBody(prompt, answer, modelId), ...guardrailFields(settings) };
	return {
		status: 200,
		headers: {
			'content-type': 'application/json',
			'X-Amzn-Bedrock-Input-Token-Count': String(answer.inputTokens),
			'X-Amzn-Bedrock-Output-Token-Count': String(answer.outputTokens),
			'X-Amzn-Bedrock-Invocation-Latency': String(answer.latencyMs),
			...settingHeaders(settings),
		},
		body: JSON.stringify(body),
	};
}

/** `POST /model/{modelId}/invoke-with-response-stream` */
export function invokeModelWithResponseStream(ctx: HandlerContext): StreamReply {
	const { modelId, settings, prompt, answer } = prepare(
		ctx,
		'bedrock:InvokeModelWithResponseStream',
		'x-amzn-bedrock-accept',
	);
	const chunks = nativeStreamChunks(prompt, answer, modelId);
	const lastIndex = chunks.length - 1;
	chunks[lastIndex] = {
		...chunks[lastIndex],
		...guardrailFields(settings),
		'amazon-bedrock-invocationMetrics': {
			inputTokenCount: answer.inputTokens,
			outputTokenCount: answer.outputTokens,
			invocationLatency: answer.latencyMs,
			firstByteLatency: 50,
		},
	};
	const events = chunks.map((chunk) =>
		streamEvent('chunk', { bytes: Buffer.from(JSON.stringify(chunk)).toString('base64') }),
	);
	return streamReply(events, 'modelStreamErrorException', {
		'X-Amzn-Bedrock-Content-Type': 'application/json',
		...settingHeaders(settings),
	});
}
