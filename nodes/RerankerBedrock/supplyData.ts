import { logWrapper } from '@n8n/ai-utilities';
import type { ISupplyDataFunctions, SupplyData } from 'n8n-workflow';

import { foundationModelArn } from '../shared/knowledgeBase/retrievalConfiguration';
import type { SupplyContext } from '../shared/supply';
import { bedrockAgentRuntimeSdk } from '../shared/transport/sdk';
import { BedrockReranker, type RerankTransport } from './reranker';
import { MODEL_IDS } from './description';

/**
 * The reranker n8n's vector stores call ("Rerank Results"). Credentials and clients come from
 * the shared resolver and client cache, the request goes through the quota limiter of the
 * reranking model, errors through the advice mapper with the credential's secrets redacted.
 */
export async function supplyData(
	this: ISupplyDataFunctions,
	supply: SupplyContext,
): Promise<SupplyData> {
	const modelId = String(this.getNodeParameter('rerankingModel', supply.itemIndex, ''));
	if (!MODEL_IDS.includes(modelId)) {
		throw supply.operationError(`Reranking Model "${modelId.slice(0, 100)}" is not offered`);
	}
	const topN = Number(this.getNodeParameter('topN', supply.itemIndex, 3));
	if (!Number.isInteger(topN) || topN < 1 || topN > 1000) {
		throw supply.operationError('Number of Results must be a whole number from 1 to 1000');
	}
	const { connection } = supply;
	const region = connection.bedrockRegion;
	const { RerankCommand } = await bedrockAgentRuntimeSdk();
	const transport: RerankTransport = {
		open: () => {
			const send = supply.quotaSender();
			return async (input) =>
				await supply.run(async () => {
					const client = await supply.client('bedrockAgentRuntime', region);
					return await send(
						{ region, target: modelId },
						async () => await client.send(new RerankCommand(input), { abortSignal: supply.signal }),
					);
				});
		},
		toError: (error) =>
			supply.nodeError(error, {
				modelId,
				region,
				service: 'bedrock-agent-runtime',
				operation: 'Rerank',
			}),
	};
	const reranker = new BedrockReranker(
		{ modelArn: foundationModelArn(connection.partition, region, modelId), topN },
		transport,
	);
	return { response: logWrapper(reranker, this) };
}
