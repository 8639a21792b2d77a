/**
 * What every picker (resource locator list or options list) does the same way: reads every page
 * of an AWS list, filters the entries by the text typed into the picker, reads the value of a
 * parameter it depends on, and turns a failure into the node's error without a secret.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';

import type { ConnectionConfig } from '../auth/connection';
import { secretsOf } from '../auth/secrets';
import { getClient } from '../clients';
import { toNodeError } from '../errors';
import { getConnection } from '../parameters/connection';

/** Page size the pickers ask AWS list operations for. */
export const PAGE_SIZE = 100;

/** Most pages a picker reads, so a huge account cannot keep a picker loading for long. */
export const MAX_PAGES = 10;

/** Reads up to {@link MAX_PAGES} pages of a paginated AWS list. */
export async function readPages<T>(
	page: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>,
): Promise<T[]> {
	const all: T[] = [];
	let nextToken: string | undefined;
	for (let i = 0; i < MAX_PAGES; i++) {
		const out = await page(nextToken);
		all.push(...out.items);
		nextToken = out.nextToken;
		if (!nextToken) break;
	}
	return all;
}

/**
 * The picker's one search meaning: the typed text, case-insensitive, anywhere in an entry's
 * name or value (its ID). Entries without a value (notes such as "not listed: …") always show.
 */
export function matchesFilter(filter: string | undefined, item: INodeListSearchItems): boolean {
	const query = filter?.trim().toLowerCase();
	if (!query || !item.value) return true;
	return `${item.name} ${String(item.value)}`.toLowerCase().includes(query);
}

/** A picker entry as every picker shows one: `Name (ID)`, then its details (status, …). */
export function namedItem(
	name: string | undefined,
	id: string,
	...details: Array<string | undefined>
): INodeListSearchItems {
	return {
		name: `${name ?? id} (${id})`,
		value: id,
		description: details.filter(Boolean).join(' · ') || undefined,
	};
}

/** `Name (ID)` entries sorted by name, as every picker lists them. */
export const byName = (a: { name: string }, b: { name: string }): number =>
	a.name.localeCompare(b.name, 'en', { numeric: true });

/**
 * The `Name (ID)` entries of AWS list summaries, sorted by name; `entry` gives a summary's name,
 * ID and details. Summaries without an ID are left out.
 */
export function namedItems<T>(
	summaries: T[],
	entry: (summary: T) => [string | undefined, string | undefined, ...Array<string | undefined>],
): INodeListSearchItems[] {
	const items: INodeListSearchItems[] = [];
	for (const summary of summaries) {
		const [name, id, ...details] = entry(summary);
		if (id) items.push(namedItem(name, id, ...details));
	}
	return items.sort(byName);
}

/** A picker's answer: its entries that match the text typed into it. */
export function searchResult(
	filter: string | undefined,
	items: INodeListSearchItems[],
): INodeListSearchResult {
	return { results: items.filter((item) => matchesFilter(filter, item)) };
}

/**
 * The value of a parameter the picker depends on (the chosen agent, knowledge base), as the
 * editor holds it now, else as saved; empty when none is chosen. A resource locator gives its
 * value.
 */
export function chosenParameter(ctx: ILoadOptionsFunctions, name: string): string {
	const read = (value: unknown): string => {
		if (typeof value === 'string') return value.trim();
		if (value && typeof value === 'object' && 'value' in value) {
			return read((value as { value: unknown }).value);
		}
		return '';
	};
	let value = '';
	try {
		value = read(ctx.getCurrentNodeParameter(name, { extractValue: true }));
	} catch {
		// Not in the editor's current parameters: fall back to the saved ones.
	}
	if (value) return value;
	try {
		return read(ctx.getNodeParameter(name, undefined, { extractValue: true }));
	} catch {
		return '';
	}
}

/** The node's error for a failed list: the region and operation for advice, secrets redacted. */
export function pickerError(
	ctx: ILoadOptionsFunctions,
	error: unknown,
	connection: ConnectionConfig,
	operation: string,
): NodeApiError | NodeOperationError {
	return toNodeError(ctx.getNode(), error, {
		region: connection.bedrockRegion,
		secrets: secretsOf(connection),
		service: 'bedrock',
		operation,
	});
}

/**
 * Runs one picker's listing with the node's connection; a failure becomes the node's error
 * naming `operation` (the AWS list operation).
 */
export async function listWith<T>(
	ctx: ILoadOptionsFunctions,
	operation: string,
	list: (connection: ConnectionConfig) => Promise<T>,
): Promise<T> {
	const connection = await getConnection.call(ctx);
	try {
		return await list(connection);
	} catch (error) {
		throw pickerError(ctx, error, connection, operation);
	}
}

/**
 * Every page (up to {@link MAX_PAGES}) of a list of the Agents for Amazon Bedrock service
 * (agents, aliases, knowledge bases, data sources), with the node's connection and client.
 */
export async function listAgentPages<T>(
	ctx: ILoadOptionsFunctions,
	operation: string,
	page: (
		client: BedrockAgentClient,
		nextToken: string | undefined,
	) => Promise<{ items: T[]; nextToken?: string }>,
): Promise<T[]> {
	return await listWith(ctx, operation, async (connection) => {
		const client = await getClient('bedrockAgent', connection);
		return await readPages(async (nextToken) => await page(client, nextToken));
	});
}
