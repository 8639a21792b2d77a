import {
	NodeConnectionTypes,
	type IDataObject,
	type ISupplyDataFunctions,
	type SupplyData,
} from 'n8n-workflow';

import {
	checkQuery,
	readRetrievalSettings,
	retrieveInput,
	retrieveOrigin,
	retrieveQuota,
} from '../shared/knowledgeBase/retrieval';
import type { SupplyContext } from '../shared/supply';
import { loggedCall } from '../shared/supply/log';
import { bedrockAgentRuntimeSdk } from '../shared/transport/sdk';
import { toDocument } from './documents';
import { KnowledgeBaseRetriever } from './retriever';

/**
 * The retriever n8n's root node queries. Credentials and clients come from the package's shared
 * resolver and client cache, so every query, item and execution reuses one STS or Roles Anywhere
 * session per credential lifetime; each Retrieve goes through the shared quota limiter.
 */
export async function supplyData(
	this: ISupplyDataFunctions,
	supply: SupplyContext,
): Promise<SupplyData> {
	const region = supply.connection.bedrockRegion;
	let settings;
	try {
		settings = readRetrievalSettings(this, supply.itemIndex, supply.options, supply.connection);
	} catch (error) {
		throw supply.nodeError(error);
	}
	const { RetrieveCommand } = await bedrockAgentRuntimeSdk();

	const retrieve = async (query: string) => {
		try {
			const input = retrieveInput({ ...settings, query: checkQuery(query) });
			const response = await supply.run(async () => {
				const client = await supply.client('bedrockAgentRuntime');
				return await supply.withinQuota(retrieveQuota(region), () =>
					client.send(new RetrieveCommand(input), { abortSignal: supply.signal }),
				);
			});
			return (response.retrievalResults ?? []).map(toDocument);
		} catch (error) {
			throw supply.signal?.aborted ? error : supply.nodeError(error, retrieveOrigin(region));
		}
	};
	const retriever = new KnowledgeBaseRetriever(
		async (query) =>
			await loggedCall(
				this,
				NodeConnectionTypes.AiRetriever,
				{ query },
				async () => await retrieve(query),
				(documents) => ({ response: documents as unknown as IDataObject[] }),
			),
	);
	return { response: retriever };
}
