/**
 * The Bedrock knowledge bases the emulator knows, in every region and account, and the small
 * corpus behind them: each document is one chunk with an S3 URI (or web URL) and metadata, as a
 * knowledge base returns them from an ingested data source.
 */

/** A data source of an emulated knowledge base. */
export interface CatalogDataSource {
	dataSourceId: string;
	name: string;
	description: string;
	status: 'AVAILABLE';
}

/** An emulated knowledge base. */
export interface CatalogKnowledgeBase {
	knowledgeBaseId: string;
	name: string;
	description: string;
	status: 'ACTIVE' | 'CREATING' | 'FAILED';
	updatedAt: string;
	dataSources: CatalogDataSource[];
}

/** One chunk of the corpus. */
export interface CorpusDocument {
	knowledgeBaseId: string;
	dataSourceId: string;
	chunkId: string;
	/** `S3` with an S3 URI, or `WEB` with a URL. */
	location: { type: 'S3'; uri: string } | { type: 'WEB'; url: string };
	text: string;
	/** The document's own metadata attributes (the `.metadata.json` next to it in S3). */
	metadata: Record<string, string | number | boolean | string[]>;
}

/** ID of the support knowledge base (two data sources, the whole corpus). */
export const SUPPORT_KB_ID = 'KBSUPPORT1';
/** Its data sources: the FAQ bucket and the policy web pages. */
export const FAQ_DATA_SOURCE_ID = 'DSFAQ00001';
export const POLICY_DATA_SOURCE_ID = 'DSPOLICY01';
/** ID of a knowledge base with no documents: every retrieval is empty. */
export const EMPTY_KB_ID = 'KBEMPTY001';

const UPDATED = '2025-03-02T14:00:00Z';

/** The knowledge bases, in the order ListKnowledgeBases returns them. */
export const KNOWLEDGE_BASES: readonly CatalogKnowledgeBase[] = Object.freeze([
	{
		knowledgeBaseId: SUPPORT_KB_ID,
		name: 'n8n-support-kb',
		description: 'Order, shipping and returns answers for the support team',
		status: 'ACTIVE',
		updatedAt: UPDATED,
		dataSources: [
			{
				dataSourceId: FAQ_DATA_SOURCE_ID,
				name: 'orders-faq',
				description: 'FAQ documents in s3://emulator-knowledge-base/faq/',
				status: 'AVAILABLE',
			},
			{
				dataSourceId: POLICY_DATA_SOURCE_ID,
				name: 'policy-pages',
				description: 'Policy pages crawled from the help centre',
				status: 'AVAILABLE',
			},
		],
	},
	{
		knowledgeBaseId: EMPTY_KB_ID,
		name: 'n8n-empty-kb',
		description: 'A knowledge base whose data source has not been synced yet',
		status: 'ACTIVE',
		updatedAt: UPDATED,
		dataSources: [
			{
				dataSourceId: 'DSEMPTY001',
				name: 'not-synced',
				description: 'Nothing ingested',
				status: 'AVAILABLE',
			},
		],
	},
	{
		knowledgeBaseId: 'KBHANDBOOK',
		name: 'n8n-employee-handbook',
		description: 'HR handbook',
		status: 'ACTIVE',
		updatedAt: UPDATED,
		dataSources: [],
	},
]);

const faq = (name: string) => `s3://emulator-knowledge-base/faq/${name}`;

/** The corpus of {@link SUPPORT_KB_ID}: six chunks, each one sentence per line of thought. */
export const CORPUS: readonly CorpusDocument[] = Object.freeze([
	{
		knowledgeBaseId: SUPPORT_KB_ID,
		dataSourceId: FAQ_DATA_SOURCE_ID,
		chunkId: 'chunk-shipping-1',
		location: { type: 'S3', uri: faq('shipping.md') },
		text: 'Standard shipping takes 3 to 5 business days within the EU. Express shipping arrives the next business day when ordered before 14:00.',
		metadata: { category: 'shipping', year: 2025, audience: 'customer', tags: ['delivery', 'eu'] },
	},
	{
		knowledgeBaseId: SUPPORT_KB_ID,
		dataSourceId: FAQ_DATA_SOURCE_ID,
		chunkId: 'chunk-returns-1',
		location: { type: 'S3', uri: faq('returns.md') },
		text: 'Items can be returned within 30 days of delivery for a full refund. Refunds reach the original payment method within 10 days of the return arriving.',
		metadata: { category: 'returns', year: 2025, audience: 'customer', tags: ['refund'] },
	},
	{
		knowledgeBaseId: SUPPORT_KB_ID,
		dataSourceId: FAQ_DATA_SOURCE_ID,
		chunkId: 'chunk-orders-1',
		location: { type: 'S3', uri: faq('order-status.md') },
		text: 'The order status page shows every order with its tracking number. An order can be cancelled until it has shipped.',
		metadata: { category: 'orders', year: 2024, audience: 'customer', tags: ['tracking'] },
	},
	{
		knowledgeBaseId: SUPPORT_KB_ID,
		dataSourceId: FAQ_DATA_SOURCE_ID,
		chunkId: 'chunk-shipping-2',
		location: { type: 'S3', uri: faq('shipping-international.md') },
		text: 'International shipping outside the EU takes 7 to 14 business days. Customs fees are paid by the recipient.',
		metadata: {
			category: 'shipping',
			year: 2023,
			audience: 'customer',
			tags: ['delivery', 'customs'],
		},
	},
	{
		knowledgeBaseId: SUPPORT_KB_ID,
		dataSourceId: POLICY_DATA_SOURCE_ID,
		chunkId: 'chunk-warranty-1',
		location: { type: 'WEB', url: 'https://help.example.com/policies/warranty' },
		text: 'Every product has a two year warranty against manufacturing defects. Warranty claims need the order number and a photo of the defect.',
		metadata: { category: 'warranty', year: 2025, audience: 'customer', tags: ['policy'] },
	},
	{
		knowledgeBaseId: SUPPORT_KB_ID,
		dataSourceId: POLICY_DATA_SOURCE_ID,
		chunkId: 'chunk-escalation-1',
		location: { type: 'WEB', url: 'https://help.example.com/policies/escalation' },
		text: 'Support agents escalate a refund above 500 EUR to a team lead. Escalated cases are answered within two business days.',
		metadata: { category: 'returns', year: 2025, audience: 'internal', tags: ['refund', 'policy'] },
	},
]);

export const findKnowledgeBase = (id: string): CatalogKnowledgeBase | undefined =>
	KNOWLEDGE_BASES.find((kb) => kb.knowledgeBaseId === id);

/** `arn:aws:bedrock:<region>:<account>:knowledge-base/<id>` */
export const knowledgeBaseArn = (partition: string, region: string, account: string, id: string) =>
	`arn:${partition}:bedrock:${region}:${account}:knowledge-base/${id}`;

/** The metadata a retrieval result carries: the document's plus the ones Bedrock adds. */
export function resultMetadata(doc: CorpusDocument): Record<string, unknown> {
	return {
		...doc.metadata,
		'x-amz-bedrock-kb-source-uri': doc.location.type === 'S3' ? doc.location.uri : doc.location.url,
		'x-amz-bedrock-kb-chunk-id': doc.chunkId,
		'x-amz-bedrock-kb-data-source-id': doc.dataSourceId,
	};
}

/** The location of a document as the API returns it. */
export function resultLocation(doc: CorpusDocument): Record<string, unknown> {
	return doc.location.type === 'S3'
		? { type: 'S3', s3Location: { uri: doc.location.uri } }
		: { type: 'WEB', webLocation: { url: doc.location.url } };
}
