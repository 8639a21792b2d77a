import type { ConnectionConfig } from './connection';
import type { ResolvedIdentity } from './identity';
import { CredentialResolver } from './resolver';

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

/** A provider whose every call is counted and which answers when the test says so. */
function fakeIssuer(now: () => number, lifetimeMs = 60 * MINUTE) {
	const calls: string[] = [];
	const waiting: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
	let manual = false;
	const factory = (c: ConnectionConfig) => async (): Promise<ResolvedIdentity> => {
		calls.push(c.cacheKey);
		const n = calls.length;
		if (manual) await new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
		return {
			accessKeyId: `ASIA${c.cacheKey}${n}`,
			secretAccessKey: 's',
			sessionToken: `token-${n}`,
			expiration: new Date(now() + lifetimeMs),
		};
	};
	return {
		calls,
		factory,
		hold: () => (manual = true),
		release: () => waiting.splice(0).forEach((w) => w.resolve()),
		fail: (e: Error) => waiting.splice(0).forEach((w) => w.reject(e)),
	};
}

describe('CredentialResolver', () => {
	let time: number;
	const now = () => time;
	beforeEach(() => (time = Date.UTC(2026, 10, 22, 12, 0, 0)));

	it('shares one fetch between 50 concurrent callers', async () => {
		const issuer = fakeIssuer(now);
		issuer.hold();
		const resolver = new CredentialResolver({ now, providerFactory: issuer.factory });
		const callers = Array.from({ length: 50 }, () => resolver.resolve(connection('a')));
		await Promise.resolve();
		issuer.release();
		const results = await Promise.all(callers);
		expect(issuer.calls).toHaveLength(1);
		expect(new Set(results.map((r) => r.sessionToken))).toEqual(new Set(['token-1']));
	});

	it('reuses credentials across calls until under 60 s of life is left', async () => {
		const issuer = fakeIssuer(now, 10 * MINUTE);
		const resolver = new CredentialResolver({ now, providerFactory: issuer.factory });
		const first = await resolver.resolve(connection('a'));
		time += 4 * MINUTE; // 6 minutes left: outside the refresh window
		expect(await resolver.resolve(connection('a'))).toBe(first);
		expect(issuer.calls).toHaveLength(1);
		time += 5 * MINUTE + 1; // 59.999 s left: expired
		const renewed = await resolver.resolve(connection('a'));
		expect(renewed.sessionToken).toBe('token-2');
		expect(issuer.calls).toHaveLength(2);
	});

	it('within five minutes of expiry serves the current value and refreshes once in the background', async () => {
		const issuer = fakeIssuer(now, 10 * MINUTE);
		const resolver = new CredentialResolver({ now, providerFactory: issuer.factory });
		const first = await resolver.resolve(connection('a'));
		time += 6 * MINUTE; // 4 minutes left
		issuer.hold();
		const during = await Promise.all([
			resolver.resolve(connection('a')),
			resolver.resolve(connection('a')),
		]);
		expect(during).toEqual([first, first]);
		expect(issuer.calls).toHaveLength(2);
		issuer.release();
		await new Promise((r) => setImmediate(r));
		expect((await resolver.resolve(connection('a'))).sessionToken).toBe('token-2');
		expect(issuer.calls).toHaveLength(2);
	});

	it('keeps serving the valid value when a background refresh fails, and retries after a back-off', async () => {
		const issuer = fakeIssuer(now, 10 * MINUTE);
		const resolver = new CredentialResolver({ now, providerFactory: issuer.factory });
		const first = await resolver.resolve(connection('a'));
		time += 6 * MINUTE;
		issuer.hold();
		expect(await resolver.resolve(connection('a'))).toBe(first);
		issuer.fail(new Error('Throttling'));
		await new Promise((r) => setImmediate(r));
		expect(await resolver.resolve(connection('a'))).toBe(first);
		expect(issuer.calls).toHaveLength(2);
		time += 30_000;
		expect(await resolver.resolve(connection('a'))).toBe(first);
		expect(issuer.calls).toHaveLength(3);
	});

	it('does not cache a failed fetch: the next call fetches again', async () => {
		let attempt = 0;
		const resolver = new CredentialResolver({
			now,
			providerFactory: () => async () => {
				attempt++;
				if (attempt === 1) throw new Error('AccessDenied');
				return {
					accessKeyId: 'ASIA2',
					secretAccessKey: 's',
					expiration: new Date(time + 3600_000),
				};
			},
		});
		await expect(resolver.resolve(connection('a'))).rejects.toThrow('AccessDenied');
		await expect(resolver.resolve(connection('a'))).resolves.toMatchObject({
			accessKeyId: 'ASIA2',
		});
		expect(attempt).toBe(2);
	});

	it('keeps credentials with different data apart, even for the same role', async () => {
		const issuer = fakeIssuer(now);
		const resolver = new CredentialResolver({ now, providerFactory: issuer.factory });
		const a = await resolver.resolve(connection('a'));
		const b = await resolver.resolve(connection('b'));
		expect(a.sessionToken).not.toBe(b.sessionToken);
		expect(issuer.calls).toEqual(['a', 'b']);
	});

	it('never expires credentials without an expiration (static keys)', async () => {
		let calls = 0;
		const resolver = new CredentialResolver({
			now,
			providerFactory: () => async () => (calls++, { accessKeyId: 'AKIA', secretAccessKey: 's' }),
		});
		await resolver.resolve(connection('a'));
		time += 365 * 24 * 60 * MINUTE;
		await resolver.resolve(connection('a'));
		expect(calls).toBe(1);
	});

	it('refresh() fetches even when cached, and the nodes then get the new value', async () => {
		const issuer = fakeIssuer(now);
		const resolver = new CredentialResolver({ now, providerFactory: issuer.factory });
		await resolver.resolve(connection('a'));
		const fresh = await resolver.refresh(connection('a'));
		expect(fresh.sessionToken).toBe('token-2');
		expect(await resolver.resolve(connection('a'))).toBe(fresh);
	});

	it('is bounded: evicts expired entries first, then the least recently used', async () => {
		const issuer = fakeIssuer(now, 10 * MINUTE);
		const resolver = new CredentialResolver({
			now,
			maxEntries: 3,
			providerFactory: issuer.factory,
		});
		await resolver.resolve(connection('old'));
		time += 9.5 * MINUTE; // 'old' now has 30 s left: expired
		const longLived = fakeIssuer(now);
		const resolver2 = new CredentialResolver({
			now,
			maxEntries: 3,
			providerFactory: longLived.factory,
		});
		for (const key of ['a', 'b', 'c']) await resolver2.resolve(connection(key));
		await resolver2.resolve(connection('a')); // a is now most recent; b is the oldest
		await resolver2.resolve(connection('d'));
		expect(resolver2.size).toBe(3);
		await resolver2.resolve(connection('b'));
		expect(longLived.calls).toEqual(['a', 'b', 'c', 'd', 'b']);

		await resolver.resolve(connection('x'));
		await resolver.resolve(connection('y'));
		await resolver.resolve(connection('z')); // 'old' is expired: it goes, x and y stay
		expect(resolver.size).toBe(3);
		await resolver.resolve(connection('x'));
		expect(issuer.calls).toEqual(['old', 'x', 'y', 'z']);
	});
});
