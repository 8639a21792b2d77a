import {
	AccessDeniedException,
	ResourceNotFoundException,
	ServiceQuotaExceededException,
	ThrottlingException,
	ValidationException,
} from '@aws-sdk/client-bedrock-agent-runtime';

import { describeAwsError } from './index';

const REQUEST_ID = '0b7a2c1d-1111-2222-3333-444455556666';
const meta = (httpStatusCode: number) => ({ requestId: REQUEST_ID, httpStatusCode, attempts: 1 });
const context = {
	region: 'eu-west-1',
	service: 'bedrock-agent-runtime',
	operation: 'RetrieveAndGenerate',
};

describe('advice for knowledge base errors', () => {
	it('says a knowledge base is not in the region, naming the region and keeping the request ID', () => {
		const info = describeAwsError(
			new ResourceNotFoundException({
				message: 'Knowledge base with id KBSUPPORT1 does not exist',
				$metadata: meta(404),
			}),
			context,
		);
		expect(info).toMatchObject({
			code: 'ResourceNotFoundException',
			message: 'The knowledge base was not found in this Bedrock Region',
			requestId: REQUEST_ID,
			httpStatus: 404,
		});
		expect(info.advice).toMatch(/Amazon Bedrock > Knowledge Bases.*Region: eu-west-1\.$/s);
	});

	it.each([
		[
			'Invalid input for filter at filter.andAll: expected a list of 2 to 5 filters',
			/^AWS refused the metadata filter: Invalid input for filter/,
			/"andAll" \/ "orAll" with 2 to 5 filters/,
		],
		[
			'Session with Id abc is not valid. Please check and try again.',
			/^The session ID is not valid for this knowledge base$/,
			/leave Session ID empty/,
		],
		[
			'The prompt template must contain the $search_results$ variable.',
			/^The prompt template is not valid/,
			/Put \$search_results\$ in Prompt Template/,
		],
		[
			'The reranking model arn:aws:bedrock:x::foundation-model/y is not supported in eu-west-1.',
			/^The reranking model cannot be used here/,
			/Set Reranking Model to None/,
		],
	])('explains the ValidationException "%s"', (message, expectedMessage, advice) => {
		const info = describeAwsError(
			new ValidationException({ message, $metadata: meta(400) }),
			context,
		);
		expect(info.message).toMatch(expectedMessage);
		expect(info.advice).toMatch(advice);
		expect(info.requestId).toBe(REQUEST_ID);
	});

	it('keeps the session advice to Retrieve and Generate', () => {
		const info = describeAwsError(
			new ValidationException({ message: 'Session abc is not valid.', $metadata: meta(400) }),
			{ ...context, operation: 'InvokeAgent' },
		);
		expect(info.message).toBe('Session abc is not valid.');
	});

	it('leaves InvokeAgent’s sessionId constraint to the generic validation advice', () => {
		const info = describeAwsError(
			new ValidationException({
				message:
					"1 validation error detected: Value 'x' at 'sessionId' failed to satisfy constraint",
				$metadata: meta(400),
			}),
			context,
		);
		expect(info.message).toMatch(/^1 validation error detected/);
	});

	it.each([
		new ThrottlingException({ message: 'Rate exceeded', $metadata: meta(429) }),
		new ServiceQuotaExceededException({ message: 'Quota exceeded', $metadata: meta(400) }),
	])('names the knowledge base quotas for %s', (error) => {
		const info = describeAwsError(error, context);
		expect(info.message).toBe('AWS is throttling the requests: a quota was reached');
		expect(info.advice).toMatch(/Max Concurrent Requests.*Retrieve and RetrieveAndGenerate/s);
	});

	it('keeps the model access advice for a model the account may not use', () => {
		const info = describeAwsError(
			new AccessDeniedException({
				message: "You don't have access to the model with the specified model ID.",
				$metadata: meta(403),
			}),
			context,
		);
		expect(info.message).toBe('Access to this model has not been granted in this region');
	});
});
