/**
 * Retrieve and Generate: an answer written by a model from the chunks the query retrieves, with
 * citations (the generated spans and the chunks they came from) and the session ID that continues
 * the conversation. Streams the answer when the workflow responds in streaming mode.
 */
import type {
	GenerationConfiguration,
	RetrieveAndGenerateCommandInput,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { modelProperty } from '../../shared/descriptions/model';
import {
	actionOptions,
	sessionIdField,
	streamResponseOption,
} from '../../shared/descriptions/options';
import { fractionOption, performanceLatencyOption } from '../../shared/descriptions/modelOptions';
import { ParameterError } from '../../shared/errors/parameterError';
import type { ItemContext } from '../../shared/items/operation';
import { modelOutput } from '../../shared/modelOutput';
import { checkTypedId } from '../../shared/parameters/typedIds';
import { bedrockAgentRuntimeSdk } from '../../shared/transport/sdk';
import { readRetrieveAndGenerateStream } from '../answerStream';
import {
	readGuardrail,
	readRetrieval,
	type CommonOptions,
} from '../../shared/knowledgeBase/retrieval';
import { toCitations } from '../../shared/knowledgeBase/results';
import { retrievalOptions } from '../../shared/knowledgeBase/retrievalOptions';

const show = { show: { operation: ['retrieveAndGenerate'] } };

export const description: INodeProperties[] = [
	{
		...modelProperty,
		description:
			'Foundation model or inference profile that writes the answer, in the Bedrock region of the credential',
		displayOptions: show,
	},
	sessionIdField(
		'The conversation to continue: the sessionId of an earlier answer. Leave empty to start a new one; Bedrock makes the ID and the node returns it.',
		show,
	),
	actionOptions(
		[
			...retrievalOptions,
			performanceLatencyOption,
			{
				displayName: 'Max Tokens',
				name: 'maxTokens',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 2048,
				description: 'The longest answer the model may write, in tokens',
			},
			{
				displayName: 'Prompt Template',
				name: 'promptTemplate',
				type: 'string',
				typeOptions: { rows: 6 },
				default: '',
				placeholder:
					'e.g. Answer from these search results only: $search_results$ $output_format_instructions$',
				description:
					'Replaces the default prompt of the model. Must contain $search_results$; $output_format_instructions$ keeps the citations, $query$ is the question.',
			},
			streamResponseOption,
			fractionOption(
				'Temperature',
				'temperature',
				0,
				'Randomness of the answer: 0 for the most likely words',
			),
		],
		show,
	),
];

interface GenerateOptions extends CommonOptions {
	maxTokens?: number;
	performanceLatency?: string;
	promptTemplate?: string;
	streamResponse?: boolean;
	temperature?: number;
}

function readSessionId(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const value = String(ctx.getNodeParameter('sessionId', itemIndex, '') ?? '').trim();
	if (!value) return undefined;
	return checkTypedId(
		'Session ID',
		value,
		'Pass the sessionId of an earlier Retrieve and Generate answer, or leave it empty.',
	);
}

function generationConfiguration(options: GenerateOptions): GenerationConfiguration | undefined {
	const template = options.promptTemplate?.trim();
	if (template && !template.includes('$search_results$')) {
		throw new ParameterError(
			'Prompt Template',
			'it does not contain $search_results$',
			'Put $search_results$ where the retrieved chunks go; without it the model sees no sources.',
		);
	}
	const inference: IDataObject = {};
	if (options.maxTokens !== undefined) inference.maxTokens = options.maxTokens;
	if (options.temperature !== undefined) inference.temperature = options.temperature;
	const guardrail = readGuardrail(options);
	const latency = options.performanceLatency;
	const config: GenerationConfiguration = {
		...(template ? { promptTemplate: { textPromptTemplate: template } } : {}),
		...(guardrail ? { guardrailConfiguration: guardrail } : {}),
		...(Object.keys(inference).length
			? { inferenceConfig: { textInferenceConfig: inference } }
			: {}),
		...(latency === 'optimized' || latency === 'standard'
			? { performanceConfig: { latency } }
			: {}),
	};
	return Object.keys(config).length > 0 ? config : undefined;
}

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
): Promise<INodeExecutionData> {
	const i = item.itemIndex;
	const options = item.options as GenerateOptions;
	const { connection } = item;
	const region = connection.bedrockRegion;
	const modelValue = String(this.getNodeParameter('model', i, '', { extractValue: true }) ?? '');
	let input: RetrieveAndGenerateCommandInput;
	try {
		const {
			knowledgeBaseId,
			query: text,
			retrievalConfiguration,
		} = readRetrieval(this, i, item.options, connection);
		const sessionId = readSessionId(this, i);
		const generation = generationConfiguration(options);
		const { resolveModelArn } = await import('../modelArn');
		const modelArn = await resolveModelArn(modelValue, connection);
		input = {
			input: { text },
			sessionId,
			retrieveAndGenerateConfiguration: {
				type: 'KNOWLEDGE_BASE',
				knowledgeBaseConfiguration: {
					knowledgeBaseId,
					modelArn,
					retrievalConfiguration,
					generationConfiguration: generation,
				},
			},
		};
	} catch (error) {
		// Reading an inference profile's ARN is a Bedrock (control plane) call.
		throw item.nodeError(error, { region, modelId: modelValue, service: 'bedrock' });
	}
	const modelArn = input.retrieveAndGenerateConfiguration!.knowledgeBaseConfiguration!.modelArn;
	const client = await item.client('bedrockAgentRuntime');
	const { RetrieveAndGenerateCommand, RetrieveAndGenerateStreamCommand } =
		await bedrockAgentRuntimeSdk();
	// RetrieveAndGenerate's quota is the account's requests per second in the region.
	const quota = { region, target: 'knowledge-base/RetrieveAndGenerate', perAccount: true };
	const { signal: abortSignal } = item;
	const sink = item.openSink();
	let requestId: string | undefined;
	const started = Date.now();
	try {
		let answer;
		let sessionId: string | undefined;
		if (sink) {
			const response = await item.withinQuota(quota, () =>
				client.send(new RetrieveAndGenerateStreamCommand(input), { abortSignal }),
			);
			requestId = response.$metadata.requestId;
			sessionId = response.sessionId;
			answer = await readRetrieveAndGenerateStream(response.stream, (piece) => sink.send(piece));
			sink.end();
		} else {
			const response = await item.withinQuota(quota, () =>
				client.send(new RetrieveAndGenerateCommand(input), { abortSignal }),
			);
			sessionId = response.sessionId;
			answer = {
				output: response.output?.text ?? '',
				citations: response.citations ?? [],
				guardrailAction: response.guardrailAction,
			};
		}
		// `model` is the model as the user chose it (ID or ARN), as in every node; the ARN the
		// API needed is derived from it.
		const json = modelOutput(
			{ text: answer.output, model: modelValue.trim(), latencyMs: Date.now() - started },
			{
				sessionId: sessionId ?? input.sessionId ?? null,
				citations: toCitations(answer.citations, answer.output) as unknown as IDataObject[],
			},
		);
		if (answer.guardrailAction) json.guardrailAction = answer.guardrailAction;
		return { json };
	} catch (error) {
		throw item.nodeError(error, {
			region,
			modelId: modelArn,
			service: 'bedrock-agent-runtime',
			// The streaming form is the same operation to IAM and to the advice.
			operation: 'RetrieveAndGenerate',
			requestId,
		});
	}
}
