/** The model parameter (a resource locator) and the canvas subtitle of a locator. */
import type { INodeProperties } from 'n8n-workflow';

import { typedIdValidation } from '../parameters/typedIds';

export const modelProperty: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'Foundation model or inference profile to call. The list shows models that answer in text; inference profiles say so in their name.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchModels', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
			validation: typedIdValidation('Model'),
		},
		{
			displayName: 'By ARN',
			name: 'arn',
			type: 'string',
			placeholder: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123',
			validation: typedIdValidation('Model ARN'),
		},
	],
};

/** Generate's model: the list also offers embedding and image models (InvokeModel calls any). */
export const anyModelProperty: INodeProperties = {
	...modelProperty,
	description:
		'Foundation model or inference profile to call: text, embedding or image models. Inference profiles say so in their name.',
	modes: (modelProperty.modes ?? []).map((mode) =>
		mode.name === 'list'
			? { ...mode, typeOptions: { searchListMethod: 'searchAllModels', searchable: true } }
			: mode,
	),
};

/**
 * A canvas subtitle naming what a resource locator parameter holds: the name the picker showed
 * (a model, agent or knowledge base name), else the ID or ARN typed. In an expression
 * `$parameter.x` resolves a locator to its value only; `$parameter.toJSON()` is the parameters
 * as stored, where the picker keeps the name (`cachedResultName`).
 *
 * @param prefix - An expression put before the name, e.g. the operation.
 */
export function locatorSubtitle(parameter: string, prefix = ''): string {
	const stored = `($parameter.toJSON()["${parameter}"] || {})`;
	const name = `(${stored}.cachedResultName || $parameter["${parameter}"])`;
	return `={{ ${prefix ? `${prefix} + ` : ''}${name} }}`;
}

/** The Embeddings sub-node's model: embedding models and their inference profiles. */
export const embeddingModelProperty: INodeProperties = {
	...modelProperty,
	description:
		'Embedding model or inference profile to call. The list shows embedding models only; inference profiles say so in their name.',
	modes: (modelProperty.modes ?? []).map((mode) =>
		mode.name === 'list'
			? { ...mode, typeOptions: { searchListMethod: 'searchEmbeddingModels', searchable: true } }
			: mode.name === 'id'
				? { ...mode, placeholder: 'amazon.titan-embed-text-v2:0' }
				: mode,
	),
};
