/**
 * The node-level description every Bedrock node shares (group, version, defaults, connections,
 * codex with its Docs links), built once; each node's description.ts says only what is its own.
 * The node class adds the icon, the subtitle and the tool use in a literal, where n8n's lint
 * reads them.
 */
import {
	NodeConnectionTypes,
	type NodeConnectionType,
	type INodeCredentialDescription,
	type INodeProperties,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { nodeCodex, type CodexFile, type DocsPage } from './docs';

/** What a node's description says of itself. */
export interface NodeIdentity {
	/** The node type name, also its Docs page (`bedrockConverse`). */
	name: DocsPage;
	displayName: string;
	description: string;
	/** The canvas subtitle (see locatorSubtitle). */
	subtitle: string;
	credentials: INodeCredentialDescription[];
	/** The node's `.node.json` codex file: its categories and aliases. */
	codexFile: CodexFile;
	properties: INodeProperties[];
}

function baseDescription(node: NodeIdentity) {
	return {
		displayName: node.displayName,
		name: node.name,
		group: ['transform'] as INodeTypeDescription['group'],
		version: 1,
		subtitle: node.subtitle,
		description: node.description,
		defaults: { name: node.displayName },
		credentials: node.credentials,
		codex: nodeCodex(node.codexFile, node.name, node.credentials),
		properties: node.properties,
	} satisfies Partial<INodeTypeDescription>;
}

/**
 * An action node: one main input and one main output, or the outputs of `outputs`, an n8n
 * expression over the node's parameters (Passed and Intervened).
 */
export function actionNodeDescription(
	node: NodeIdentity & { outputs?: `={{${string}}}` },
): INodeTypeDescription {
	return {
		...baseDescription(node),
		inputs: [NodeConnectionTypes.Main],
		outputs: node.outputs ?? [NodeConnectionTypes.Main],
	};
}

/** An AI sub-node: no main input, one output of `type` that plugs into a root node. */
export function subNodeDescription(
	node: NodeIdentity & { output: { type: NodeConnectionType; name: string } },
): INodeTypeDescription {
	return {
		...baseDescription(node),
		inputs: [],
		outputs: [node.output.type],
		outputNames: [node.output.name],
	};
}
