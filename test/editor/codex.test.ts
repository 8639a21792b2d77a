/**
 * The node creator must find every node of the package. n8n 2.41's editor drops a node of the
 * "AI" category from every search outside its "Other AI Nodes" panel unless its AI subcategories
 * include "Root Nodes" (useViewStacks.ts, filterOutAiNodes); that is how n8n's own OpenAI,
 * Anthropic and Gemini nodes and its chat models stay findable. The search itself matches the
 * display name and the codex aliases. These rules run over every node package.json lists.
 */
import { isSubNode, packageNodes, type PackageNode } from './packageNodes';

const AI = 'AI';
const ROOT_NODES = 'Root Nodes';
/** AI subcategories that n8n lists as sub-node sections ("Language Models (sub-nodes)" ...). */
const SUB_NODE_SECTIONS = [
	'Language Models',
	'Embeddings',
	'Memory',
	'Retrievers',
	'Document Loaders',
	'Text Splitters',
	'Output Parsers',
	'Vector Stores',
	'Tools',
];

const nodes = packageNodes();

/** n8n's search base outside the AI panel (filterOutAiNodes), then a match on name or alias. */
function rootSearch(query: string): string[] {
	const q = query.toLowerCase();
	return nodes
		.filter(
			({ codex }) =>
				!codex.categories?.includes(AI) || codex.subcategories?.[AI]?.includes(ROOT_NODES),
		)
		.filter(({ description, codex }) =>
			[description.displayName, ...(codex.alias ?? [])].some((s) => s.toLowerCase().includes(q)),
		)
		.map(({ description }) => description.name);
}

/** Every parameter name of a node, options and fixed collections included. */
function parameterNames(properties: readonly unknown[]): string[] {
	return properties.flatMap((p) => {
		const property = p as { name?: string; options?: unknown[]; values?: unknown[] };
		const nested = [...(property.options ?? []), ...(property.values ?? [])].filter(
			(o) => typeof o === 'object' && o !== null && 'name' in o,
		);
		return [property.name ?? '', ...parameterNames(nested)];
	});
}

/** The nodes that have a parameter whose name contains `word` (any case). */
const nodesWithParameter = (word: string) =>
	nodes
		.filter((n) =>
			parameterNames(n.description.properties).some((name) => name.toLowerCase().includes(word)),
		)
		.map((n) => n.description.name)
		.sort();

const byName = (name: string): PackageNode | undefined =>
	nodes.find((n) => n.description.name === name);

describe('codex: every node of package.json is found in the node creator', () => {
	it('lists at least the three action nodes', () => {
		expect(nodes.map((n) => n.description.name)).toEqual(
			expect.arrayContaining(['bedrockConverse', 'bedrockGenerate', 'bedrockInvokeAgent']),
		);
	});

	it.each(nodes.map((n) => [n.description.name, n] as const))(
		'%s: codex names the node, sits in AI with "Root Nodes", and has the Bedrock aliases',
		(_name, node) => {
			expect(node.codex.node).toBe(node.type);
			expect(node.codex.categories).toContain(AI);
			expect(node.codex.subcategories?.[AI]).toContain(ROOT_NODES);
			expect(node.codex.alias).toEqual(
				expect.arrayContaining(['Amazon Bedrock', 'Bedrock', 'AWS', 'Amazon']),
			);
		},
	);

	it.each(nodes.filter((n) => !isSubNode(n)).map((n) => [n.description.name, n] as const))(
		"%s: an action node is filed with n8n's vendor nodes (Agents), never in a sub-node section",
		(_name, node) => {
			const sections = node.codex.subcategories?.[AI] ?? [];
			expect(sections).toContain('Agents');
			expect(sections.filter((s) => SUB_NODE_SECTIONS.includes(s))).toEqual([]);
		},
	);

	it('a sub-node (none yet, or the chat model) is filed in the section of its output connection', () => {
		for (const node of nodes.filter(isSubNode)) {
			const sections = node.codex.subcategories?.[AI] ?? [];
			const outputs = (node.description.outputs as Array<string | { type: string }>).map((o) =>
				typeof o === 'string' ? o : o.type,
			);
			if (outputs.includes('ai_languageModel')) expect(sections).toContain('Language Models');
			if (outputs.includes('ai_embedding')) expect(sections).toContain('Embeddings');
			if (outputs.includes('ai_retriever')) expect(sections).toContain('Retrievers');
		}
	});

	it('the searches a user tries find the right nodes from the root search', () => {
		expect(rootSearch('Bedrock').sort()).toEqual(nodes.map((n) => n.description.name).sort());
		expect(rootSearch('Amazon').sort()).toEqual(nodes.map((n) => n.description.name).sort());
		expect(rootSearch('Bedrock Converse')).toEqual(['bedrockConverse']);
		expect(rootSearch('Converse')).toEqual(['bedrockConverse']);
		expect(rootSearch('Invoke Agent')).toEqual(['bedrockInvokeAgent']);
		expect(byName('bedrockGenerate')?.codex.alias).toContain('InvokeModel');
	});

	it.each(['rerank', 'guardrail'])(
		'"%s" finds every node that has such an option, and only those',
		(word) => {
			const expected = nodesWithParameter(word);
			expect(expected.length).toBeGreaterThan(0);
			expect(rootSearch(word).sort()).toEqual(expected);
		},
	);
});
