import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { docsUrl } from '../nodes/shared/descriptions/docs';
import { connectionFields, rolesAnywhereEndpointField, sessionFields } from './connectionFields';

const pem = { rows: 4 };

export class BedrockRolesAnywhereApi implements ICredentialType {
	name = 'bedrockRolesAnywhereApi';

	displayName = 'Amazon Bedrock (IAM Roles Anywhere) API';

	icon: Icon = { light: 'file:../icons/bedrock.svg', dark: 'file:../icons/bedrock.dark.svg' };

	documentationUrl = docsUrl('bedrockRolesAnywhereApi');

	properties: INodeProperties[] = [
		{
			displayName: 'Trust Anchor ARN',
			name: 'trustAnchorArn',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0a1b2c3d-…',
			hint: 'IAM Roles Anywhere > Trust anchors > yours, in the Auth Region: the CA there must have issued the certificate',
		},
		{
			displayName: 'Profile ARN',
			name: 'profileArn',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/0a1b2c3d-…',
			hint: 'IAM Roles Anywhere > Profiles > yours, in the Auth Region: it must list the role below',
		},
		{
			displayName: 'Role ARN',
			name: 'roleArn',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'arn:aws:iam::123456789012:role/BedrockInvoker',
			hint: 'A role of the profile; its trust policy must trust rolesanywhere.amazonaws.com',
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
			hint: 'PEM: certificate, key and chain pasted as text. PKCS#12: one .p12 / .pfx file holding all three, as base64.',
		},
		{
			displayName: 'Certificate',
			name: 'publicCertificate',
			type: 'string',
			typeOptions: pem,
			default: '',
			required: true,
			placeholder: '-----BEGIN CERTIFICATE-----',
			hint: 'Only the end-entity (leaf) certificate of this workload, issued by the CA of the trust anchor or one below it; intermediate CAs go in Certificate Chain',
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
			hint: "The leaf certificate's key in PEM: PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY), SEC1 (BEGIN EC PRIVATE KEY) or encrypted PKCS#8 (BEGIN ENCRYPTED PRIVATE KEY, with Passphrase). RSA 2048 bits or more, or EC P-256 / P-384.",
			displayOptions: { show: { keyFormat: ['pem'] } },
		},
		{
			displayName: 'Passphrase',
			name: 'passphrase',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: 'Only for an encrypted private key (BEGIN ENCRYPTED PRIVATE KEY)',
			displayOptions: { show: { keyFormat: ['pem'] } },
		},
		{
			displayName: 'Certificate Chain',
			name: 'publicCertificateChain',
			type: 'string',
			typeOptions: pem,
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----',
			hint: 'Optional: the intermediate CA certificates in PEM, leaf side first, when a CA below the trust anchor issued the leaf. Neither the leaf nor the root CA.',
			displayOptions: { show: { keyFormat: ['pem'] } },
		},
		{
			displayName: 'PKCS#12 Bundle (Base64)',
			name: 'pkcs12Bundle',
			type: 'string',
			typeOptions: { ...pem, password: true },
			default: '',
			required: true,
			hint: 'A .p12 / .pfx file holding key, leaf certificate and chain, encoded in base64 (e.g. base64 -w0 bundle.p12)',
			displayOptions: { show: { keyFormat: ['pkcs12'] } },
		},
		{
			displayName: 'PKCS#12 Password',
			name: 'pkcs12Password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: 'The password the bundle was exported with; empty if it has none',
			displayOptions: { show: { keyFormat: ['pkcs12'] } },
		},
		...sessionFields({
			sessionName:
				'Empty: AWS names the session after the certificate\'s serial number. A name needs "Accept custom role session name" on the profile; 2 to 64 letters, digits or +=,.@-',
			duration:
				'Lifetime of the temporary credentials: 900 to 43200 seconds, at most the duration the profile allows',
		}),
		...connectionFields,
		rolesAnywhereEndpointField,
	];
}
