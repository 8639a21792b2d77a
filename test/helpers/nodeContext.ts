import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

/**
 * The n8n side of a node execution, reduced to what our nodes call: this is the edge where n8n
 * hands a node its parameters, credentials and items. Parameters may be per item (a function).
 */
export interface NodeRun {
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	credentials: Record<string, ICredentialDataDecryptedObject>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	nodeType?: string;
}

export const testNode: INode = {
	id: 'node-under-test',
	name: 'Bedrock',
	type: 'n8n-nodes-bedrock-iam.bedrockConverse',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function lookup(source: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], source);
}

export function executeContext(run: NodeRun): IExecuteFunctions & { credentialReads: number } {
	const items = run.items ?? [{ json: {} }];
	const node = { ...testNode, type: run.nodeType ?? testNode.type };
	const context = {
		credentialReads: 0,
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => run.continueOnFail ?? false,
		async getCredentials(type: string) {
			context.credentialReads++;
			const data = run.credentials[type];
			if (!data) throw new Error(`Node does not have credentials of type ${type}`);
			return data;
		},
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown, options?: { extractValue?: boolean }) {
			const params = typeof run.parameters === 'function' ? run.parameters(itemIndex) : run.parameters;
			let value = lookup(params, name);
			if (value === undefined) {
				if (arguments.length >= 3) return fallback;
				throw new Error(`Could not get parameter "${name}"`);
			}
			if (options?.extractValue && value && typeof value === 'object' && '__rl' in value) {
				value = (value as unknown as { value: unknown }).value;
			}
			return value;
		},
	};
	return context as unknown as IExecuteFunctions & { credentialReads: number };
}

/** A resource locator value as n8n stores it. */
export function locator(value: string, mode: 'list' | 'id' | 'arn' = 'id') {
	return { __rl: true, mode, value };
}
