import { useEmulator } from '../helpers/useEmulator';

/** The emulator faults the fault matrix added (test/emulator/replyFaults.ts), on the wire. */
describe('emulator reply faults', () => {
	const aws = useEmulator();

	const converse = () =>
		fetch(`${aws.emulator.url}/model/amazon.nova-lite-v1%3A0/converse`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});

	it('error: any code and status, in the JSON protocol', async () => {
		aws.emulator.injectFault({
			action: 'Converse',
			kind: 'error',
			status: 408,
			code: 'ModelTimeoutException',
			message: 'too slow',
		});
		const response = await converse();
		expect(response.status).toBe(408);
		expect(response.headers.get('x-amzn-errortype')).toBe('ModelTimeoutException');
		expect(await response.json()).toEqual({ message: 'too slow' });
		expect(aws.emulator.calls[0]).toMatchObject({
			fault: 'error',
			status: 408,
			errorCode: 'ModelTimeoutException',
		});
	});

	it('error: in the STS query protocol, with defaults', async () => {
		aws.emulator.injectFault({ action: 'AssumeRole', kind: 'error' });
		const response = await fetch(`${aws.emulator.url}/`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'Action=AssumeRole&Version=2011-06-15',
		});
		expect(response.status).toBe(500);
		expect(await response.text()).toContain('<Code>InternalFailure</Code>');
	});

	it('emptyCredentials: an AssumeRoleResult and a credentialSet without credentials', async () => {
		aws.emulator.injectFault({ action: 'AssumeRole', kind: 'emptyCredentials' });
		aws.emulator.injectFault({ action: 'CreateSession', kind: 'emptyCredentials' });
		const sts = await fetch(`${aws.emulator.url}/`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'Action=AssumeRole&Version=2011-06-15',
		});
		expect(sts.status).toBe(200);
		const xml = await sts.text();
		expect(xml).toMatch(/<AssumeRoleResult>\s*<\/AssumeRoleResult>/);
		expect(xml).not.toContain('AccessKeyId');
		const ra = await fetch(`${aws.emulator.url}/sessions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		expect(ra.status).toBe(201);
		expect(await ra.json()).toEqual({ credentialSet: [] });
	});

	it.each([true, false])(
		'oversized: a valid Converse answer of exactly the size asked (length announced: %s)',
		async (declareLength) => {
			const bytes = 3 * 1024 * 1024 + 17;
			aws.emulator.injectFault({ action: 'Converse', kind: 'oversized', bytes, declareLength });
			const response = await converse();
			expect(response.headers.get('content-length')).toBe(declareLength ? String(bytes) : null);
			const body = await response.text();
			expect(body).toHaveLength(bytes);
			const parsed = JSON.parse(body) as {
				output: { message: { content: Array<{ text: string }> } };
				stopReason: string;
			};
			expect(parsed.stopReason).toBe('end_turn');
			expect(parsed.output.message.content[0].text).toMatch(/^a+$/);
		},
	);

	it('oversized: stops writing when the client goes away', async () => {
		aws.emulator.injectFault({ action: 'Converse', kind: 'oversized', bytes: 512 * 1024 * 1024 });
		const response = await converse();
		const reader = response.body!.getReader();
		await reader.read();
		await reader.cancel();
		// The emulator still answers the next call at once.
		const next = await converse();
		expect(next.status).toBeLessThan(500);
	});
});
