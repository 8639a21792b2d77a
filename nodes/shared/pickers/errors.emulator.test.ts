import { NodeApiError } from 'n8n-workflow';

import { pickerContext, useEmulator } from '../../../test/helpers/useEmulator';
import { searchModels } from './models';

describe('model picker errors', () => {
	const aws = useEmulator();

	const loadOptions = () => pickerContext(aws.emulator);

	it('a role without list permissions gets advice, the AWS code and the request ID', async () => {
		for (const action of ['ListFoundationModels', 'ListInferenceProfiles']) {
			aws.emulator.injectFault({
				action,
				kind: 'error',
				status: 403,
				code: 'AccessDeniedException',
				message: `User: arn:aws:sts::111122223333:assumed-role/BedrockInvoker/n8n-test is not authorized to perform: bedrock:${action}`,
				times: Infinity,
			});
		}
		const error = await searchModels.call(loadOptions()).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.description).toMatch(/AWS request ID: \S+/);
		expect(apiError.description).toContain('bedrock:ListFoundationModels');
		expect(apiError.context.awsErrorCode).toBe('AccessDeniedException');
		expect(typeof apiError.context.awsRequestId).toBe('string');
	});
});
