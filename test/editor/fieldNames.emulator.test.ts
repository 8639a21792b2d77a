/**
 * Errors name the fields the user can see. For each broken credential, the Test button's message
 * starts with "The credential is not valid: <Field>:" where <Field> is the display name of a field
 * the credential form shows for that data (display rules evaluated as n8n does for `show`).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { BedrockAccessKeysApi } from '../../credentials/BedrockAccessKeysApi.credentials';
import { BedrockAssumeRoleApi } from '../../credentials/BedrockAssumeRoleApi.credentials';
import { BedrockRolesAnywhereApi } from '../../credentials/BedrockRolesAnywhereApi.credentials';
import { testBedrockCredential } from '../../nodes/shared/credentialTest';
import { pkiPem, type Emulator } from '../emulator';
import { accessKeysData, assumeRoleData, rolesAnywhereData } from '../helpers/credentials';
import { useEmulator } from '../helpers/useEmulator';

const FORMS: Record<string, ICredentialType> = {
	bedrockAccessKeysApi: new BedrockAccessKeysApi(),
	bedrockAssumeRoleApi: new BedrockAssumeRoleApi(),
	bedrockRolesAnywhereApi: new BedrockRolesAnywhereApi(),
};

/** Whether n8n shows a field for this data: every `show` rule holds (values or defaults). */
function visible(
	property: INodeProperties,
	form: ICredentialType,
	data: ICredentialDataDecryptedObject,
) {
	const show = property.displayOptions?.show ?? {};
	return Object.entries(show).every(([name, allowed]) => {
		const value = name in data ? data[name] : form.properties.find((p) => p.name === name)?.default;
		return (allowed as unknown[]).includes(value);
	});
}

/** The display names of the fields the form shows for this data. */
const visibleFields = (type: string, data: ICredentialDataDecryptedObject) =>
	FORMS[type].properties.filter((p) => visible(p, FORMS[type], data)).map((p) => p.displayName);

/** The credential's Test button, as n8n calls it. */
const pressTest = async (type: string, data: ICredentialDataDecryptedObject) =>
	await testBedrockCredential.call({} as ICredentialTestFunctions, {
		id: 'c1',
		name: 'test',
		type,
		data,
	});

const aws = useEmulator();

type Case = [string, string, (e: Emulator) => ICredentialDataDecryptedObject, string];
const CASES: Case[] = [
	[
		'access key ID missing',
		'bedrockAccessKeysApi',
		(e) => accessKeysData(e, { accessKeyId: '' }),
		'Access Key ID',
	],
	[
		'source access key ID missing',
		'bedrockAssumeRoleApi',
		(e) => assumeRoleData(e, { accessKeyId: '' }),
		'Source Access Key ID',
	],
	[
		'source secret missing',
		'bedrockAssumeRoleApi',
		(e) => assumeRoleData(e, { secretAccessKey: '' }),
		'Source Secret Access Key',
	],
	[
		'host identity not allowed (and a bad region too)',
		'bedrockAssumeRoleApi',
		(e) =>
			assumeRoleData(e, {
				sourceCredentials: 'hostChain',
				region: 'other',
				customRegion: 'Not A Region',
			}),
		'Source Credentials',
	],
	[
		'PKCS#12 bundle empty',
		'bedrockRolesAnywhereApi',
		(e) =>
			rolesAnywhereData(e, {
				keyFormat: 'pkcs12',
				publicCertificate: '',
				privateKey: '',
				pkcs12Bundle: '',
			}),
		'PKCS#12 Bundle (Base64)',
	],
	[
		'PKCS#12 bundle not base64',
		'bedrockRolesAnywhereApi',
		(e) => rolesAnywhereData(e, { keyFormat: 'pkcs12', pkcs12Bundle: 'not a bundle' }),
		'PKCS#12 Bundle (Base64)',
	],
	[
		'PEM certificate empty',
		'bedrockRolesAnywhereApi',
		(e) => rolesAnywhereData(e, { publicCertificate: '' }),
		'Certificate',
	],
	[
		'PEM key of another certificate',
		'bedrockRolesAnywhereApi',
		(e) => rolesAnywhereData(e, { privateKey: pkiPem('p256.key.pem') }),
		'Private Key',
	],
	[
		'trust anchor ARN malformed',
		'bedrockRolesAnywhereApi',
		(e) => rolesAnywhereData(e, { trustAnchorArn: 'arn:nope' }),
		'Trust Anchor ARN',
	],
	[
		'Other region chosen, none typed',
		'bedrockAccessKeysApi',
		(e) => accessKeysData(e, { region: 'other', customRegion: '' }),
		'Bedrock Custom Region',
	],
	[
		'Other region typed wrongly',
		'bedrockAccessKeysApi',
		(e) => accessKeysData(e, { region: 'other', customRegion: 'EU West' }),
		'Bedrock Custom Region',
	],
	[
		'Other auth region chosen, none typed',
		'bedrockAssumeRoleApi',
		(e) => assumeRoleData(e, { authRegion: 'other', authCustomRegion: '' }),
		'Auth Custom Region',
	],
	[
		'hidden custom region of an old credential is invalid',
		'bedrockAccessKeysApi',
		(e) => accessKeysData(e, { region: 'us-east-1', customRegion: 'EU West' }),
		'Bedrock Region',
	],
	[
		'connection timeout not a number',
		'bedrockAccessKeysApi',
		(e) => accessKeysData(e, { connectionTimeout: 'soon' }),
		'Connection Timeout (Milliseconds)',
	],
];

