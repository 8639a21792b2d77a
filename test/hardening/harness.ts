/**
 * What the hardening suites share: running a node against the emulator with Continue On Fail,
 * checking that every item came out, bounding the time, watching for unhandled rejections, and
 * keeping everything a user or a log could see for the secret sweep.
 */
import { createPrivateKey } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { BedrockConverse } from '../../nodes/BedrockConverse/BedrockConverse.node';
import { BedrockGenerate } from '../../nodes/BedrockGenerate/BedrockGenerate.node';
import { BedrockInvokeAgent } from '../../nodes/BedrockInvokeAgent/BedrockInvokeAgent.node';
import { BedrockKnowledgeBase } from '../../nodes/BedrockKnowledgeBase/BedrockKnowledgeBase.node';
import {
	DEFAULT_API_KEY,
	DEFAULT_API_KEY_SECRET,
	DEFAULT_EXTERNAL_ID,
	DEFAULT_USER,
	pkiPem,
	type Emulator,
} from '../emulator';
import { shortTermApiKey } from '../helpers/apiKeys';
import {
	accessKeysData,
	assumeRoleData,
	longTermApiKeyData,
	rolesAnywhereData,
} from '../helpers/credentials';
import { locator, RecordingLogger } from '../helpers/nodeContext';
import { runNode, type ActionNode } from '../helpers/useEmulator';

/** Passphrase of the encrypted PKCS#8 key the Roles Anywhere rows use. */
export const PASSPHRASE = 'hardening passphrase 7 with spaces ';
/** Password of the fixture PKCS#12 bundle (test/fixtures/pki/generate.sh). */
export const P12_PASSWORD = 'p12-test-password';

export type CredentialKind =
	| 'accessKeys'
	| 'assumeRole'
	| 'rolesAnywhere'
	| 'rolesAnywhereEncrypted'
	| 'rolesAnywherePkcs12'
	| 'apiKey'
	| 'apiKeyShortTerm';

const TYPES: Record<CredentialKind, { authentication: string; type: string }> = {
	accessKeys: { authentication: 'accessKeys', type: 'bedrockAccessKeysApi' },
	assumeRole: { authentication: 'assumeRole', type: 'bedrockAssumeRoleApi' },
	rolesAnywhere: { authentication: 'rolesAnywhere', type: 'bedrockRolesAnywhereApi' },
	rolesAnywhereEncrypted: { authentication: 'rolesAnywhere', type: 'bedrockRolesAnywhereApi' },
	rolesAnywherePkcs12: { authentication: 'rolesAnywhere', type: 'bedrockRolesAnywhereApi' },
	apiKey: { authentication: 'apiKey', type: 'bedrockApiKeyApi' },
	apiKeyShortTerm: { authentication: 'apiKey', type: 'bedrockApiKeyApi' },
};

/** The short-term API key the suites use: made once, for us-east-1, valid 12 hours. */
export const SHORT_TERM_API_KEY = shortTermApiKey({
	accessKeyId: DEFAULT_USER.accessKeyId,
	secretAccessKey: DEFAULT_USER.secretAccessKey,
	region: 'us-east-1',
});

/** The fixture RSA key, encrypted (PKCS#8, AES-256-CBC) with {@link PASSPHRASE}. */
export const encryptedKeyPem = (): string =>
	createPrivateKey(pkiPem('rsa.key.pem'))
		.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
		.toString();

/** Credential data of each kind, every endpoint on the emulator, plus `extra`. */
export function credentialData(
	emulator: Emulator,
	kind: CredentialKind,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	switch (kind) {
		case 'accessKeys':
			return accessKeysData(emulator, extra);
		case 'assumeRole':
			return assumeRoleData(emulator, extra);
		case 'rolesAnywhere':
			return rolesAnywhereData(emulator, extra);
		case 'rolesAnywhereEncrypted':
			return rolesAnywhereData(emulator, {
				privateKey: encryptedKeyPem(),
				passphrase: PASSPHRASE,
				...extra,
			});
		case 'rolesAnywherePkcs12':
			return rolesAnywhereData(emulator, {
				keyFormat: 'pkcs12',
				pkcs12Bundle: pkiPem('rsa.p12.b64'),
				pkcs12Password: P12_PASSWORD,
				...extra,
			});
		case 'apiKey':
			return longTermApiKeyData(emulator, extra);
		case 'apiKeyShortTerm':
			return longTermApiKeyData(emulator, { apiKey: SHORT_TERM_API_KEY, ...extra });
	}
}

