import { logWrapper } from '@n8n/ai-utilities';
import type { ISupplyDataFunctions, SupplyData } from 'n8n-workflow';

import { MAX_CONCURRENCY } from '../shared/items/concurrency';
import type { SupplyContext } from '../shared/supply';
import { bedrockRuntimeSdk } from '../shared/transport/sdk';
import { BedrockEmbeddings, EmbeddingAnswerError, type EmbeddingTransport } from './embeddings';
import { embeddingFamily, SUPPORTED_MODELS, type Truncate } from './families';

/**
 * The embeddings n8n's vector stores call. Credentials and clients come from the shared resolver
 * and client cache (one STS or Roles Anywhere session per credential lifetime), every request goes
 * through the quota limiter, and errors through the advice mapper with the credential's secrets
 * redacted.
 */
export async function supplyData(
	this: ISupplyDataFunctions,
	supply: SupplyContext,
): Promise<SupplyData> {
	const target = supply.modelTarget();
	const family = embeddingFamily(target.modelId);
	if (!family) {
		throw supply.operationError(
			`Bedrock Embeddings cannot tell the request format of "${target.modelId}": it supports ${SUPPORTED_MODELS}. Pick the model or its inference profile from the list, or enter its ID.`,
		);
	}
	const o = supply.options;
	const dimensions = Number(o.dimensions ?? 0) || undefined;
	if (dimensions !== undefined && !family.dimensions.includes(dimensions)) {
		throw supply.operationError(
			family.dimensions.length
				? `${family.name} makes vectors of ${family.dimensions.join(', ')} numbers, not ${dimensions}: change Dimensions`
				: `${family.name} makes vectors of one length: set Dimensions to Model Default`,
		);
	}
	const { InvokeModelCommand } = await bedrockRuntimeSdk();
	const errorContext = {
		modelId: target.modelId,
		region: target.region,
		service: 'bedrock-runtime',
		operation: 'InvokeModel',
	};
	const transport: EmbeddingTransport = {
		open: () => {
			const send = supply.quotaSender();
			return async (body) =>
				await supply.run(async () => {
					const client = await supply.client('bedrockRuntime', target.region);
					const out = await send({ region: target.region, target: target.modelId }, async () =>
						client.send(
							new InvokeModelCommand({
								modelId: target.modelId,
								body: JSON.stringify(body),
								contentType: 'application/json',
								accept: 'application/json',
							}),
							{ abortSignal: supply.signal },
						),
					);
					return JSON.parse(new TextDecoder().decode(out.body)) as Record<string, unknown>;
				});
		},
		concurrency: Math.min(MAX_CONCURRENCY, Math.max(1, Number(o.maxConcurrency ?? 5) || 5)),
		toError: (error) =>
			error instanceof EmbeddingAnswerError || error instanceof SyntaxError
				? supply.operationError(
						`Unexpected answer from ${target.modelId}: ${error instanceof SyntaxError ? 'not JSON' : error.message}`,
					)
				: supply.nodeError(error, errorContext),
	};
	const embeddings = new BedrockEmbeddings(
		family,
		{
			dimensions,
			normalize: o.normalize !== false,
			truncate: (o.truncate as Truncate | undefined) ?? 'END',
		},
		transport,
	);
	return { response: logWrapper(embeddings, this) };
}
