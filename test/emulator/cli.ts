/**
 * Runs the emulator for humans: `EMULATOR_PORT=4599 <ts runner> test/emulator/cli.ts`.
 * Prints the endpoint and the default identities, then serves until interrupted.
 */
import {
	DEFAULT_EXTERNAL_ID,
	DEFAULT_PROFILE_ARN,
	DEFAULT_ROLE_ARN,
	DEFAULT_TRUST_ANCHOR_ARN,
	DEFAULT_USER,
	PKI_DIR,
	startEmulator,
	type Emulator,
} from './index';

export async function main(port = Number(process.env.EMULATOR_PORT ?? 4599)): Promise<Emulator> {
	const emulator = await startEmulator({ port });
	const lines = [
		`AWS emulator (STS, Roles Anywhere, Bedrock, Bedrock Runtime, Bedrock Agents) at ${emulator.url}`,
		`  access key ID      ${DEFAULT_USER.accessKeyId}`,
		`  secret access key  ${DEFAULT_USER.secretAccessKey}`,
		`  user ARN           ${DEFAULT_USER.arn}`,
		`  role ARN           ${DEFAULT_ROLE_ARN} (External ID ${DEFAULT_EXTERNAL_ID})`,
		`  trust anchor ARN   ${DEFAULT_TRUST_ANCHOR_ARN}`,
		`  profile ARN        ${DEFAULT_PROFILE_ARN}`,
		`  certificates       ${PKI_DIR} (rsa.cert.pem + intermediate.cert.pem, p256.cert.pem)`,
	];
	process.stdout.write(lines.join('\n') + '\n');
	return emulator;
}

if (require.main === module) {
	void main().then((emulator) => {
		const stop = () => void emulator.stop().then(() => process.exit(0));
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	});
}
