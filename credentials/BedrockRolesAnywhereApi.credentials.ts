import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { connectionFields, rolesAnywhereEndpointField, sessionFields } from './connectionFields';

const pem = { rows: 4 };

export class BedrockRolesAnywhereApi implements ICredentialType {
	name = 'bedrockRolesAnywhereApi';

	displayName = 'Amazon Bedrock (IAM Roles Anywhere) API';

	icon: Icon = { light: 'file:../icons/bedrock.svg', dark: 'file:../icons/bedrock.dark.svg' };

	documentationUrl = 'https://n8n-nodes-bedrock-iam.invalid/docs#iam-roles-anywhere';

	properties: INodeProperties[] = [
		{
			displayName: 'Trust Anchor ARN',
			name: 'trustAnchorArn',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0a1b2c3d-…',
		},
		{
			displayName: 'Profile ARN',
			name: 'profileArn',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/0a1b2c3d-…',
		},
		{
			displayName: 'Role ARN',
			name: 'roleArn',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'arn:aws:iam::123456789012:role/BedrockInvoker',
			description: 'A role of the profile; its trust policy must trust rolesanywhere.amazonaws.com',
		},
		{
			displayName: 'Certificate Format',
			name: 'keyFormat',
			type: 'options',
			options: [
				{ name: 'PEM (Certificate, Key, Chain)', value: 'pem' },
				{ name: 'PKCS#12 Bundle', value: 'pkcs12' },
			],
			default: 'pem',
		},
		{
			displayName: 'Certificate',
			name: 'publicCertificate',
			type: 'string',
			typeOptions: pem,
			default: '',
			required: true,
			placeholder: '-----BEGIN CERTIFICATE-----',
			description: 'The end-entity (leaf) certificate in PEM, issued by a CA of the trust anchor',
			displayOptions: { show: { keyFormat: ['pem'] } },
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { ...pem, password: true },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description:
				"The certificate's key in PEM: PKCS#8, PKCS#1, SEC1 or encrypted PKCS#8. RSA 2048+ or EC P-256/P-384.",
			displayOptions: { show: { keyFormat: ['pem'] } },
		},
		{
			displayName: 'Passphrase',
			name: 'passphrase',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for an encrypted private key',
			displayOptions: { show: { keyFormat: ['pem'] } },
		},
		{
			displayName: 'Certificate Chain',
			name: 'publicCertificateChain',
			type: 'string',
			typeOptions: pem,
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----',
			description:
				'Intermediate CA certificates in PEM, leaf side first, when the leaf is not issued directly by the trust anchor',
			displayOptions: { show: { keyFormat: ['pem'] } },
		},
		{
			displayName: 'PKCS#12 Bundle (Base64)',
			name: 'pkcs12Bundle',
			type: 'string',
			typeOptions: { ...pem, password: true },
			default: '',
			required: true,
			description: 'A .p12 / .pfx file holding key, certificate and chain, encoded in base64',
			displayOptions: { show: { keyFormat: ['pkcs12'] } },
		},
		{
			displayName: 'PKCS#12 Password',
			name: 'pkcs12Password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { keyFormat: ['pkcs12'] } },
		},
		...sessionFields(
			'',
			'Optional. Needs "Accept custom role session name" on the profile; otherwise AWS names the session after the certificate\'s serial number.',
		),
		...connectionFields,
		rolesAnywhereEndpointField,
	];
}
