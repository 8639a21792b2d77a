/**
 * The guardrail picker (ListGuardrails: the working draft of each guardrail) and the version
 * choice of the chosen guardrail (ListGuardrails with its identifier: every version), both of
 * the credential's Bedrock region.
 */
import type { GuardrailSummary } from '@aws-sdk/client-bedrock';
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { getClient } from '../shared/clients';
import { isTypedId } from '../shared/parameters/typedIds';
import {
	chosenParameter,
	listWith,
	namedItems,
	PAGE_SIZE,
	readPages,
	searchResult,
} from '../shared/pickers/search';
import { bedrockSdk } from '../shared/transport/sdk';

async function listGuardrails(
	ctx: ILoadOptionsFunctions,
	guardrailIdentifier?: string,
): Promise<GuardrailSummary[]> {
	const { ListGuardrailsCommand } = await bedrockSdk();
	return await listWith(ctx, 'ListGuardrails', async (connection) => {
		const client = await getClient('bedrock', connection);
		return await readPages(async (nextToken) => {
			const out = await client.send(
				new ListGuardrailsCommand({ guardrailIdentifier, maxResults: PAGE_SIZE, nextToken }),
			);
			return { items: out.guardrails ?? [], nextToken: out.nextToken };
		});
	});
}

/** Guardrails for the picker: name (ID), status and description, by name. */
export async function searchGuardrails(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const guardrails = await listGuardrails(this);
	return searchResult(
		filter,
		namedItems(guardrails, (g) => [g.name, g.id, g.status, g.description]),
	);
}

/** The versions of the chosen guardrail: DRAFT first, then the numbered ones, newest first. */
export async function getGuardrailVersions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const draft = { name: 'DRAFT (Working Draft)', value: 'DRAFT' };
	const guardrail = chosenParameter(this, 'guardrail');
	const known = isTypedId('Guardrail', guardrail) || isTypedId('Guardrail ARN', guardrail);
	if (!known) return [draft];
	const numbered = (await listGuardrails(this, guardrail))
		.filter((g) => g.version && g.version !== 'DRAFT')
		.sort((a, b) => Number(b.version) - Number(a.version))
		.map((g) => ({
			name: `Version ${g.version}`,
			value: g.version!,
			description: g.description,
		}));
	return [draft, ...numbered];
}
