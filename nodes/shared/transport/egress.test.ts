import dns from 'node:dns';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	alwaysRefused,
	EndpointRefusedError,
	guardedLookup,
	hostRefusal,
	ssrfSettings,
	type EgressPolicy,
} from './egress';

/** Resolves through the guard, with the resolver answering `addresses` for every name. */
async function lookup(
	policy: EgressPolicy,
	hostname: string,
	addresses: string[],
): Promise<Error | string[]> {
	const spy = jest.spyOn(dns, 'lookup').mockImplementation(((
		_host: string,
		_options: unknown,
		callback: (error: null, result: dns.LookupAddress[]) => void,
	) =>
		callback(
			null,
			addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
		)) as unknown as typeof dns.lookup);
	try {
		return await new Promise((resolve) =>
			guardedLookup(policy)(hostname, { all: true }, (error, result) =>
				resolve(error ?? (result as dns.LookupAddress[]).map((entry) => entry.address)),
			),
		);
	} finally {
		spy.mockRestore();
	}
}

const policy = (env: NodeJS.ProcessEnv = {}, plainHttp = false): EgressPolicy => ({
	endpointName: 'Bedrock Runtime Endpoint',
	plainHttp,
	ssrf: ssrfSettings(env),
});

describe('addresses always refused', () => {
	it.each([
		'169.254.169.254',
		'169.254.0.1',
		'[fe80::1]',
		'fd00:ec2::254',
		'::ffff:169.254.169.254',
		'::ffff:a9fe:a9fe',
		'::169.254.169.254',
		'64:ff9b::a9fe:a9fe',
		'169.254.169.254.',
	])('%s', (address) => {
		expect(alwaysRefused(address)).toMatch(/always refused/);
	});

	it.each(['10.0.0.1', '127.0.0.1', '52.94.0.1', 'fd00:ec2::253', 'sts.amazonaws.com'])(
		'not %s',
		(address) => {
			expect(alwaysRefused(address)).toBeUndefined();
		},
	);

	it('whatever n8n allows', async () => {
		const env = {
			N8N_SSRF_PROTECTION_ENABLED: 'true',
			N8N_SSRF_ALLOWED_IP_RANGES: '169.254.0.0/16',
			N8N_SSRF_ALLOWED_HOSTNAMES: 'metadata.example.test',
		};
		const error = await lookup(policy(env), 'metadata.example.test', ['169.254.169.254']);
		expect(error).toBeInstanceOf(EndpointRefusedError);
		expect((error as Error).message).toBe(
			'Bedrock Runtime Endpoint: metadata.example.test resolves to 169.254.169.254, the instance metadata address, where the n8n host’s own credentials are: requests there are always refused',
		);
	});

	it('when any one of the addresses a name resolves to is refused', async () => {
		expect(
			await lookup(policy(), 'two.example.test', ['52.94.0.1', '169.254.169.254']),
		).toBeInstanceOf(EndpointRefusedError);
		expect(await lookup(policy(), 'two.example.test', ['52.94.0.1', '52.94.0.2'])).toEqual([
			'52.94.0.1',
			'52.94.0.2',
		]);
	});
});

describe('plain http connects only to loopback', () => {
	it('refuses a name that resolves elsewhere, and a literal', async () => {
		expect(await lookup(policy({}, true), 'emulator.example.test', ['10.0.0.8'])).toMatchObject({
			message: expect.stringContaining('not a loopback address'),
		});
		expect(await lookup(policy({}, true), 'localhost', ['127.0.0.1', '::1'])).toEqual([
			'127.0.0.1',
			'::1',
		]);
		expect(hostRefusal('10.0.0.8', policy({}, true))?.message).toContain('not a loopback address');
		expect(hostRefusal('[::1]', policy({}, true))).toBeUndefined();
	});
});

