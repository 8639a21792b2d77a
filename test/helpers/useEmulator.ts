/**
 * The set-up every test that talks to the emulator shares: one emulator per test file, and before
 * each test a clean slate (recorded calls and faults forgotten, no cached credentials, clients or
 * quota limiters left from the test before). Files that call it are named `*.emulator.test.ts`.
 * Beside it, what n8n hands our code, pointed at that emulator: runNode() and nodeRunner() for an
 * action node, supplyNode() for a sub-node, pickerContext() for a picker.
 *
 * ```ts
 * const aws = useEmulator();
 * it('…', async () => {
 *   const { result } = runNode(new BedrockConverse(), aws.emulator, { parameters: { … } });
 *   expect(aws.emulator.count('Converse')).toBe(1);
 * });
 * ```
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeTypeDescription,
	ISupplyDataFunctions,
	SupplyData,
} from 'n8n-workflow';

import { credentialResolver } from '../../nodes/shared/auth/resolver';
import { clearClients } from '../../nodes/shared/clients';
import { clearLimiters } from '../../nodes/shared/throttle/registry';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { CREDENTIAL_CASES } from './credentials';
import {
	executeContext,
	supplyDataContext,
	testNode,
	type NodeRun,
	type SupplyRecord,
	type TestContext,
} from './nodeContext';

/** The running emulator of a test file, read inside tests and hooks (it starts in beforeAll). */
export interface EmulatorHandle {
	readonly emulator: Emulator;
	/** The clean slate of before each test, again: for a test that starts over half-way. */
	reset(): void;
}

/**
 * Starts one emulator for the file and resets it and every package cache before each test; the
 * stream delay goes back to the one it started with (tests slow streams down).
 */
export function useEmulator(options: EmulatorOptions = {}): EmulatorHandle {
	let running: Emulator | undefined;
	let startDelayMs = 0;
	beforeAll(async () => {
		running = await startEmulator(options);
		startDelayMs = running.config.streamDelayMs;
	});
	afterAll(async () => await running?.stop());
	const reset = () => {
		running?.reset();
		running?.setStreamDelay(startDelayMs);
		credentialResolver.clear();
		clearClients();
		clearLimiters();
	};
	beforeEach(reset);
	return {
		reset,
		get emulator(): Emulator {
			if (!running) throw new Error('useEmulator: the emulator starts in beforeAll');
			return running;
		},
	};
}

/** A credential type a node authenticates with, and its data against an emulator (credentials.ts). */
export interface CredentialCase {
	readonly authentication: string;
	readonly type: string;
	data(emulator: Emulator): ICredentialDataDecryptedObject;
}

export interface RunNodeOptions extends Omit<NodeRun, 'credentials' | 'items' | 'parameters'> {
	/** The node's parameters (per item with a function); `authentication` comes from the credential. */
	parameters: NodeRun['parameters'];
	/** Which credential type the node uses; the Assume Role case when absent. */
	credential?: CredentialCase;
	/** The credential's data; the case's data against this emulator when absent. */
	data?: ICredentialDataDecryptedObject;
	/** The input items, or how many `{ i }` items; one when absent. */
	items?: INodeExecutionData[] | number;
}

