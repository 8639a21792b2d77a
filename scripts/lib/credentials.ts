/**
 * The ready credentials of `npm run dev` and the e2e suite, one per credential type and a second
 * API key (short-term, presigned at start for 12 hours), all pointing at the local AWS emulator.
 * Their IDs are fixed: the example workflows name them.
 */
import type { Emulator } from '../../test/emulator';
import {
	IAM_CREDENTIAL_CASES,
	longTermApiKeyData,
	shortTermApiKeyData,
} from '../../test/helpers/credentials';
import type { CredentialFile } from './n8n';

/** ID and name of the emulator credential of each type, as the example workflows reference them. */
export const EMULATOR_CREDENTIALS = {
	bedrockAccessKeysApi: { id: 'emuAccessKeys001', name: 'Emulator: Access Keys' },
	bedrockAssumeRoleApi: { id: 'emuAssumeRole001', name: 'Emulator: Assume Role' },
	bedrockRolesAnywhereApi: { id: 'emuRolesAnywh001', name: 'Emulator: IAM Roles Anywhere' },
	bedrockApiKeyApi: { id: 'emuApiKeyLong001', name: 'Emulator: API Key (long-term)' },
} as const;

/** The short-term API key credential (type bedrockApiKeyApi); its key is made at start. */
export const EMULATOR_SHORT_TERM_API_KEY = {
	id: 'emuApiKeyShort01',
	name: 'Emulator: API Key (short-term)',
} as const;

/** The credential data of each emulator credential for an emulator listening at `url`. */
export function emulatorCredentials(url: string): CredentialFile[] {
	const emulator = { url } as Emulator;
	return [
		...IAM_CREDENTIAL_CASES.map(({ type, data }) => ({
			...EMULATOR_CREDENTIALS[type],
			type,
			data: data(emulator),
		})),
		{
			...EMULATOR_CREDENTIALS.bedrockApiKeyApi,
			type: 'bedrockApiKeyApi',
			data: longTermApiKeyData(emulator),
		},
		{
			...EMULATOR_SHORT_TERM_API_KEY,
			type: 'bedrockApiKeyApi',
			data: shortTermApiKeyData(emulator),
		},
	];
}
