/**
 * @jest-environment ./test/hardening/singleRealmEnvironment.js
 */
import dns from 'node:dns';
import net, { createServer, type AddressInfo, type Server } from 'node:net';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { runToOutput, type CredentialKind } from './harness';
import { useEmulator } from '../helpers/useEmulator';

/**
 * Endpoint overrides are typed by whoever may edit a credential; the rules decide where its
 * requests may go. Each refused row must be refused before any byte is sent: a TCP listener on
 * 127.0.0.1 stands where the request would have gone (host names are resolved to it, or to the
 * address the row is about), and every TCP connection the process establishes, to any address,
 * is counted.
 * The control rows show the same setup does reach the listener when the rules allow it.
 */
describe('endpoint rules, refused before any byte is sent', () => {
	const aws = useEmulator();
	let listener: Server;
	let port: number;
	const received = { connections: 0, bytes: 0 };
	/** Remote addresses of the TCP connections established by this process during a row. */
	const established: string[] = [];
	/** Host names of the rows and what they resolve to; everything else resolves as usual. */
	const names: Record<string, string> = {
		'tenant.example.test': '127.0.0.1',
		'bedrock.example.test': '127.0.0.1',
		'sts.example.test': '127.0.0.1',
		'metadata.example.test': '169.254.169.254',
		'internal.example.test': '10.1.2.3',
		'loopback.example.test': '127.0.0.1',
	};
	const savedEnv = { ...process.env };

	beforeAll(async () => {
		listener = createServer((socket) => {
			received.connections++;
			socket.on('data', (chunk: Buffer) => (received.bytes += chunk.length));
			socket.on('error', () => undefined);
		});
		await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
		port = (listener.address() as AddressInfo).port;
		const realLookup = dns.lookup.bind(dns) as (...args: unknown[]) => void;
		// The network edge: the resolver answers for the rows' host names.
		jest.spyOn(dns, 'lookup').mockImplementation(((
			hostname: string,
			options: dns.LookupAllOptions,
			callback: (error: Error | null, addresses: dns.LookupAddress[]) => void,
		) => {
			const address = names[hostname];
			if (!address) return realLookup(hostname, options, callback);
			const family = address.includes(':') ? 6 : 4;
			process.nextTick(() => callback(null, [{ address, family }]));
		}) as unknown as typeof dns.lookup);
		// The network edge again: every socket that connects, whatever opened it.
		const connect = net.Socket.prototype.connect;
		jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (
			this: net.Socket,
			...args: unknown[]
		) {
			this.once('connect', () => established.push(`${this.remoteAddress}:${this.remotePort}`));
			return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
		});
	});
	afterAll(async () => {
		jest.restoreAllMocks();
		await new Promise<void>((resolve) => listener.close(() => resolve()));
	});
	beforeEach(() => {
		process.env = { ...savedEnv };
		received.connections = 0;
		received.bytes = 0;
		established.length = 0;
	});
	afterEach(() => {
		process.env = { ...savedEnv };
	});

	interface Row {
		credential: CredentialKind;
		data: (port: number) => ICredentialDataDecryptedObject;
		env?: Record<string, string>;
		field: string;
		rule: RegExp;
	}

	const ROWS: Array<[string, Row]> = [
		[
			'http:// off loopback',
			{
				credential: 'accessKeys',
				data: (p) => ({ bedrockRuntimeEndpoint: `http://tenant.example.test:${p}` }),
				field: 'Bedrock Runtime Endpoint',
				rule: /must start with https:\/\/.*only on loopback/,
			},
		],
		[
			'a link-local address',
			{
				credential: 'accessKeys',
				data: (p) => ({ bedrockRuntimeEndpoint: `https://169.254.170.2:${p}` }),
				field: 'Bedrock Runtime Endpoint',
				rule: /link-local address .* always refused/,
			},
		],
		[
			'the metadata address, IPv4-mapped',
			{
				credential: 'accessKeys',
				data: (p) => ({ bedrockRuntimeEndpoint: `https://[::ffff:169.254.169.254]:${p}` }),
				field: 'Bedrock Runtime Endpoint',
				rule: /instance metadata address.* always refused/,
			},
		],
		[
			'the metadata address of IPv6 (fd00:ec2::254)',
			{
				credential: 'accessKeys',
				data: (p) => ({ bedrockAgentRuntimeEndpoint: `https://[fd00:ec2::254]:${p}` }),
				field: 'Bedrock Agent Runtime Endpoint',
				rule: /instance metadata address.* always refused/,
			},
		],
		[
			'a name that resolves to the metadata address',
			{
				credential: 'accessKeys',
				data: (p) => ({ bedrockRuntimeEndpoint: `https://metadata.example.test:${p}` }),
				field: 'Bedrock Runtime Endpoint',
				rule: /resolves to 169\.254\.169\.254, the instance metadata address.* always refused/,
			},
		],
		[
			'STS at a name that resolves to the metadata address',
			{
				credential: 'assumeRole',
				data: (p) => ({ stsEndpoint: `https://metadata.example.test:${p}` }),
				field: 'STS Endpoint',
				rule: /resolves to 169\.254\.169\.254, the instance metadata address.* always refused/,
			},
		],
		[
			'Roles Anywhere at a name that resolves to the metadata address',
			{
				credential: 'rolesAnywhere',
				data: (p) => ({ rolesAnywhereEndpoint: `https://metadata.example.test:${p}` }),
				field: 'Roles Anywhere Endpoint',
				rule: /resolves to 169\.254\.169\.254, the instance metadata address.* always refused/,
			},
		],
		[
			"a name that resolves to a private address, with n8n's SSRF protection on",
			{
				credential: 'accessKeys',
				data: (p) => ({ bedrockRuntimeEndpoint: `https://internal.example.test:${p}` }),
				env: { N8N_SSRF_PROTECTION_ENABLED: 'true' },
				field: 'Bedrock Runtime Endpoint',
				rule: /resolves to 10\.1\.2\.3, in a range n8n's SSRF protection blocks \(N8N_SSRF_BLOCKED_IP_RANGES\)/,
			},
		],
		[
			"a name that resolves to loopback, with n8n's SSRF protection on (the listener's address)",
			{
				credential: 'accessKeys',
				data: (p) => ({ bedrockRuntimeEndpoint: `https://loopback.example.test:${p}` }),
				env: { N8N_SSRF_PROTECTION_ENABLED: 'true' },
				field: 'Bedrock Runtime Endpoint',
				rule: /resolves to 127\.0\.0\.1, in a range n8n's SSRF protection blocks/,
			},
		],
		[
			'an API key to a host that is not AWS',
			{
				credential: 'apiKey',
				data: (p) => ({ bedrockRuntimeEndpoint: `https://bedrock.example.test:${p}` }),
				field: 'Bedrock Runtime Endpoint',
				rule: /API key.*only to an AWS Bedrock host name.*N8N_BEDROCK_ALLOWED_ENDPOINT_HOSTS/,
			},
		],
		[
			'host identity to an STS host that is not AWS',
			{
				credential: 'assumeRole',
				data: (p) => ({
					sourceCredentials: 'hostChain',
					stsEndpoint: `https://sts.example.test:${p}`,
				}),
				env: { N8N_BEDROCK_ALLOW_HOST_CREDENTIALS: 'true' },
				field: 'STS Endpoint',
				rule: /n8n Host Identity.*only at an AWS STS host name/,
			},
		],
	];

	it.each(ROWS)('%s', async (_name, row) => {
		Object.assign(process.env, row.env);
		// A credential the checks refuse fails the node; a refused connection fails the item.
		const error = await runToOutput(aws.emulator, {
			credential: row.credential,
			items: 1,
			data: row.data(port),
		}).then(
			([item]) => {
				// Refused when connecting: the item's error, with what to do.
				expect(item.json.description).toMatch(/^Nothing was sent\./);
				return String(item.json.error);
			},
			(thrown: Error) => thrown.message,
		);
		expect(error).toContain(`${row.field}: `);
		expect(error).toMatch(row.rule);
		// Nothing left the process: no connection established anywhere, nothing at the listener.
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(established).toEqual([]);
		expect(received).toEqual({ connections: 0, bytes: 0 });
		expect(aws.emulator.calls).toHaveLength(0);
	});

	it.each([
		[
			'the API key host listed by an n8n admin',
			{
				credential: 'apiKey' as const,
				data: (p: number) => ({ bedrockRuntimeEndpoint: `https://bedrock.example.test:${p}` }),
				env: { N8N_BEDROCK_ALLOWED_ENDPOINT_HOSTS: 'bedrock.example.test' },
			},
		],
		[
			"the same loopback name with n8n's SSRF protection off",
			{
				credential: 'accessKeys' as const,
				data: (p: number) => ({ bedrockRuntimeEndpoint: `https://loopback.example.test:${p}` }),
				env: {},
			},
		],
	])('control: %s reaches the listener', async (_name, row) => {
		Object.assign(process.env, row.env);
		const [item] = await runToOutput(aws.emulator, {
			credential: row.credential,
			items: 1,
			data: { ...row.data(port), connectionTimeout: 1000, readTimeout: 1000 },
			options: { maxAttempts: 1 },
		});
		// The listener speaks no TLS: the request fails, but only after its first bytes arrived.
		expect(item.json.error).toBeDefined();
		expect(received.connections).toBeGreaterThan(0);
		expect(received.bytes).toBeGreaterThan(0);
		expect(established).toContain(`127.0.0.1:${port}`);
	});
});