describe("n8n's SSRF protection, with n8n's variables and semantics", () => {
	it('is off unless N8N_SSRF_PROTECTION_ENABLED is true or 1', async () => {
		for (const value of [undefined, 'false', '0', 'yes']) {
			expect(ssrfSettings(value === undefined ? {} : { N8N_SSRF_PROTECTION_ENABLED: value })).toBe(
				undefined,
			);
		}
		for (const value of ['true', 'TRUE', '1', ' true ']) {
			expect(ssrfSettings({ N8N_SSRF_PROTECTION_ENABLED: value })).toBeDefined();
		}
	});

	const on = { N8N_SSRF_PROTECTION_ENABLED: 'true' };

	it.each(['10.1.2.3', '172.16.0.1', '192.168.1.1', '127.0.0.1', '::1', 'fd12::1', '198.18.0.1'])(
		'blocks %s by default',
		async (address) => {
			expect(await lookup(policy(on), 'internal.example.test', [address])).toMatchObject({
				message: expect.stringContaining('N8N_SSRF_BLOCKED_IP_RANGES'),
			});
			expect(
				hostRefusal(address.includes(':') ? `[${address}]` : address, policy(on)),
			).toBeDefined();
		},
	);

	it('lets public addresses through', async () => {
		expect(
			await lookup(policy(on), 'bedrock-runtime.us-east-1.amazonaws.com', ['52.94.0.1']),
		).toEqual(['52.94.0.1']);
	});

	it('reads its own blocked ranges, with "default" standing for the default list', async () => {
		const own = { ...on, N8N_SSRF_BLOCKED_IP_RANGES: '"52.94.0.0/16"' };
		expect(await lookup(policy(own), 'x.example.test', ['52.94.0.1'])).toBeInstanceOf(Error);
		expect(await lookup(policy(own), 'x.example.test', ['10.0.0.1'])).toEqual(['10.0.0.1']);
		const both = { ...on, N8N_SSRF_BLOCKED_IP_RANGES: 'default, 52.94.0.0/16, not-a-range' };
		expect(await lookup(policy(both), 'x.example.test', ['10.0.0.1'])).toBeInstanceOf(Error);
		expect(await lookup(policy(both), 'x.example.test', ['52.94.0.1'])).toBeInstanceOf(Error);
	});

	it('lets allowed ranges win over blocked ones', async () => {
		const env = { ...on, N8N_SSRF_ALLOWED_IP_RANGES: '10.20.0.0/16,127.0.0.1/32' };
		expect(await lookup(policy(env), 'vpce.example.test', ['10.20.3.4'])).toEqual(['10.20.3.4']);
		expect(await lookup(policy(env), 'vpce.example.test', ['10.21.3.4'])).toBeInstanceOf(Error);
		expect(hostRefusal('127.0.0.1', policy(env))).toBeUndefined();
	});

	it('skips the address check for allowed host names (exact or *.suffix)', async () => {
		const env = { ...on, N8N_SSRF_ALLOWED_HOSTNAMES: 'emulator.test,*.vpce.amazonaws.com' };
		expect(await lookup(policy(env), 'emulator.test', ['127.0.0.1'])).toEqual(['127.0.0.1']);
		expect(
			await lookup(policy(env), 'vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com', [
				'10.0.0.9',
			]),
		).toEqual(['10.0.0.9']);
		expect(await lookup(policy(env), 'vpce.amazonaws.com', ['10.0.0.9'])).toBeInstanceOf(Error);
	});

	it('refuses blocked host names before resolving them, unless also allowed', () => {
		const env = { ...on, N8N_SSRF_BLOCKED_HOSTNAMES: '*.corp.example,gateway.example.' };
		expect(hostRefusal('llm.corp.example', policy(env))?.message).toBe(
			"Bedrock Runtime Endpoint: llm.corp.example is on n8n's SSRF blocked host names (N8N_SSRF_BLOCKED_HOSTNAMES)",
		);
		expect(hostRefusal('GATEWAY.example', policy(env))).toBeDefined();
		expect(hostRefusal('corp.example', policy(env))).toBeUndefined();
		expect(
			hostRefusal(
				'llm.corp.example',
				policy({ ...env, N8N_SSRF_ALLOWED_HOSTNAMES: 'llm.corp.example' }),
			),
		).toBeUndefined();
	});

	it('reads a variable from the file NAME_FILE points to, as n8n does', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ssrf-'));
		try {
			writeFileSync(join(dir, 'ranges'), '52.94.0.0/16\n');
			const env = { ...on, N8N_SSRF_BLOCKED_IP_RANGES_FILE: join(dir, 'ranges') };
			expect(await lookup(policy(env), 'x.example.test', ['52.94.0.1'])).toBeInstanceOf(Error);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
