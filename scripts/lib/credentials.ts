/**
 * The three ready credentials of `npm run dev` and the e2e suite, one per credential type, all
 * pointing at the local AWS emulator. Their IDs are fixed: the example workflows name them.
 */
import type { Emulator } from '../../test/emulator';
import { CREDENTIAL_CASES } from '../../test/helpers/credentials';
import type { CredentialFile } from './n8n';

/** ID and name of the emulator credential of each type, as the example workflows reference them. */
export const EMULATOR_CREDENTIALS = {
	bedrockAccessKeysApi: { id: 'emuAccessKeys001', name: 'Emulator: Access Keys' },
	bedrockAssumeRoleApi: { id: 'emuAssumeRole001', name: 'Emulator: Assume Role' },
	bedrockRolesAnywhereApi: { id: 'emuRolesAnywh001', name: 'Emulator: IAM Roles Anywhere' },
} as const;

/** The credential data of each type for an emulator listening at `url`. */
export function emulatorCredentials(url: string): CredentialFile[] {
	const emulator = { url } as Emulator;
	return CREDENTIAL_CASES.map(({ type, data }) => ({
		...EMULATOR_CREDENTIALS[type],
		type,
		data: data(emulator),
	}));
}
