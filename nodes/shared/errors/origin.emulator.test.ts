import { assumeRoleData, rolesAnywhereData } from '../../../test/helpers/credentials';
import { useEmulator } from '../../../test/helpers/useEmulator';
import { toConnectionConfig } from '../auth/connection';
import { credentialResolver } from '../auth/resolver';
import { readInvokeStream } from '../../BedrockGenerate/response';
import { guardCutOff } from '../errors/streamCutOff';
import { CONVERSE_STREAM } from '../transport/origin';
import { describeAwsError, findAdvice } from './index';

/** Advice follows where an error came from (its fields), not words that happen to be in it. */
describe('error origin', () => {
	const aws = useEmulator();

	it('an AssumeRole AccessDenied for a role named RolesAnywhere-Bedrock gets the AssumeRole advice', async () => {
		const connection = toConnectionConfig(
			'bedrockAssumeRoleApi',
			assumeRoleData(aws.emulator, {
				roleArn: 'arn:aws:iam::123456789012:role/RolesAnywhere-Bedrock',
				externalId: 'not-the-external-id',
			}),
		);
		const error: unknown = await credentialResolver.resolve(connection).then(
			() => undefined,
			(thrown: unknown) => thrown,
		);
		const info = describeAwsError(error, { service: 'bedrock-runtime' });
		expect(info.code).toBe('AccessDenied');
		expect(info.message).toMatch(/refused to let the source identity assume the role/);
		expect(info.advice).toMatch(/sts:ExternalId/);
		expect(info.advice).not.toMatch(/Roles Anywhere|rolesanywhere/i);
		expect(error).toMatchObject({
			service: 'sts',
			operation: 'AssumeRole',
			stage: 'authentication',
		});
	});

	it('a CreateSession refusal says it came from IAM Roles Anywhere CreateSession', async () => {
		const connection = toConnectionConfig(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(aws.emulator, {
				roleArn: 'arn:aws:iam::123456789012:role/Sts-AssumeRole-Bedrock',
			}),
		);
		const error: unknown = await credentialResolver.resolve(connection).then(
			() => undefined,
			(thrown: unknown) => thrown,
		);
		expect(error).toMatchObject({
			service: 'rolesanywhere',
			operation: 'CreateSession',
			stage: 'authentication',
		});
		expect(describeAwsError(error, { service: 'bedrock-runtime' }).advice).toMatch(
			/IAM Roles Anywhere|rolesanywhere/,
		);
	});

	it('advice scoped to an operation applies to that operation only', () => {
		const message =
			'User: arn:aws:iam::123456789012:user/n8n is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/R';
		const assumeRole = findAdvice('AccessDenied', message, 'sts', 'AssumeRole');
		expect(assumeRole?.entry.operation).toBe('AssumeRole');
		expect(assumeRole?.entry.message).toMatch(/assume the role/);
		expect(findAdvice('AccessDenied', message, 'sts', 'GetCallerIdentity')?.entry.operation).toBe(
			undefined,
		);
	});

	it('a cut-off stream says which streaming call it was', async () => {
		await expect(
			readInvokeStream(undefined, {
				modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
				customFields: [],
				includeDefaults: true,
				includeRaw: false,
			}),
		).rejects.toMatchObject({
			service: 'bedrock-runtime',
			operation: 'InvokeModelWithResponseStream',
		});
		const truncated: AsyncIterable<never> = {
			[Symbol.asyncIterator]: () => ({
				next: async () => {
					throw new Error('Truncated event message received.');
				},
			}),
		};
		const read = async () => {
			for await (const _event of guardCutOff(truncated, CONVERSE_STREAM)) void _event;
		};
		await expect(read()).rejects.toMatchObject({ operation: 'ConverseStream' });
	});
});