/** What a test runs: an action node of this package. */
export interface ActionNode {
	description: INodeTypeDescription;
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

/** The options of one run besides its parameters. */
export type RunOptions = Omit<RunNodeOptions, 'parameters'>;

/**
 * An action node as n8n runs it: the context n8n would hand it (the node's own type), and the
 * result of execute.
 */
export function runNode(
	node: ActionNode,
	emulator: Emulator,
	{ parameters, credential = CREDENTIAL_CASES[1], data, items = 1, ...run }: RunNodeOptions,
): { context: TestContext; result: Promise<INodeExecutionData[][]> } {
	const withAuthentication = (p: IDataObject): IDataObject => ({
		authentication: credential.authentication,
		...p,
	});
	const context = executeContext({
		nodeType: typeOf(node),
		...run,
		parameters:
			typeof parameters === 'function'
				? (i) => withAuthentication(parameters(i))
				: withAuthentication(parameters),
		credentials: credentialsFor(emulator, credential, data),
		items:
			typeof items === 'number'
				? Array.from({ length: items }, (_, i) => ({ json: { i } }))
				: items,
	});
	return { context, result: node.execute.call(context) };
}

/** A node's type name as n8n knows it (`getNode().type`). */
const typeOf = (node: { description: INodeTypeDescription }) =>
	`n8n-nodes-bedrock-iam.${node.description.name}`;

/** The one credential a run hands the node: the given data, or the case's against this emulator. */
function credentialsFor(
	emulator: Emulator,
	credential: CredentialCase,
	data: ICredentialDataDecryptedObject | undefined,
): NodeRun['credentials'] {
	return { [credential.type]: data ?? credential.data(emulator) };
}

/** What a test supplies from: a sub-node of this package (a chat model, a retriever…). */
export interface SubNode {
	description: INodeTypeDescription;
	supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData>;
}

export interface SupplyNodeOptions
	extends Omit<RunNodeOptions, 'items' | 'parameters' | 'continueOnFail' | 'streaming'> {
	/** The sub-node's parameters; `authentication` comes from the credential. */
	parameters: IDataObject;
}

/**
 * A sub-node as n8n's AI nodes use it: the supplyData context n8n would hand it (with what its
 * AI tracing records) and what it supplied for item 0.
 */
export async function supplyNode(
	node: SubNode,
	emulator: Emulator,
	{ parameters, credential = CREDENTIAL_CASES[1], data, ...run }: SupplyNodeOptions,
): Promise<{ context: TestContext & SupplyRecord; response: unknown }> {
	const context = supplyDataContext({
		nodeType: typeOf(node),
		...run,
		parameters: { authentication: credential.authentication, ...parameters },
		credentials: credentialsFor(emulator, credential, data),
	});
	const { response } = await node.supplyData.call(context as never, 0);
	return { context, response };
}

/**
 * A test file's `run(parameters, options)`: runNode with the node's usual parameters under each
 * test's own (per item with a function).
 */
export function nodeRunner(node: ActionNode, aws: EmulatorHandle, usual: IDataObject) {
	return (parameters: RunNodeOptions['parameters'] = {}, options: RunOptions = {}) =>
		runNode(node, aws.emulator, {
			...options,
			parameters:
				typeof parameters === 'function'
					? (i) => ({ ...usual, ...parameters(i) })
					: { ...usual, ...parameters },
		});
}

export interface PickerOptions {
	/** The node whose picker runs (its type in getNode()); the Converse test node when absent. */
	node?: { description: INodeTypeDescription };
	/** The parameters already set on the node; `authentication` comes from the credential. */
	parameters?: IDataObject;
	credential?: CredentialCase;
	data?: ICredentialDataDecryptedObject;
}

/** The context n8n's editor hands a list search or load-options method (a picker). */
export function pickerContext(
	emulator: Emulator,
	{ node, parameters = {}, credential = CREDENTIAL_CASES[1], data }: PickerOptions = {},
): ILoadOptionsFunctions {
	const all: IDataObject = { authentication: credential.authentication, ...parameters };
	const read = (name: string, fallback: unknown, options?: { extractValue?: boolean }) => {
		if (!(name in all)) return fallback;
		const value = all[name];
		return options?.extractValue && value && typeof value === 'object' && '__rl' in value
			? (value as { value: unknown }).value
			: value;
	};
	return {
		getNode: () => (node ? { ...testNode, type: typeOf(node) } : testNode),
		getCredentials: async () => credentialsFor(emulator, credential, data)[credential.type],
		getNodeParameter: (name: string, fallback?: unknown, options?: { extractValue?: boolean }) =>
			read(name, fallback, options),
		getCurrentNodeParameter: (name: string, options?: { extractValue?: boolean }) =>
			read(name, undefined, options),
	} as unknown as ILoadOptionsFunctions;
}
