import type { RetrieveAndGenerateStreamResponseOutput } from '@aws-sdk/client-bedrock-agent-runtime';

import { StreamCutOffError } from '../shared/errors/streamCutOff';
import { readRetrieveAndGenerateStream } from './answerStream';

async function* events(list: object[], error?: Error) {
	for (const event of list) yield event as RetrieveAndGenerateStreamResponseOutput;
	if (error) throw error;
}

const reference = {
	content: { text: 'chunk' },
	location: { type: 'S3', s3Location: { uri: 's3://b/k' } },
};

describe('readRetrieveAndGenerateStream', () => {
	it('joins the output, passes each piece on, and keeps citations and the guardrail action', async () => {
		const pieces: string[] = [];
		const answer = await readRetrieveAndGenerateStream(
			events([
				{ output: { text: 'One ' } },
				{ output: { text: 'two.' } },
				{
					citation: {
						generatedResponsePart: {
							textResponsePart: { text: 'One two.', span: { start: 0, end: 7 } },
						},
						retrievedReferences: [reference],
					},
				},
				{ citation: { citation: { retrievedReferences: [reference] } } },
				{ guardrail: { action: 'NONE' } },
			]),
			(t) => pieces.push(t),
		);
		expect(pieces).toEqual(['One ', 'two.']);
		expect(answer).toEqual({
			output: 'One two.',
			citations: [
				{
					generatedResponsePart: {
						textResponsePart: { text: 'One two.', span: { start: 0, end: 7 } },
					},
					retrievedReferences: [reference],
				},
				{ retrievedReferences: [reference] },
			],
			guardrailAction: 'NONE',
		});
	});

	it('throws an exception member as an AWS error with its code and fault', async () => {
		const failure = readRetrieveAndGenerateStream(
			events([{ output: { text: 'x' } }, { throttlingException: { message: 'Slow down' } }]),
		);
		await expect(failure).rejects.toMatchObject({
			name: 'ThrottlingException',
			message: 'Slow down',
			$fault: 'client',
		});
		await expect(
			readRetrieveAndGenerateStream(events([{ internalServerException: {} }])),
		).rejects.toMatchObject({ name: 'InternalServerException', $fault: 'server' });
	});

	it('calls a stream without output, or one cut mid-event, cut off', async () => {
		await expect(readRetrieveAndGenerateStream(events([]))).rejects.toMatchObject({
			name: 'StreamCutOffError',
			service: 'bedrock-agent-runtime',
			operation: 'RetrieveAndGenerateStream',
		});
		await expect(readRetrieveAndGenerateStream(undefined)).rejects.toThrow(StreamCutOffError);
		await expect(
			readRetrieveAndGenerateStream(
				events([{ output: { text: 'x' } }], new Error('Truncated event message received.')),
			),
		).rejects.toThrow(StreamCutOffError);
	});
});
