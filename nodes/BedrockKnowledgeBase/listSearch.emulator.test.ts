import { NodeApiError } from 'n8n-workflow';

import { DEFAULT_USER } from '../../test/emulator';
import { pickerContext, useEmulator } from '../../test/helpers/useEmulator';
import { searchKnowledgeBases } from '../shared/knowledgeBase/listSearch';

describe('knowledge base picker errors', () => {
	const aws = useEmulator();

	const loadOptions = () => pickerContext(aws.emulator);

	it('names the operation, keeps the request ID and redacts a quoted secret by value', async () => {
		const secret = DEFAULT_USER.secretAccessKey;
		aws.emulator.injectFault({
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
