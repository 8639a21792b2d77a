/**
 * One execution of the example AI Agent as n8n's Tools Agent drives the Bedrock Chat Model: the
 * question with n8n's Calculator offered, the tool's result sent back, the answer. The model is
 * the sub-node's own (supplyData, n8n's LangChain adapter); only the agent's loop is replayed.
 * Shared by the Chat Model's quota test and the quotas benchmark.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { LmChatBedrock } from '../../nodes/LmChatBedrock/LmChatBedrock.node';
import { locator, supplyDataContext } from './nodeContext';

interface AdapterMessage {
	text: string;
	tool_calls?: Array<{ id?: string; name: string; args: Record<string, unknown> }>;
}
/** n8n's LangChain chat model, as far as an agent uses it. */
export interface ChatAdapter {
	invoke(input: unknown): Promise<AdapterMessage>;
	stream(input: unknown): Promise<AsyncIterable<AdapterMessage>>;
	bindTools(tools: unknown[]): ChatAdapter;
}

export const calculatorTool = {
	name: 'calculator',
	description: 'Useful for getting the result of a math expression',
	schema: z.object({ input: z.string() }),
	invoke: async () => '',
};

export interface ChatModelRun {
	/** Credential type and data, e.g. `bedrockAssumeRoleApi` and its emulator data. */
	credential: { type: string; authentication: string; data: ICredentialDataDecryptedObject };
	model?: string;
	options?: IDataObject;
	workflowId?: string;
	executionId?: string;
}

const node = new LmChatBedrock();

/** The model the Bedrock Chat Model supplies for one execution. */
export async function chatModel(run: ChatModelRun): Promise<ChatAdapter> {
	const context = supplyDataContext({
		parameters: {
			authentication: run.credential.authentication,
			model: locator(run.model ?? 'amazon.nova-lite-v1:0'),
			options: run.options ?? {},
		},
		credentials: { [run.credential.type]: run.credential.data },
		workflowId: run.workflowId,
		executionId: run.executionId,
	});
	const { response } = await node.supplyData.call(context as never, 0);
	return response as ChatAdapter;
}

/** One agent execution: two model calls; resolves with the agent's answer. */
export async function agentExecution(run: ChatModelRun): Promise<string> {
	const model = (await chatModel(run)).bindTools([calculatorTool]);
	const question = 'what is 12 times 7';
	const first = await model.invoke(question);
	const [call] = first.tool_calls ?? [];
	if (!call?.id) throw new Error('the model did not call the calculator');
	// As n8n's Agent replays it: the call's id is added to its arguments.
	const second = await model.invoke([
		{ role: 'user', content: question },
		{
			role: 'assistant',
			content: '',
			tool_calls: [{ ...call, args: { ...call.args, id: call.id } }],
		},
		{ role: 'tool', tool_call_id: call.id, content: '[{"response":"84"}]' },
	]);
	return second.text;
}
