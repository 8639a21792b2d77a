import { NodeApiError, type IDataObject, type ILoadOptionsFunctions } from 'n8n-workflow';

import { DEFAULT_USER, startEmulator, type Emulator } from '../../test/emulator';
import { assumeRoleData } from '../../test/helpers/credentials';
import { testNode } from '../../test/helpers/nodeContext';
import { credentialResolver } from '../shared/auth/resolver';
import { clearClients } from '../shared/clients';
import { searchKnowledgeBases } from '../shared/knowledgeBase/listSearch';

describe('knowledge base picker errors', () => {
	let emulator: Emulator;
	beforeAll(async () => (emulator = await startEmulator()));
	afterAll(async () => await emulator.stop());
	beforeEach(() => {
		emulator.reset();
		credentialResolver.clear();
		clearClients();
	});

	function loadOptions(): ILoadOptionsFunctions {
		const all: IDataObject = { authentication: 'assumeRole' };
		return {
			getNode: () => testNode,
			getCredentials: async () => assumeRoleData(emulator),
			getNodeParameter: (name: string, fallback?: unknown) => (name in all ? all[name] : fallback),
		} as unknown as ILoadOptionsFunctions;
	}

	it('names the operation, keeps the request ID and redacts a quoted secret by value', async () => {
		const secret = DEFAULT_USER.secretAccessKey;
		emulator.injectFault({
			action: 'ListKnowledgeBases',
			kind: 'error',
			status: 403,
			code: 'AccessDeniedException',
			message: `not authorized to perform: bedrock:ListKnowledgeBases (echo ${secret})`,
			times: Infinity,
		});
		const error = await searchKnowledgeBases.call(loadOptions()).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.description).toMatch(/AWS request ID: \S+/);
		expect(apiError.context.awsErrorCode).toBe('AccessDeniedException');
		const shown = `${apiError.message} ${apiError.description} ${JSON.stringify(apiError)}`;
		expect(shown).toContain('ListKnowledgeBases');
		expect(shown).not.toContain(secret);
	});
});
