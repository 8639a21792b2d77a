import { CredentialValidationError } from '../errors';
import {
	SESSION_DURATION,
	validateArn,
	validateDurationSeconds,
	validateSessionName,
} from '../validate';
import type { CertificateInput } from '../x509';
import { rawText, text } from './fields';
import type { CredentialKindReader } from './types';

export interface RolesAnywhereAuth {
	kind: 'rolesAnywhere';
	trustAnchorArn: string;
	profileArn: string;
	roleArn: string;
	roleSessionName?: string;
	durationSeconds: number;
	certificate: CertificateInput;
}

export const rolesAnywhere: CredentialKindReader<RolesAnywhereAuth> = {
	read(data, { authRegion, partition, check }) {
		const trustAnchor = check(() =>
			validateArn('Trust Anchor ARN', text(data.trustAnchorArn), 'trustAnchor', partition),
		);
		const profile = check(() =>
			validateArn('Profile ARN', text(data.profileArn), 'profile', partition),
		);
		check(() => validateArn('Role ARN', text(data.roleArn), 'role', partition));
		for (const [field, arn] of [
			['Trust Anchor ARN', trustAnchor],
			['Profile ARN', profile],
		] as const) {
			if (arn && arn.region !== authRegion) {
				check(() => {
					throw new CredentialValidationError(
						field,
						`is in ${arn.region}, but Auth Region is ${authRegion}; CreateSession must be called in the region of the trust anchor and profile: set Auth Region to ${arn.region}`,
						'RegionMismatch',
					);
				});
			}
		}
		const name = text(data.roleSessionName);
		const pkcs12 = text(data.keyFormat) === 'pkcs12';
		return {
			kind: 'rolesAnywhere',
			trustAnchorArn: text(data.trustAnchorArn),
			profileArn: text(data.profileArn),
			roleArn: text(data.roleArn),
			roleSessionName: name
				? check(() => validateSessionName('Role Session Name', name))
				: undefined,
			durationSeconds:
				check(() => validateDurationSeconds('Session Duration (Seconds)', data.sessionDuration)) ??
				SESSION_DURATION.default,
			certificate: pkcs12
				? {
						format: 'pkcs12',
						pkcs12Base64: text(data.pkcs12Bundle),
						pkcs12Password: rawText(data.pkcs12Password),
					}
				: {
						certificatePem: text(data.publicCertificate),
						privateKeyPem: text(data.privateKey),
						passphrase: rawText(data.passphrase),
						chainPem: text(data.publicCertificateChain) || undefined,
					},
		};
	},
};
