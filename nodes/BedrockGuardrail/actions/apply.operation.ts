/**
 * Apply a guardrail to one item's text (ApplyGuardrail) and send the item to Passed or
 * Intervened, or to the one output with `passed` when the node has one.
 */
import type {
	ApplyGuardrailCommandInput,
	ApplyGuardrailResponse,
} from '@aws-sdk/client-bedrock-runtime';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { actionOptions } from '../../shared/descriptions/options';
import type { ItemContext, OperationOutputs } from '../../shared/items/operation';
import { checkTypedId } from '../../shared/parameters/typedIds';
import { bedrockRuntimeSdk } from '../../shared/transport/sdk';
import { outcomeOf } from '../assessments';
import { contentBlocks, type ContentOptions } from '../request';

export const PASSED = 0;
export const INTERVENED = 1;

export const description: INodeProperties[] = [
	actionOptions([
		{
			displayName: 'When Only Masked',
			name: 'maskedOutput',
			type: 'options',
			default: 'intervened',
			description:
				'Where an item goes when the guardrail masked personal data but blocked nothing; its text is the masked text either way',
			options: [
				{ name: 'Intervened', value: 'intervened' },
				{ name: 'Passed', value: 'passed' },
			],
		},
		{
			displayName: 'Grounding Source',
			name: 'groundingSource',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description:
				'The reference text a model answer must be grounded in, for a guardrail with a contextual grounding check (Source: Output)',
		},
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			description:
				'The question the model answered, for a guardrail with a contextual grounding check (relevance)',
		},
		{
			displayName: 'Images (Binary Fields)',
			name: 'imageProperties',
			type: 'string',
			default: '',
			placeholder: 'e.g. data, photo',
			description:
				'Binary fields of the item holding PNG or JPEG images (up to 4 MB each) for the guardrail’s image content filters, separated by commas',
		},
		{
			displayName: 'Include Matched Personal Data',
			name: 'includeMatches',
			type: 'boolean',
			default: false,
			description:
				'Whether the assessments of personal data (PII entities, regexes) include the text they matched; off, a masked item carries no copy of what was masked',
		},
		{
			displayName: 'Full Assessment',
			name: 'fullAssessment',
			type: 'boolean',
			default: false,
			description:
				'Whether to list what every policy assessed, also what it did not act on (output scope FULL); off: only the interventions',
		},
	]),
];

interface ApplyOptions extends ContentOptions {
	maskedOutput?: 'intervened' | 'passed';
	fullAssessment?: boolean;
	includeMatches?: boolean;
}

/** A node run as an AI Agent's tool (n8n names its tool form `<type>Tool`). */
const runsAsTool = (ctx: IExecuteFunctions) => ctx.getNode().type.endsWith('Tool');

export const outputs: OperationOutputs = {
	count(this: IExecuteFunctions) {
		// An agent reads a tool's first output only: there, every item goes to one output.
		if (runsAsTool(this)) return 1;
		return this.getNodeParameter('outputMode', 0, 'split') === 'single' ? 1 : 2;
	},
	// An item the guardrail could not check must not look like one it let through.
	failed: INTERVENED,
};

function guardrailOf(ctx: IExecuteFunctions, itemIndex: number) {
	const raw = String(ctx.getNodeParameter('guardrail', itemIndex, '', { extractValue: true }));
	const value = raw.trim();
	const id = value.startsWith('arn:')
		? checkTypedId('Guardrail ARN', value)
		: checkTypedId('Guardrail', value);
	const version = checkTypedId(
		'Guardrail Version',
		String(ctx.getNodeParameter('guardrailVersion', itemIndex, 'DRAFT')),
	);
	return { id, version };
}

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
): Promise<INodeExecutionData[]> {
	const i = item.itemIndex;
	const options = item.options as ApplyOptions;
	const region = item.connection.bedrockRegion;
	const { id, version } = guardrailOf(this, i);
	const source = this.getNodeParameter('source', i, 'INPUT') === 'OUTPUT' ? 'OUTPUT' : 'INPUT';
	const text = String(this.getNodeParameter('text', i, '') ?? '');
	const input: ApplyGuardrailCommandInput = {
		guardrailIdentifier: id,
		guardrailVersion: version,
		source,
		content: await contentBlocks(this, i, text, options),
		...(options.fullAssessment ? { outputScope: 'FULL' } : {}),
	};
	const client = await item.client('bedrockRuntime');
	const { ApplyGuardrailCommand } = await bedrockRuntimeSdk();
	let answer: ApplyGuardrailResponse;
	try {
		// ApplyGuardrail's quotas are the account's text units per second in the region.
		answer = await item.withinQuota({ region, target: 'guardrail/ApplyGuardrail' }, () =>
			client.send(new ApplyGuardrailCommand(input), { abortSignal: item.signal }),
		);
	} catch (error) {
		throw item.nodeError(error, {
			region,
			service: 'bedrock-runtime',
			operation: 'ApplyGuardrail',
			names: { guardrailId: id, guardrailVersion: version },
		});
	}
	const outcome = outcomeOf(answer, text, options.includeMatches === true);
	const passed =
		answer.action !== 'GUARDRAIL_INTERVENED' ||
		(!outcome.blocked && outcome.masked && options.maskedOutput === 'passed');
	const json: IDataObject = {
		text: outcome.text,
		passed,
		action: answer.action,
		...(answer.actionReason ? { actionReason: answer.actionReason } : {}),
		blocked: outcome.blocked,
		masked: outcome.masked,
		assessments: outcome.findings,
		guardrailUsage: { ...answer.usage } as IDataObject,
		guardrail: { id, version, source },
	};
	const asTool = runsAsTool(this);
	// Items keep their own fields (a ticket's ID…) after ours, except for an agent, which reads ours.
	if (!asTool) {
		for (const [key, value] of Object.entries(item.item.json))
			if (!(key in json)) json[key] = value;
	}
	const binary = asTool ? undefined : item.item.binary;
	return item.toOutput(passed ? PASSED : INTERVENED, { json, ...(binary ? { binary } : {}) });
}