/** Every secret the suites hand to the package or the emulator hands out. */
export function knownSecrets(emulator: Emulator): string[] {
	const keyLines = [pkiPem('rsa.key.pem'), pkiPem('p256.key.pem'), encryptedKeyPem()]
		.flatMap((pem) => pem.split('\n'))
		.filter((line) => line.length >= 20 && !line.startsWith('-----'));
	const bundle = pkiPem('rsa.p12.b64').trim();
	const bundleParts = Array.from({ length: Math.floor(bundle.length / 64) }, (_, i) =>
		bundle.slice(i * 64, i * 64 + 64),
	);
	return [
		DEFAULT_USER.secretAccessKey,
		DEFAULT_EXTERNAL_ID,
		DEFAULT_API_KEY.key,
		DEFAULT_API_KEY_SECRET,
		SHORT_TERM_API_KEY,
		PASSPHRASE,
		P12_PASSWORD,
		...bundleParts,
		...keyLines,
		...emulator.issuedSessions.flatMap((s) => [s.secretAccessKey, s.sessionToken]),
	];
}

/** The forms a secret may take in text: plain, base64 (padded or not), base64url, URL-encoded. */
export function secretForms(secret: string): string[] {
	const base64 = Buffer.from(secret).toString('base64');
	return [
		...new Set([
			secret,
			base64,
			base64.replace(/=+$/, ''),
			Buffer.from(secret).toString('base64url'),
			encodeURIComponent(secret),
		]),
	];
}

/** `text` with every run of 64 or more equal characters cut to three: no secret has such a run. */
function collapseRuns(text: string): string {
	const parts: string[] = [];
	let kept = 0;
	for (let i = 0; i < text.length; ) {
		let j = i + 1;
		while (j < text.length && text.charCodeAt(j) === text.charCodeAt(i)) j++;
		if (j - i >= 64) {
			parts.push(text.slice(kept, i), text[i].repeat(3), '…');
			kept = j;
		}
		i = j;
	}
	parts.push(text.slice(kept));
	return parts.join('');
}

/** Collects what users, execution records and logs could see. */
export class Observed {
	readonly texts: string[] = [];

	/** Output items: as JSON and as n8n would print them. */
	items(out: unknown): void {
		this.push(JSON.stringify(out), inspect(out, { depth: 10, maxStringLength: Infinity }));
	}

	/** Keeps texts, with runs of one repeated character (megabytes of a test answer) shortened. */
	private push(...texts: string[]): void {
		for (const text of texts) this.texts.push(collapseRuns(text));
	}

	/** A thrown error: message, description, stack, inspected and serialised. */
	error(error: unknown): void {
		const e = error as { message?: unknown; description?: unknown; stack?: unknown };
		this.push(
			String(e?.message),
			String(e?.description),
			String(e?.stack),
			inspect(error, { depth: 10 }),
		);
		try {
			this.push(JSON.stringify(error));
		} catch {
			// circular: inspect() covers it
		}
	}

	/** Lines written to n8n's logger (`this.logger`). */
	logs(logger: RecordingLogger): void {
		this.push(logger.text());
	}

	/** Console output (the package logs nothing itself; anything it did would land here). */
	captureConsole(): () => void {
		const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
			jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
				this.push(args.map((a) => inspect(a, { depth: 10 })).join(' '));
			}),
		);
		return () => spies.forEach((spy) => spy.mockRestore());
	}
}

