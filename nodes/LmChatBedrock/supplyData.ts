import { supplyModel } from '@n8n/ai-node-sdk';
import {
	NodeOperationError,
	type IDataObject,
	type ISupplyDataFunctions,
	type SupplyData,
} from 'n8n-workflow';

import { authScope, type AuthScope } from '../shared/auth/scope';
import { secretsOf } from '../shared/auth/secrets';
import { getClient } from '../shared/clients';
import { toNodeError } from '../shared/errors';
import { bedrockRuntimeSdk } from '../shared/transport/sdk';
import { modelTarget } from '../shared/parameters/modelTarget';
import { getConnection } from '../shared/parameters/connection';
import { ChatMessageError } from './messages';
import { BedrockChatModel, type ConverseTransport } from './model';
import type { BedrockRequestOptions } from './request';

/**
 * The model n8n's AI root nodes call. Credentials and clients come from the package's shared
 * resolver and client cache, so every agent turn, item and execution reuses one STS or Roles
 * Anywhere session per credential lifetime.
 */
export async function supplyData(
	this: ISupplyDataFunctions,
	itemIndex: number,
): Promise<SupplyData> {
	const node = this.getNode();
	const connection = await getConnection.call(this);
	const target = modelTarget(
		this.getNodeParameter('model', itemIndex, '', { extractValue: true }) as string,
		connection,
	);
	if ('error' in target) throw new NodeOperationError(node, target.error, { itemIndex });
	const o = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

	const request: BedrockRequestOptions = {
		modelId: target.modelId,
		promptCaching: o.promptCaching === true,
		serviceTier: o.serviceTier as BedrockRequestOptions['serviceTier'],
		performanceLatency: o.performanceLatency as BedrockRequestOptions['performanceLatency'],
	};
	if (o.reasoningBudget !== undefined) {
		if (!target.modelId.includes('anthropic.')) {
			throw new NodeOperationError(
				node,
				`${target.modelId} takes no reasoning budget through Converse; remove the option Reasoning Budget`,
				{ itemIndex },
			);
		}
		request.reasoningBudget = Number(o.reasoningBudget);
	}
	if (o.guardrailIdentifier) {
		request.guardrail = {
			identifier: String(o.guardrailIdentifier),
			version: String(o.guardrailVersion || 'DRAFT'),
			trace: (o.guardrailTrace as 'enabled' | 'disabled' | 'enabled_full') ?? 'disabled',
		};
	}
	const stopSequences = (Array.isArray(o.stopSequences) ? o.stopSequences : [o.stopSequences])
		.map((s) => (typeof s === 'string' ? s : ''))
		.filter(Boolean);

	const { ConverseCommand, ConverseStreamCommand } = await bedrockRuntimeSdk();
	const client = () =>
		getClient('bedrockRuntime', connection, {
			region: target.region,
			maxAttempts: o.maxAttempts as number | undefined,
		});
	const executionSignal = this.getExecutionCancelSignal?.();
	// The agent calls the model outside any item loop: give its calls the scope the nodes' item
	// loop gives theirs (cancel signal and logger for the resolver, secrets to redact by value).
	const scope: AuthScope = {
		signal: executionSignal,
		logger: this.logger,
		secrets: () => secretsOf(connection),
	};
	const transport: ConverseTransport = {
		converse: async (input, abortSignal) =>
			await authScope.run(scope, async () =>
				(await client()).send(new ConverseCommand(input), { abortSignal }),
			),
		converseStream: async (input, abortSignal) =>
			await authScope.run(
				scope,
				async () =>
					(await (await client()).send(new ConverseStreamCommand(input), { abortSignal })).stream!,
			),
		toError: (error, operation) =>
			error instanceof ChatMessageError
				? new NodeOperationError(node, error.message, { itemIndex })
				: authScope.run(scope, () =>
						toNodeError(node, error, {
							itemIndex,
							modelId: target.modelId,
							region: target.region,
							service: 'bedrock-runtime',
							operation,
						}),
					),
		executionSignal,
	};
	const model = new BedrockChatModel(request, transport, {
		maxTokens: o.maxTokens as number | undefined,
		temperature: o.temperature as number | undefined,
		topP: o.topP as number | undefined,
		stopSequences: stopSequences.length ? stopSequences : undefined,
	});
	return supplyModel(this, model);
}
