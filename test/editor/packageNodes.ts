/**
 * Every node package.json lists, loaded from source with its codex file: what the editor tests
 * check rules against, so a node added to package.json is covered without touching the tests.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { readPackageJson, REPO_ROOT } from '../../scripts/lib/paths';

/** The part of a `.node.json` codex file n8n's node creator reads. */
export interface Codex {
	node: string;
	categories?: string[];
	subcategories?: Record<string, string[]>;
	alias?: string[];
	resources?: {
		primaryDocumentation?: Array<{ url: string }>;
		credentialDocumentation?: Array<{ url: string }>;
	};
}

export interface PackageNode {
	/** `n8n-nodes-bedrock-iam.bedrockConverse` */
	type: string;
	description: INodeTypeDescription;
	codex: Codex;
	/** Folder of the node's source, relative to the repository. */
	folder: string;
}

export function packageNodes(): PackageNode[] {
	const pkg = readPackageJson();
	return pkg.n8n.nodes.map((distFile) => {
		const folder = dirname(distFile).replace(/^dist\//, '');
		const cls = basename(distFile).replace(/\.node\.js$/, '');
		const source = join(REPO_ROOT, folder, `${cls}.node`);
		// With its extension: beside it, `<Class>.node.json` (the codex) would be found first.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const NodeClass = require(`${source}.ts`)[cls] as new () => INodeType;
		const description = new NodeClass().description;
		// n8n reads the description's codex when there is one, else the file.
		const codex = {
			...(JSON.parse(readFileSync(`${source}.json`, 'utf8')) as Codex),
			...description.codex,
		} as Codex;
		return { type: `${pkg.name}.${description.name}`, description, codex, folder };
	});
}

/** Whether the node is an AI sub-node (no main output: it plugs into a root node). */
export function isSubNode(node: PackageNode): boolean {
	const outputs = node.description.outputs;
	return (
		Array.isArray(outputs) && !outputs.some((o) => (typeof o === 'string' ? o : o.type) === 'main')
	);
}