describe('credential errors name the fields the user can see', () => {
	it.each(CASES)('%s (%s)', async (_label, type, data, field) => {
		const credentialData = data(aws.emulator);
		const result = await pressTest(type, credentialData);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(new RegExp(`^The credential is not valid: ${escape(field)}: `));
		expect(visibleFields(type, credentialData)).toContain(field);
		expect(aws.emulator.calls).toEqual([]);
	});

	it('every field name an error may use is a field of some credential form', () => {
		const all = new Set(
			Object.values(FORMS).flatMap((f) => f.properties.map((p) => p.displayName)),
		);
		for (const [, , , field] of CASES) expect(all).toContain(field);
	});
});

/** A new credential with three wrong fields, as a user fills it in: the Test names all three. */
const THREE_WRONG: Array<[string, (e: Emulator) => ICredentialDataDecryptedObject, string[]]> = [
	[
		'bedrockAssumeRoleApi',
		(e) =>
			assumeRoleData(e, {
				roleArn: 'arn:aws:iam::12345:role/',
				accessKeyId: 'not-a-key-id',
				externalId: 'x',
			}),
		['Role ARN', 'External ID', 'Source Access Key ID'],
	],
	[
		'bedrockAccessKeysApi',
		(e) =>
			accessKeysData(e, {
				accessKeyId: '',
				secretAccessKey: '',
				region: 'other',
				customRegion: '',
			}),
		['Bedrock Custom Region', 'Access Key ID', 'Secret Access Key'],
	],
	[
		'bedrockRolesAnywhereApi',
		(e) =>
			rolesAnywhereData(e, { trustAnchorArn: 'arn:nope', profileArn: '', roleSessionName: 'x' }),
		['Trust Anchor ARN', 'Profile ARN', 'Role Session Name'],
	],
];

describe('a credential with several wrong fields', () => {
	it.each(THREE_WRONG)(
		'%s: the Test lists every field at fault, one per line',
		async (type, data, fields) => {
			const credentialData = data(aws.emulator);
			const result = await pressTest(type, credentialData);
			expect(result.status).toBe('Error');
			const lines = result.message.replace(/^The credential is not valid: /, '').split('\n');
			expect(lines.map((line) => line.split(':')[0])).toEqual(fields);
			for (const field of fields) expect(visibleFields(type, credentialData)).toContain(field);
			expect(aws.emulator.calls).toEqual([]);
		},
	);
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
