import { toConnectionConfig } from '../nodes/shared/auth/connection';
import { credentialResolver } from '../nodes/shared/auth/resolver';
import { clearClients, getClient } from '../nodes/shared/clients';
import { bedrockSdk } from '../nodes/shared/transport/sdk';
import { startEmulator, type Emulator } from './emulator';
import { assumeRoleData } from './helpers/credentials';

/**
 * The resolver is the one credential cache: a client signs with what the resolver holds now, not
 * with a copy the SDK memoised until its expiry. Shown with sessions that stop being valid (the
 * emulator restarted on the same port knows none of the old ones): once the Test button has
 * refreshed the credential, the node's existing client must work again.
 */
describe('clients follow the resolver', () => {
	let emulator: Emulator;
	afterEach(async () => {
		await emulator.stop();
		credentialResolver.clear();
		clearClients();
	});

	it('a client signs with credentials the resolver refreshed after it was created', async () => {
		emulator = await startEmulator();
		const port = Number(new URL(emulator.url).port);
		const connection = toConnectionConfig('bedrockAssumeRoleApi', assumeRoleData(emulator));
		const { ListFoundationModelsCommand } = await bedrockSdk();
		const bedrock = await getClient('bedrock', connection);
		await bedrock.send(new ListFoundationModelsCommand({}));

		await emulator.stop();
		emulator = await startEmulator({ port });
		await credentialResolver.refresh(connection);
		const again = await getClient('bedrock', connection);
		expect(again).toBe(bedrock);
		const out = await again.send(new ListFoundationModelsCommand({}));
		expect(out.modelSummaries?.length).toBeGreaterThan(0);
		expect(emulator.count('AssumeRole')).toBe(1);
	});
});
