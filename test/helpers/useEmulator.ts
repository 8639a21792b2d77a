/**
 * The set-up every test that talks to the emulator shares: one emulator per test file, and before
 * each test a clean slate (recorded calls and faults forgotten, no cached credentials, clients or
 * quota limiters left from the test before). Files that call it are named `*.emulator.test.ts`.
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
	INodeExecutionData,
} from 'n8n-workflow';

import { credentialResolver } from '../../nodes/shared/auth/resolver';
import { clearClients } from '../../nodes/shared/clients';
import { clearLimiters } from '../../nodes/shared/throttle/registry';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { CREDENTIAL_CASES } from './credentials';
import { executeContext, type NodeRun, type TestContext } from './nodeContext';

/** The running emulator of a test file, read inside tests and hooks (it starts in beforeAll). */
export interface EmulatorHandle {
	readonly emulator: Emulator;
}

/** Starts one emulator for the file and resets it and every package cache before each test. */
export function useEmulator(options: EmulatorOptions = {}): EmulatorHandle {
	let running: Emulator | undefined;
	beforeAll(async () => {
		running = await startEmulator(options);
	});
	afterAll(async () => await running?.stop());
	beforeEach(() => {
		running?.reset();
		credentialResolver.clear();
		clearClients();
		clearLimiters();
	});
	return {
		get emulator(): Emulator {
			if (!running) throw new Error('useEmulator: the emulator starts in beforeAll');
			return running;
		},
	};
}

/** One of the credential cases of `test/helpers/credentials.ts`. */
export type CredentialCase = (typeof CREDENTIAL_CASES)[number];

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

/** An action node as n8n runs it: the context n8n would hand it, and the result of execute. */
export function runNode(
	node: { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> },
	emulator: Emulator,
	{ parameters, credential = CREDENTIAL_CASES[1], data, items = 1, ...run }: RunNodeOptions,
): { context: TestContext; result: Promise<INodeExecutionData[][]> } {
	const withAuthentication = (p: IDataObject): IDataObject => ({
		authentication: credential.authentication,
		...p,
	});
	const context = executeContext({
		...run,
		parameters:
			typeof parameters === 'function'
				? (i) => withAuthentication(parameters(i))
				: withAuthentication(parameters),
		credentials: { [credential.type]: data ?? credential.data(emulator) },
		items:
			typeof items === 'number'
				? Array.from({ length: items }, (_, i) => ({ json: { i } }))
				: items,
	});
	return { context, result: node.execute.call(context) };
}
