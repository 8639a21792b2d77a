/**
 * The credential forms explain themselves: every field has help text under it (n8n shows a
 * field's `hint` there; a `description` only as a tooltip on hover), the fields validation
 * needs are marked required (n8n marks them and names them when empty), and the two forms with
 * a session share its defaults. test/e2e/editor.e2e.ts checks the same in the real editor.
 */
import type { ICredentialType } from 'n8n-workflow';

import { BedrockAccessKeysApi } from '../../credentials/BedrockAccessKeysApi.credentials';
import { BedrockApiKeyApi } from '../../credentials/BedrockApiKeyApi.credentials';
import { BedrockAssumeRoleApi } from '../../credentials/BedrockAssumeRoleApi.credentials';
import { BedrockRolesAnywhereApi } from '../../credentials/BedrockRolesAnywhereApi.credentials';
import { packageCredentialTypes } from '../../scripts/lib/paths';

const FORMS: ICredentialType[] = [
	new BedrockAccessKeysApi(),
	new BedrockApiKeyApi(),
	new BedrockAssumeRoleApi(),
	new BedrockRolesAnywhereApi(),
];

/** Fields the validation refuses when empty (whenever the form shows them). */
const REQUIRED = [
	'accessKeyId',
	'secretAccessKey',
	'apiKey',
	'roleArn',
	'trustAnchorArn',
	'profileArn',
	'publicCertificate',
	'privateKey',
	'pkcs12Bundle',
	'customRegion',
	'authCustomRegion',
];

describe('credential forms', () => {
	it('cover every credential type of package.json', () => {
		expect(FORMS.map((f) => f.name).sort()).toEqual(packageCredentialTypes().sort());
	});

	it.each(FORMS.map((f) => [f.name, f] as const))(
		'%s: every field has help text under it',
		(_name, form) => {
			const without = form.properties
				.filter((p) => typeof p.hint !== 'string' || p.hint.trim().length < 10)
				.map((p) => p.displayName);
			expect(without).toEqual([]);
		},
	);

	it.each(FORMS.map((f) => [f.name, f] as const))(
		'%s: the fields validation needs are marked required',
		(_name, form) => {
			for (const p of form.properties.filter((p) => REQUIRED.includes(p.name)))
				expect([p.displayName, p.required]).toEqual([p.displayName, true]);
		},
	);

	it('Role Session Name and Session Duration have the same defaults in both forms', () => {
		const fields = (form: ICredentialType) =>
			form.properties
				.filter((p) => ['roleSessionName', 'sessionDuration'].includes(p.name))
				.map((p) => [p.name, p.default]);
		expect(fields(new BedrockAssumeRoleApi())).toEqual([
			['roleSessionName', ''],
			['sessionDuration', 3600],
		]);
		expect(fields(new BedrockRolesAnywhereApi())).toEqual(fields(new BedrockAssumeRoleApi()));
	});

	it('the help says which PEM goes where and what an External ID is for', () => {
		const hint = (form: ICredentialType, name: string) =>
			String(form.properties.find((p) => p.name === name)?.hint);
		const rolesAnywhere = new BedrockRolesAnywhereApi();
		expect(hint(rolesAnywhere, 'publicCertificate')).toMatch(/leaf.*Certificate Chain/);
		expect(hint(rolesAnywhere, 'publicCertificateChain')).toMatch(/intermediate/);
		expect(hint(rolesAnywhere, 'privateKey')).toMatch(/PKCS#8.*PKCS#1.*SEC1/);
		expect(hint(new BedrockAssumeRoleApi(), 'externalId')).toMatch(/trust policy.*confused deputy/);
	});
});
