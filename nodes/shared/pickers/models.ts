import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import type { FoundationModelSummary, InferenceProfileSummary } from '@aws-sdk/client-bedrock';

import { getClient } from '../clients';
import { secretsOf } from '../auth/secrets';
import { describeAwsError } from '../errors';
import { getConnection } from '../parameters/connection';
import { bedrockSdk } from '../transport/sdk';
import { applicationProfileName, modelDisplayName, systemProfileName } from './modelNames';
import { byName, pickerError, readPages, searchResult } from './search';

/** ListInferenceProfiles takes up to 1,000 a page: one page for nearly every account. */
const PROFILE_PAGE_SIZE = 1000;

/** Which models a picker offers. */
export interface ModelPickerScope {
	/**
	 * The output modality a model must have: TEXT for what the Converse API (and a chat model) can
	 * call, EMBEDDING for the Embeddings sub-node; ANY lists every output modality.
	 */
	output: 'TEXT' | 'EMBEDDING' | 'ANY';
}

/**
 * Models for the Converse model picker (and every picker that sends a conversation): models
 * with text output and their inference profiles.
 */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await listModels.call(this, { output: 'TEXT' }, filter);
}

/** Models for Generate's picker: every model InvokeModel can call, embeddings and images too. */
export async function searchAllModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await listModels.call(this, { output: 'ANY' }, filter);
}

/** Models for the Embeddings sub-node: embedding models and their inference profiles. */
export async function searchEmbeddingModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await listModels.call(this, { output: 'EMBEDDING' }, filter);
}

/**
 * Foundation models that can be called on demand and inference profiles (system and application)
 * of the credential's Bedrock region, fetched in parallel, in {@link pickerOrder}. When the role may call
 * only one of the two lists, the other's absence is said in the list instead of failing it.
 */
async function listModels(
	this: ILoadOptionsFunctions,
	scope: ModelPickerScope,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await getConnection.call(this);
	const bedrock = await getClient('bedrock', connection);
	const { ListFoundationModelsCommand, ListInferenceProfilesCommand } = await bedrockSdk();

	const [models, profiles] = await Promise.allSettled([
		bedrock.send(new ListFoundationModelsCommand({})),
		readPages(async (nextToken) => {
			const out = await bedrock.send(
				new ListInferenceProfilesCommand({ maxResults: PROFILE_PAGE_SIZE, nextToken }),
			);
			return { items: out.inferenceProfileSummaries ?? [], nextToken: out.nextToken };
		}),
	]);
	if (models.status === 'rejected' && profiles.status === 'rejected') {
		throw pickerError(this, models.reason, connection, 'ListFoundationModels');
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
	const summaries = models.status === 'fulfilled' ? (models.value.modelSummaries ?? []) : [];
	const byId = new Map(summaries.flatMap((m) => (m.modelId ? [[m.modelId, m] as const] : [])));
	if (profiles.status === 'fulfilled') {
		results.push(...profileItems(profiles.value, byId, scope));
	}
	results.push(...modelItems(summaries, scope));
	disambiguate(results);
	results.sort(pickerOrder);

	return searchResult(filter, results);
}

/** Entries saying a list could not be read (no value), then the account's application profiles. */
const groupOf = (item: INodeListSearchItems) =>
	!item.value ? 0 : String(item.value).includes(':application-inference-profile/') ? 1 : 2;

/**
 * The picker's order, as close to groups as n8n's resource locator list allows: notes first, the
 * account's application profiles, then models by name, which groups them by provider and model
 * and puts each model's cross-region profiles (named "<model> (US inference profile)") right
 * after it.
 */
function pickerOrder(a: INodeListSearchItems, b: INodeListSearchItems): number {
	return groupOf(a) - groupOf(b) || (groupOf(a) === 0 ? 0 : byName(a, b));
}

/** Two entries that would read the same get their value (model ID or ARN) after the name. */
function disambiguate(items: INodeListSearchItems[]): void {
	const counts = new Map<string, number>();
	for (const item of items) counts.set(item.name, (counts.get(item.name) ?? 0) + 1);
	for (const item of items) {
		if ((counts.get(item.name) ?? 0) > 1 && item.value)
			item.name = `${item.name} (${String(item.value)})`;
	}
}

/** Whether a model fits the picker: text output when the node sends conversations. */
export function fitsScope(model: FoundationModelSummary, scope: ModelPickerScope): boolean {
	return scope.output === 'ANY' || (model.outputModalities ?? []).includes(scope.output);
}

export function modelItems(
	summaries: FoundationModelSummary[],
	scope: ModelPickerScope,
): INodeListSearchItems[] {
	return summaries
		.filter((m) => m.modelId && (m.inferenceTypesSupported ?? ['ON_DEMAND']).includes('ON_DEMAND'))
		.filter((m) => fitsScope(m, scope))
		.map((m) => ({
			name: modelDisplayName(m.providerName, m.modelName ?? m.modelId!, m.modelId!),
			value: m.modelId!,
			description: m.modelId,
		}));
}

/**
 * Profiles, named after the model they route to. A profile whose model is not in the foundation
 * list (the list could not be read, or AWS left it out) keeps its own name: nothing to judge by.
 */
export function profileItems(
	profiles: InferenceProfileSummary[],
	byId: ReadonlyMap<string, FoundationModelSummary>,
	scope: ModelPickerScope,
): INodeListSearchItems[] {
	const items: INodeListSearchItems[] = [];
	for (const p of profiles) {
		const value = p.type === 'APPLICATION' ? p.inferenceProfileArn : p.inferenceProfileId;
		if (!value) continue;
		const modelId = p.models?.[0]?.modelArn?.split('/').pop();
		const model = modelId ? byId.get(modelId) : undefined;
		// A profile whose model is unknown is offered, except where only embedding models fit.
		if (model ? !fitsScope(model, scope) : scope.output === 'EMBEDDING') continue;
		const modelName = model
			? modelDisplayName(model.providerName, model.modelName ?? modelId!, modelId!)
			: undefined;
		if (p.type === 'APPLICATION') {
			items.push({
				name: applicationProfileName(p.inferenceProfileName ?? value),
				value,
				description: modelName ? `${modelName} · ${value}` : value,
			});
		} else {
			items.push({
				name: systemProfileName(modelName ?? p.inferenceProfileName ?? value, value),
				value,
				description: value,
			});
		}
	}
	return items;
}
