import type { ConnectionConfig } from './connection';
import type { ResolvedIdentity } from './identity';
import { CredentialResolver, type ResolverLogger } from './resolver';

const MINUTE = 60_000;

function connection(cacheKey: string): ConnectionConfig {
	return {
		cacheKey,
		bedrockRegion: 'us-east-1',
		authRegion: 'us-east-1',
		partition: 'aws',
		useFips: false,
		endpoints: {},
		auth: { kind: 'accessKeys', accessKeyId: 'AKIAEXAMPLE0000TEST', secretAccessKey: 'secret' },
	};
}

interface Deferred {
	resolve: (value: ResolvedIdentity) => void;
	reject: (error: Error) => void;
}

/** A provider per key whose calls are counted and answered by the test. */
function heldIssuer() {
	const calls: string[] = [];
	const waiting: Deferred[] = [];
	const factory = (c: ConnectionConfig) => () => {
		calls.push(c.cacheKey);
		return new Promise<ResolvedIdentity>((resolve, reject) => waiting.push({ resolve, reject }));
	};
	return { calls, waiting, factory };
}

const identity = (expiration: Date, n = 1): ResolvedIdentity => ({
	accessKeyId: `ASIAEXAMPLE${n}`,
	secretAccessKey: `secret-${n}`,
	sessionToken: `token-${n}`,
	expiration,
});

const flush = async () => {
	for (let i = 0; i < 5; i++) await Promise.resolve();
};

function recordingLogger() {
	const lines: Array<{ level: string; message: string; meta?: object }> = [];
	const logger: ResolverLogger = {
		debug: (message, meta) => lines.push({ level: 'debug', message, meta }),
		warn: (message, meta) => lines.push({ level: 'warn', message, meta }),
	};
	return { lines, logger };
}

