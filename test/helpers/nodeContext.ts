import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

/**
 * The n8n side of a node execution, reduced to what our nodes call: this is the edge where n8n
 * hands a node its parameters, credentials and items. Parameters may be per item (a function).
 */
export interface NodeRun {
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	credentials: Record<string, ICredentialDataDecryptedObject>;
	items?: INodeExecutionData[];
	/** Helpers that replace n8n's (`this.helpers`), e.g. a binary read that counts its calls. */
	helpers?: object;
	continueOnFail?: boolean;
	nodeType?: string;
	/** Whether n8n streams this execution's response (webhook / chat trigger in streaming mode). */
	streaming?: boolean;
	/** The execution's cancel signal (`this.getExecutionCancelSignal()`). */
	cancelSignal?: AbortSignal;
	/** n8n's logger (`this.logger`); absent: a logger that keeps nothing. */
	logger?: RecordingLogger;
	/** The workflow's ID (`this.getWorkflow().id`); absent: `test-workflow`. */
	workflowId?: string;
	/** The execution's ID (`this.getExecutionId()`); absent: `test-execution`. */
	executionId?: string;
	/** The workflow's n8n project, as n8n puts it in the execution's additional data. */
	projectId?: string;
}

/** n8n's logger, keeping every line for the secret sweep. */
export class RecordingLogger {
	readonly lines: Array<{ level: string; message: string; meta?: object }> = [];
	debug = (message: string, meta?: object) => this.lines.push({ level: 'debug', message, meta });
	info = (message: string, meta?: object) => this.lines.push({ level: 'info', message, meta });
	warn = (message: string, meta?: object) => this.lines.push({ level: 'warn', message, meta });
	error = (message: string, meta?: object) => this.lines.push({ level: 'error', message, meta });
	/** Every line as text, meta included. */
	text(): string {
		return this.lines
			.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.meta)}`)
			.join('\n');
	}
}

export interface SentChunk {
	type: string;
	itemIndex: number;
	content?: unknown;
	/** When the chunk was sent, for "before the end" assertions. */
	at: number;
}

/** A binary property as n8n keeps small files: base64 data inline. */
export function binary(content: Buffer | string, mimeType: string, fileName?: string): IBinaryData {
	const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content);
	return { data: buffer.toString('base64'), mimeType, fileName, fileSize: String(buffer.length) };
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
	return path
		.split('.')
		.reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], source);
}

export type TestContext = IExecuteFunctions & { credentialReads: number; chunks: SentChunk[] };

export function executeContext(run: NodeRun): TestContext {
	const items: INodeExecutionData[] = run.items ?? [{ json: {} }];
	const node = { ...testNode, type: run.nodeType ?? testNode.type };
	const binaryOf = (itemIndex: number, name: string): IBinaryData => {
		const data = items[itemIndex]?.binary?.[name];
		if (!data)
			throw new Error(
				`This operation expects the node's input data to contain a binary file '${name}', but none was found [item ${itemIndex}]`,
			);
		return data;
	};
	const context = {
		credentialReads: 0,
		chunks: [] as SentChunk[],
		isStreaming: () => run.streaming ?? false,
		sendChunk(type: string, itemIndex: number, content?: unknown) {
			context.chunks.push({ type, itemIndex, content, at: Date.now() });
		},
		getExecutionCancelSignal: () => run.cancelSignal,
		logger: run.logger ?? new RecordingLogger(),
		helpers: {
			assertBinaryData: (itemIndex: number, name: string) => binaryOf(itemIndex, name),
			getBinaryDataBuffer: async (itemIndex: number, name: string) =>
				Buffer.from(binaryOf(itemIndex, name).data, 'base64'),
			prepareBinaryData: async (
				buffer: Buffer,
				fileName?: string,
				mimeType?: string,
			): Promise<IBinaryData> => binary(buffer, mimeType ?? 'application/octet-stream', fileName),
			...run.helpers,
		},
		getInputData: () => items,
		getNode: () => node,
		getWorkflow: () => ({ id: run.workflowId ?? 'test-workflow', active: false }),
		getExecutionId: () => run.executionId ?? 'test-execution',
		additionalData: { projectId: run.projectId },
		continueOnFail: () => run.continueOnFail ?? false,
		async getCredentials(type: string) {
			context.credentialReads++;
			const data = run.credentials[type];
			if (!data) throw new Error(`Node does not have credentials of type ${type}`);
			return data;
		},
		getNodeParameter(
			name: string,
			itemIndex: number,
			fallback?: unknown,
			options?: { extractValue?: boolean },
		) {
			const params =
				typeof run.parameters === 'function' ? run.parameters(itemIndex) : run.parameters;
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
	return context as unknown as TestContext;
}

/** A resource locator value as n8n stores it. */
export function locator(value: string, mode: 'list' | 'id' | 'arn' = 'id') {
	return { __rl: true, mode, value };
}

/** What a sub-node's run reported to n8n: the AI tracing's input and output data. */
export interface SupplyRecord {
	inputs: unknown[];
	outputs: unknown[];
}

/**
 * The n8n side of a sub-node (`supplyData`): an execute context plus what n8n's AI tracing
 * calls on it (input and output data of each model call, which carry the token usage).
 */
export function supplyDataContext(
	run: NodeRun & { cancelSignal?: AbortSignal },
): TestContext & SupplyRecord {
	const context = executeContext({
		...run,
		nodeType: run.nodeType ?? 'n8n-nodes-bedrock-iam.lmChatBedrock',
	});
	const record: SupplyRecord = { inputs: [], outputs: [] };
	let runIndex = 0;
	return Object.assign(context, record, {
		getExecutionCancelSignal: () => run.cancelSignal,
		getNextRunIndex: () => runIndex++,
		addInputData: (_type: string, data: unknown) => {
			record.inputs.push(data);
			return { index: runIndex };
		},
		addOutputData: (_type: string, _index: number, data: unknown) => {
			record.outputs.push(data);
		},
		setMetadata: () => undefined,
		getMode: () => 'manual',
		logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
	});
}
