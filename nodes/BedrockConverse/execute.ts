import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { getClient } from '../shared/aws/clients';
import { toNodeError } from '../shared/aws/errors';
import { processItems } from '../shared/items';
import { modelTarget } from '../shared/modelTarget';
import { getConnection } from '../shared/nodeConnection';

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const connection = await getConnection.call(this);
	const { ConverseCommand } = await import('@aws-sdk/client-bedrock-runtime');
	const concurrency = (this.getNodeParameter('options.maxConcurrency', 0, 5) as number) || 5;

	const output = await processItems(this, items, { concurrency }, async (i) => {
		const target = modelTarget(this.getNodeParameter('model', i, '', { extractValue: true }) as string, connection);
		if ('error' in target) throw new NodeOperationError(this.getNode(), target.error, { itemIndex: i });
		const systemPrompt = this.getNodeParameter('systemPrompt', i, '') as string;
		const prompt = this.getNodeParameter('prompt', i) as string;
		if (!prompt.trim()) throw new NodeOperationError(this.getNode(), 'Prompt is empty', { itemIndex: i });
		const options = this.getNodeParameter('options', i, {}) as IDataObject;

		const input: ConverseCommandInput = {
			modelId: target.modelId,
			messages: [{ role: 'user', content: [{ text: prompt }] }],
			system: systemPrompt.trim() ? [{ text: systemPrompt }] : undefined,
			inferenceConfig: {
				maxTokens: options.maxTokens as number | undefined,
				temperature: options.temperature as number | undefined,
			},
		};
		const client = await getClient('bedrockRuntime', connection, { region: target.region });
		try {
			const response = await client.send(new ConverseCommand(input));
			const text = (response.output?.message?.content ?? [])
				.map((block) => block.text ?? '')
				.join('');
			return {
				json: {
					text,
					stopReason: response.stopReason,
					usage: { ...response.usage },
					latencyMs: response.metrics?.latencyMs,
					model: target.modelId,
				},
			};
		} catch (error) {
			throw toNodeError(this.getNode(), error, { itemIndex: i, modelId: target.modelId, region: target.region, service: 'bedrock-runtime' });
		}
	});
	return [output];
}