describe('CredentialResolver lifecycle', () => {
	let time: number;
	const now = () => time;
	beforeEach(() => (time = Date.UTC(2026, 10, 22, 12, 0, 0)));

	it('does not evict an entry whose fetch is in flight: no duplicate STS call', async () => {
		const issuer = heldIssuer();
		const resolver = new CredentialResolver({
			maxEntries: 2,
			now,
			providerFactory: issuer.factory,
		});
		const first = resolver.resolve(connection('a'));
		void resolver.resolve(connection('b'));
		void resolver.resolve(connection('c'));
		const again = resolver.resolve(connection('a'));
		expect(issuer.calls.filter((key) => key === 'a')).toHaveLength(1);
		issuer.waiting.forEach((w, i) => w.resolve(identity(new Date(time + 60 * MINUTE), i)));
		expect(await again).toEqual(await first);
	});

	it('a cancelled caller stops waiting; the shared fetch goes on for the others', async () => {
		const issuer = heldIssuer();
		const resolver = new CredentialResolver({ now, providerFactory: issuer.factory });
		const cancel = new AbortController();
		const cancelled = resolver.resolve(connection('a'), { signal: cancel.signal });
		const other = resolver.resolve(connection('a'));
		cancel.abort();
		await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
		issuer.waiting[0].resolve(identity(new Date(time + 60 * MINUTE)));
		await expect(other).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLE1' });
		expect(issuer.calls).toHaveLength(1);
		// An already cancelled execution does not start to wait at all.
		await expect(
			resolver.resolve(connection('b'), { signal: cancel.signal }),
		).rejects.toMatchObject({ name: 'AbortError' });
	});

	it('a failed background refresh is logged and backed off while the valid value is served', async () => {
		const issuer = heldIssuer();
		const { lines, logger } = recordingLogger();
		const resolver = new CredentialResolver({ now, providerFactory: issuer.factory });
		const c = connection('a');
		const fetched = resolver.resolve(c, { logger });
		issuer.waiting.shift()!.resolve(identity(new Date(time + 4 * MINUTE)));
		const value = await fetched;

		// Inside the refresh window: each use would start a refresh; the first one fails.
		expect(await resolver.resolve(c, { logger })).toBe(value);
		expect(issuer.calls).toHaveLength(2);
		issuer.waiting.shift()!.reject(new Error('STS is down'));
		await flush();
		for (let i = 0; i < 10; i++) expect(await resolver.resolve(c, { logger })).toBe(value);
		expect(issuer.calls).toHaveLength(2);
		expect(lines).toContainEqual(
			expect.objectContaining({
				level: 'warn',
				message: expect.stringContaining('background refresh failed'),
			}),
		);

		// After the back-off, one more try.
		time += 31_000;
		await resolver.resolve(c, { logger });
		expect(issuer.calls).toHaveLength(3);
	});

	it('caches a refusal of the provider factory (bad material) per credential key', async () => {
		let built = 0;
		const resolver = new CredentialResolver({
			now,
			providerFactory: () => {
				built++;
				throw new Error('refused');
			},
		});
		for (let i = 0; i < 5; i++)
			await expect(resolver.resolve(connection('a'))).rejects.toThrow('refused');
		expect(built).toBe(1);
		await expect(resolver.resolve(connection('b'))).rejects.toThrow('refused');
		expect(built).toBe(2);
	});

	it('builds an async provider (material in a worker) once, shared by every caller', async () => {
		let built = 0;
		let finishBuild: (() => void) | undefined;
		const resolver = new CredentialResolver({
			now,
			providerFactory: () => {
				built++;
				return new Promise<() => Promise<ResolvedIdentity>>((resolve) => {
					finishBuild = () => resolve(async () => identity(new Date(time + 60 * MINUTE)));
				});
			},
		});
		const callers = Array.from({ length: 5 }, () => resolver.resolve(connection('a')));
		await flush();
		expect(built).toBe(1);
		finishBuild!();
		const values = await Promise.all(callers);
		expect(new Set(values).size).toBe(1);
		expect(await resolver.resolve(connection('a'))).toBe(values[0]);
		expect(built).toBe(1);
	});

	it('caches the refusal of an async build, and builds again after five minutes', async () => {
		let built = 0;
		const resolver = new CredentialResolver({
			now,
			providerFactory: async () => {
				built++;
				throw new Error('refused');
			},
		});
		for (let i = 0; i < 5; i++)
			await expect(resolver.resolve(connection('a'))).rejects.toThrow('refused');
		expect(built).toBe(1);
		time += 5 * MINUTE + 1;
		await expect(resolver.resolve(connection('a'))).rejects.toThrow('refused');
		expect(built).toBe(2);
	});

	it('logs which provider it uses: cache hit, fetch, refresh — never a secret', async () => {
		const issuer = heldIssuer();
		const { lines, logger } = recordingLogger();
		const resolver = new CredentialResolver({ now, providerFactory: issuer.factory });
		const c = connection('a');
		const fetched = resolver.resolve(c, { logger });
		issuer.waiting.shift()!.resolve(identity(new Date(time + 60 * MINUTE)));
		await fetched;
		await resolver.resolve(c, { logger });
		const text = JSON.stringify(lines);
		expect(text).toContain('fetch');
		expect(text).toContain('cache hit');
		expect(text).toContain('accessKeys');
		for (const secret of ['secret-1', 'token-1', 'secret'])
			expect(text).not.toContain(`"${secret}"`);
		expect(text).not.toMatch(/secret-1|token-1/);
	});

	it('logs an opaque entry ID, never a part of the cache key', async () => {
		const issuer = heldIssuer();
		const { lines, logger } = recordingLogger();
		const resolver = new CredentialResolver({ now, providerFactory: issuer.factory });
		const key = 'a3f1c2d4e5b6978877665544332211ffeeddccbbaa99887766554433221100aa';
		const fetched = resolver.resolve(connection(key), { logger });
		issuer.waiting.shift()!.resolve(identity(new Date(time + 60 * MINUTE)));
		await fetched;
		await resolver.resolve(connection(key), { logger });
		const ids = lines.map((line) => (line.meta as { entry?: unknown }).entry);
		expect(ids[0]).toMatch(/^c\d+$/);
		expect(new Set(ids).size).toBe(1);
		const text = JSON.stringify(lines);
		for (let i = 0; i + 6 <= key.length; i++) expect(text).not.toContain(key.slice(i, i + 6));
	});

	it('never holds more entries than its bound: new credentials wait while all are fetching', async () => {
		const issuer = heldIssuer();
		const resolver = new CredentialResolver({
			maxEntries: 10,
			now,
			providerFactory: issuer.factory,
		});
		const results = Array.from({ length: 50 }, (_, i) => resolver.resolve(connection(`k${i}`)));
		await flush();
		expect(resolver.size).toBe(10);
		expect(issuer.calls).toHaveLength(10);
		let answered = 0;
		while (answered < 50) {
			const next = issuer.waiting.shift();
			if (next) {
				next.resolve(identity(new Date(time + 60 * MINUTE), ++answered));
			}
			await flush();
			expect(resolver.size).toBeLessThanOrEqual(10);
		}
		const values = await Promise.all(results);
		expect(new Set(values.map((v) => v.sessionToken)).size).toBe(50);
		expect(issuer.calls).toHaveLength(50);
	});

	it('a caller waiting for room stops waiting when its execution is cancelled', async () => {
		const issuer = heldIssuer();
		const resolver = new CredentialResolver({
			maxEntries: 1,
			now,
			providerFactory: issuer.factory,
		});
		void resolver.resolve(connection('busy'));
		const cancel = new AbortController();
		const waiting = resolver.resolve(connection('other'), { signal: cancel.signal });
		cancel.abort();
		await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
		expect(resolver.size).toBe(1);
		expect(issuer.calls).toEqual(['busy']);
	});
});