/** Watches the real process for unhandled rejections (see singleRealmEnvironment.js). */
export function watchUnhandledRejections(): { reasons: unknown[]; stop: () => void } {
	const host =
		(globalThis as unknown as { __hostProcess?: NodeJS.Process }).__hostProcess ?? process;
	const reasons: unknown[] = [];
	const listener = (reason: unknown) => void reasons.push(reason);
	host.on('unhandledRejection', listener);
	return { reasons, stop: () => void host.off('unhandledRejection', listener) };
}

/** Resolves with `promise`, or fails once `ms` have passed: proof that nothing hangs. */
export async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => reject(new Error(`still running after ${ms} ms: a hang`)), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** A TCP port on 127.0.0.1 that nothing listens on (connection refused). */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

export type NodeName = 'converse' | 'generate' | 'agent' | 'knowledgeBase';

export interface RunSpec {
	node?: NodeName;
	credential: CredentialKind;
	/** Credential fields on top of the emulator defaults. */
	data?: ICredentialDataDecryptedObject;
	/** Node options (`options.*`). */
	options?: IDataObject;
	/** Other node parameters, per item when a function. */
	parameters?: IDataObject | ((itemIndex: number) => IDataObject);
	items?: number;
	/** n8n streams the execution (ConverseStream, streamed agent answers). */
	streaming?: boolean;
	continueOnFail?: boolean;
	/** The execution's cancel signal. */
	cancelSignal?: AbortSignal;
	/** n8n's logger; its lines join the secret sweep. */
	logger?: RecordingLogger;
}

const NODES: Record<NodeName, () => ActionNode> = {
	converse: () => new BedrockConverse(),
	generate: () => new BedrockGenerate(),
	agent: () => new BedrockInvokeAgent(),
	knowledgeBase: () => new BedrockKnowledgeBase(),
};

const BASE_PARAMETERS: Record<NodeName, (i: number) => IDataObject> = {
	converse: (i) => ({ model: locator('amazon.nova-lite-v1:0'), prompt: `item ${i}` }),
	generate: (i) => ({
		model: locator('amazon.nova-lite-v1:0'),
		requestBody: `{"messages": [{"role": "user", "content": [{"text": "item ${i}"}]}]}`,
	}),
	agent: (i) => ({
		agent: locator('AGENTSUPRT'),
		agentAlias: locator('TSTALIASID'),
		sessionId: '',
		inputText: `item ${i}`,
	}),
	knowledgeBase: (i) => ({
		operation: 'retrieveAndGenerate',
		knowledgeBase: locator('KBSUPPORT1'),
		model: locator('amazon.nova-lite-v1:0'),
		query: `refund policy, item ${i}`,
	}),
};

/**
 * Runs a node once against the emulator (three items, Continue On Fail unless the spec says
 * otherwise); returns its first output.
 */
export async function runToOutput(
	emulator: Emulator,
	spec: RunSpec,
): Promise<INodeExecutionData[]> {
	const node = spec.node ?? 'converse';
	const { result } = runNode(NODES[node](), emulator, {
		parameters: (i) => ({
			...BASE_PARAMETERS[node](i),
			options: { ...spec.options },
			...(typeof spec.parameters === 'function' ? spec.parameters(i) : spec.parameters),
		}),
		credential: {
			...TYPES[spec.credential],
			data: (on) => credentialData(on, spec.credential, spec.data),
		},
		items: spec.items ?? 3,
		continueOnFail: spec.continueOnFail ?? true,
		streaming: spec.streaming,
		cancelSignal: spec.cancelSignal,
		logger: spec.logger,
	});
	const [output] = await result;
	return output;
}

/** Every input item has exactly one output item, in order, paired with it. */
export function expectEveryItem(out: INodeExecutionData[], items: number): void {
	expect(out).toHaveLength(items);
	expect(out.map((o) => o.pairedItem)).toEqual(
		Array.from({ length: items }, (_, item) => ({ item })),
	);
	for (const o of out) {
		const answered = typeof o.json.text === 'string' || typeof o.json.output === 'string';
		const failed = typeof o.json.error === 'string' && (o.json.error as string).length > 0;
		expect(answered || failed).toBe(true);
	}
}
