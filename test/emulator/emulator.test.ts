import { Sha256 } from '@aws-crypto/sha256-js';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';

import { main } from './cli';
import { stsClient } from './clients';
import { DEFAULT_USER, startEmulator, type Emulator } from './index';

/** The user ID GetCallerIdentity reports, through the SDK. */
const userIdOf = async (emulator: Emulator) =>
	(await stsClient(emulator).send(new GetCallerIdentityCommand({}))).UserId;

describe('emulator: lifecycle and HTTP edge', () => {
	test('startEmulator() with no options serves on 127.0.0.1 and stop() closes open connections', async () => {
		const emulator = await startEmulator();
		expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
		// A keep-alive client holds its connection open; stop() must not wait for it.
		const client = stsClient(emulator);
		await client.send(new GetCallerIdentityCommand({}));
		const started = Date.now();
		await emulator.stop();
		expect(Date.now() - started).toBeLessThan(1000);
		await expect(fetch(`${emulator.url}/foundation-models`)).rejects.toThrow();
		client.destroy();
	});

	test('every answer carries x-amzn-RequestId and a Date from the emulator clock', async () => {
		const fixed = new Date('2031-02-03T04:05:06Z');
		const emulator = await startEmulator({ now: () => fixed });
		try {
			const response = await fetch(`${emulator.url}/no/such/route`);
			expect(response.status).toBe(404);
			expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
			expect(response.headers.get('date')).toBe('Mon, 03 Feb 2031 04:05:06 GMT');
			expect(response.headers.get('x-amzn-requestid')).toBe(emulator.calls[0].requestId);
			expect(emulator.calls[0].time).toEqual(fixed);
		} finally {
			await emulator.stop();
		}
	});

	test('unsigned requests are refused as AWS does', async () => {
		const emulator = await startEmulator();
		try {
			const sts = await fetch(emulator.url, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: 'Action=GetCallerIdentity&Version=2011-06-15',
			});
			expect(sts.status).toBe(403);
			const xml = await sts.text();
			expect(xml).toContain('<Code>MissingAuthenticationToken</Code>');
			expect(xml).toContain('<Type>Sender</Type>');
			expect(xml).toContain('xmlns="https://sts.amazonaws.com/doc/2011-06-15/"');
			const bedrock = await fetch(`${emulator.url}/foundation-models`);
			expect(bedrock.status).toBe(403);
			expect(bedrock.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
			expect(emulator.calls.map((c) => [c.service, c.action])).toEqual([
				['sts', 'GetCallerIdentity'],
				['bedrock', 'ListFoundationModels'],
			]);
		} finally {
			await emulator.stop();
		}
	});

	test('STS answers are XML shaped like AWS (raw request signed with SignatureV4)', async () => {
		const emulator = await startEmulator();
		try {
			const body = 'Action=GetCallerIdentity&Version=2011-06-15';
			const signer = new SignatureV4({
				service: 'sts',
				region: 'us-east-1',
				sha256: Sha256,
				credentials: DEFAULT_USER,
			});
			const signed = await signer.sign({
				method: 'POST',
				protocol: 'http:',
				hostname: '127.0.0.1',
				port: emulator.port,
				path: '/',
				query: {},
				headers: {
					host: `127.0.0.1:${emulator.port}`,
					'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
				},
				body,
			});
			const headers = { ...signed.headers };
			delete headers.host; // fetch sets it
			const response = await fetch(emulator.url, { method: 'POST', headers, body });
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('text/xml');
			const requestId = response.headers.get('x-amzn-requestid');
			expect(await response.text()).toBe(
				'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
					'  <GetCallerIdentityResult>\n' +
					`    <Arn>${DEFAULT_USER.arn}</Arn>\n` +
					`    <UserId>${emulator.calls[0].principalArn && (await userIdOf(emulator))}</UserId>\n` +
					'    <Account>111122223333</Account>\n' +
					'  </GetCallerIdentityResult>\n' +
					'  <ResponseMetadata>\n' +
					`    <RequestId>${requestId}</RequestId>\n` +
					'  </ResponseMetadata>\n' +
					'</GetCallerIdentityResponse>\n',
			);
		} finally {
			await emulator.stop();
		}
	});

	test('the CLI starts the emulator and prints the endpoint and default identities', async () => {
		const log = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
		const emulator = await main(0);
		try {
			const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
			expect(printed).toContain(emulator.url);
			expect(printed).toContain(DEFAULT_USER.accessKeyId);
			expect(printed).toContain('arn:aws:iam::111122223333:role/BedrockInvoker');
		} finally {
			log.mockRestore();
			await emulator.stop();
		}
	});
});
