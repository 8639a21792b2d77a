/**
 * Where the Docs links of the nodes and credentials point: one base address and one table of
 * pages, `docs/<page>.md` in the published repository. The publisher sets DOCS_BASE_URL once;
 * `npm publish` refuses the placeholder (scripts/check-publish-metadata.mjs).
 */
import type { CodexData } from 'n8n-workflow';

/** The published repository's file view, ending in `/`: `<base>docs/<page>.md` is a page. */
export const DOCS_BASE_URL = 'https://n8n-nodes-bedrock-iam.invalid/';

/**
 * The documentation pages: one per credential type (by its n8n name), one per node (by its
 * n8n name), and the guides. The pages themselves are written in `docs/` (the node toolkit
 * issue); a new node or credential type adds its row here.
 */
export const DOCS_PAGES = {
	bedrockAccessKeysApi: 'credential-access-keys',
	bedrockApiKeyApi: 'credential-api-key',
	bedrockAssumeRoleApi: 'credential-assume-role',
	bedrockRolesAnywhereApi: 'credential-iam-roles-anywhere',
	bedrockConverse: 'node-bedrock-converse',
	bedrockGenerate: 'node-bedrock-generate',
	bedrockGuardrail: 'node-bedrock-guardrail',
	bedrockInvokeAgent: 'node-bedrock-invoke-agent',
	bedrockKnowledgeBase: 'node-bedrock-knowledge-base',
	embeddingsBedrock: 'node-bedrock-embeddings',
	rerankerBedrock: 'node-bedrock-reranker',
	lmChatBedrock: 'node-bedrock-chat-model',
	retrieverBedrockKnowledgeBase: 'node-bedrock-knowledge-base-retriever',
	troubleshooting: 'troubleshooting',
	reliability: 'reliability',
	performance: 'performance',
	contributing: 'contributing',
} as const;

export type DocsPage = keyof typeof DOCS_PAGES;

/** The absolute address of a documentation page. */
export const docsUrl = (page: DocsPage): string => `${DOCS_BASE_URL}docs/${DOCS_PAGES[page]}.md`;

/** A node's codex file as the node creator reads it (its links are added by {@link nodeCodex}). */
export interface CodexFile {
	categories?: string[];
	subcategories?: Record<string, string[]>;
	alias?: string[];
}

/**
 * The node's codex for its description: the categories and aliases of its `.node.json` file, and
 * the Docs links, to its own page and to the page of each credential type it takes. n8n reads a
 * description's codex instead of the file, so the links come from the one base address.
 */
export function nodeCodex(
	file: CodexFile,
	page: DocsPage,
	credentials: ReadonlyArray<{ name: string }>,
): CodexData {
	return {
		categories: file.categories,
		subcategories: file.subcategories,
		alias: file.alias,
		resources: {
			primaryDocumentation: [{ url: docsUrl(page) }],
			credentialDocumentation: credentials
				.filter((c): c is { name: DocsPage } => c.name in DOCS_PAGES)
				.map((c) => ({ url: docsUrl(c.name) })),
		},
	};
}
