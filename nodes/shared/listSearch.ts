import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { getClient } from './clients';
import { secretsOf } from './auth/secrets';
import { describeAwsError, toNodeError } from './errors';
import { getConnection } from './nodeConnection';
import { bedrockSdk } from './transport/sdk';

const MAX_PROFILE_PAGES = 10;

/**
 * Models for the model picker: foundation models and inference profiles (system and application)
 * of the credential's Bedrock region, fetched in parallel. When the role may call only one of
 * the two lists, the other's absence is said in the list instead of failing it.
 */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await getConnection.call(this);
	const bedrock = await getClient('bedrock', connection);
	const { ListFoundationModelsCommand, ListInferenceProfilesCommand } = await bedrockSdk();

	const [models, profiles] = await Promise.allSettled([
		bedrock.send(new ListFoundationModelsCommand({})),
		(async () => {
			const items: INodeListSearchItems[] = [];
			let nextToken: string | undefined;
			for (let page = 0; page < MAX_PROFILE_PAGES; page++) {
				const out = await bedrock.send(
					new ListInferenceProfilesCommand({ maxResults: 1000, nextToken }),
				);
				for (const p of out.inferenceProfileSummaries ?? []) {
					const value = p.type === 'APPLICATION' ? p.inferenceProfileArn : p.inferenceProfileId;
					if (value)
						items.push({
							name: `${p.inferenceProfileName ?? value} (inference profile)`,
							value,
							description: value,
						});
				}
				nextToken = out.nextToken;
				if (!nextToken) break;
			}
			return items;
		})(),
	]);
	if (models.status === 'rejected' && profiles.status === 'rejected') {
		throw toNodeError(this.getNode(), models.reason, {
			region: connection.bedrockRegion,
			service: 'bedrock',
			operation: 'ListFoundationModels',
			secrets: secretsOf(connection),
		});
	}

	const results: INodeListSearchItems[] = [];
	for (const [label, outcome] of [
		['Foundation models', models],
		['Inference profiles', profiles],
	] as const) {
		if (outcome.status === 'rejected') {
			const info = describeAwsError(outcome.reason, {
				region: connection.bedrockRegion,
				secrets: secretsOf(connection),
			});
			results.push({
				name: `${label} not listed: ${info.message}`,
				value: '',
				description: info.advice,
			});
		}
	}
	if (profiles.status === 'fulfilled') results.push(...profiles.value);
	if (models.status === 'fulfilled') {
		for (const m of models.value.modelSummaries ?? []) {
			if (!m.modelId) continue;
			results.push({
				name: `${m.modelName ?? m.modelId} (${m.providerName ?? 'model'})`,
				value: m.modelId,
				description: m.modelId,
			});
		}
	}
	const query = filter?.trim().toLowerCase();
	return {
		results: query
			? results.filter(
					(r) => !r.value || `${r.name} ${String(r.value)}`.toLowerCase().includes(query),
				)
			: results,
	};
}
