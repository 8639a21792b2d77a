import { toConnectionConfig } from '../auth/connection';
import { modelTarget } from './modelTarget';

const connection = toConnectionConfig('bedrockAccessKeysApi', {
	accessKeyId: 'AKIAEXAMPLEUSER00001',
	secretAccessKey: 'fake',
	region: 'us-east-1',
});

describe('modelTarget', () => {
	it.each([
		'amazon.nova-lite-v1:0',
		'us.anthropic.claude-sonnet-4-20250514-v1:0',
		'eu.amazon.nova-pro-v1:0',
		'apac.amazon.nova-micro-v1:0',
		'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
		'us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0',
		'meta.llama3-1-8b-instruct-v1:0',
	])('calls the ID %s in the Bedrock region', (id) => {
		expect(modelTarget(id, connection)).toEqual({ modelId: id, region: 'us-east-1' });
	});

	it.each([
		['arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0', 'eu-west-1'],
		['arn:aws:bedrock:us-west-2:111122223333:application-inference-profile/a1b2c3', 'us-west-2'],
		['arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc', 'us-east-1'],
		['arn:aws:bedrock:us-east-1:111122223333:custom-model/amazon.titan/abc', 'us-east-1'],
		['arn:aws:bedrock:us-east-1:111122223333:imported-model/abc', 'us-east-1'],
		['arn:aws:bedrock:us-east-1:111122223333:prompt/PROMPT12345:1', 'us-east-1'],
	])('calls the ARN %s in its own region', (arn, region) => {
		expect(modelTarget(arn, connection)).toEqual({ modelId: arn, region });
	});

	it.each([
		['', 'Model is empty'],
		['gpt 4', 'not a model or inference profile ID'],
		['arn:aws:s3:::bucket', 'not a regional Bedrock'],
		['arn:aws-cn:bedrock:cn-north-1::foundation-model/x', 'partition aws-cn'],
	])('refuses %s', (value, message) => {
		expect(modelTarget(value, connection)).toEqual({ error: expect.stringContaining(message) });
	});
});
