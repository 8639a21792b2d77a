/**
 * What n8n hands a node's list methods (pickers, options lists) in the editor: the node, the
 * credential of one case against the emulator, and the parameters as saved and as being edited
 * (a resource locator gives its value with `extractValue`).
 */
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { CREDENTIAL_CASES } from './credentials';
import { testNode } from './nodeContext';

export function loadOptionsContext(
	emulator: Emulator,
	nodeType: string,
	parameters: IDataObject,
	credential: (typeof CREDENTIAL_CASES)[number] = CREDENTIAL_CASES[1],
): ILoadOptionsFunctions {
	const all: IDataObject = { authentication: credential.authentication, ...parameters };
	const extract = (value: unknown, options?: { extractValue?: boolean }) =>
		options?.extractValue && value && typeof value === 'object' && '__rl' in value
			? (value as unknown as { value: unknown }).value
			: value;
	return {
		getNode: () => ({ ...testNode, type: nodeType }),
		getCredentials: async () => credential.data(emulator),
		getNodeParameter: (name: string, fallback?: unknown, options?: { extractValue?: boolean }) =>
			name in all ? extract(all[name], options) : fallback,
		getCurrentNodeParameter: (name: string, options?: { extractValue?: boolean }) =>
			name in all ? extract(all[name], options) : undefined,
	} as unknown as ILoadOptionsFunctions;
}
