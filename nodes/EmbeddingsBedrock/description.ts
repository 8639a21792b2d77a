import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { authenticationProperty, bedrockCredentials } from '../shared/descriptions/authentication';
import { embeddingModelProperty, locatorSubtitle } from '../shared/descriptions/model';
import { subNodeDescription } from '../shared/descriptions/node';
import { batchSubNodeOptions } from '../shared/descriptions/options';
import codexFile from './EmbeddingsBedrock.node.json';

const dimensionsOption: INodeProperties = {
	displayName: 'Dimensions',
	name: 'dimensions',
	type: 'options',
	default: 0,
	description:
		'Length of each vector. Titan Text Embeddings V2: 256, 512 or 1024; Cohere Embed v4: 256 to 1536; Nova Multimodal Embeddings: 256, 384, 1024 or 3072. Every vector of a vector store must have the same length.',
	options: [
		{ name: 'Model Default', value: 0 },
		...[256, 384, 512, 1024, 1536, 3072].map((n) => ({ name: String(n), value: n })),
	],
};

const normalizeOption: INodeProperties = {
	displayName: 'Normalize',
	name: 'normalize',
	type: 'boolean',
	default: true,
	description:
		'Whether Titan Text Embeddings V2 returns vectors of length 1 (other models ignore it)',
};

const truncateOption: INodeProperties = {
	displayName: 'Truncate',
	name: 'truncate',
	type: 'options',
	default: 'END',
	description:
		'Where Cohere Embed and Nova Multimodal Embeddings cut a text longer than the model takes (Titan ignores it)',
	options: [
		{ name: 'End', value: 'END', description: 'Keep the start of the text' },
		{ name: 'Start', value: 'START', description: 'Keep the end of the text' },
		{ name: 'None', value: 'NONE', description: 'Fail on a text that is too long' },
	],
};

const options = batchSubNodeOptions([dimensionsOption, normalizeOption, truncateOption]);

export const description: INodeTypeDescription = subNodeDescription({
	name: 'embeddingsBedrock',
	displayName: 'Bedrock Embeddings',
	description:
		'Amazon Bedrock embeddings (Titan, Cohere Embed, Nova) for vector stores, with Assume Role, IAM Roles Anywhere, access keys or a Bedrock API key',
	subtitle: locatorSubtitle('model'),
	credentials: bedrockCredentials,
	codexFile,
	properties: [authenticationProperty, embeddingModelProperty, options],
	output: { type: NodeConnectionTypes.AiEmbedding, name: 'Embeddings' },
});
