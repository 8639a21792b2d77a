import type { ConnectionConfig } from './connection';
import { AuthError } from './errors';
import { isBearer, type AnyIdentity, type BearerIdentity, type ResolvedIdentity } from './identity';
import { createProvider } from './providers';
import type { ProviderFactory, ResolverOptions } from './resolverOptions';
import { authScope, unlessCancelled, type ResolveOptions, type ResolverLogger } from './scope';

export type { ProviderFactory, ResolveOptions, ResolverLogger, ResolverOptions };

/** A refused credential (bad certificate material) is refused again without redoing the work. */
const REFUSAL_TTL_MS = 5 * 60_000;
/** First wait after a failed background refresh; doubles up to {@link MAX_REFRESH_BACKOFF_MS}. */
const REFRESH_BACKOFF_MS = 30_000;
const MAX_REFRESH_BACKOFF_MS = 5 * 60_000;
/** Least time between two fetches caused by AWS refusing a session before its end. */
const REFUSED_REFETCH_MS = 60_000;

interface Entry<I> {
	/** What the logs say about the credential: its kind and source, and an opaque entry ID. */
	label: object;
	provider?: () => Promise<I>;
	/** Why the provider could not be built (bad material), and when; thrown to every caller. */
	refusal?: { error: unknown; at: number };
	/** A provider still being built (material loading), then its first fetch; shared by callers. */
	building?: Promise<I>;
	value?: I;
	/** The one fetch in flight, shared by every caller; cleared when it settles. */
	pending?: Promise<I>;
	/** Failed background refreshes in a row, and when the next one may start. */
	refreshFailures: number;
	nextRefreshAt: number;
	/** When a session AWS refused may next be dropped for a new one. */
	nextDropAt: number;
}

/**
 * The one credential cache of the package. Keyed by an HMAC of the credential data, so an
 * edited credential never gets the old session and two credentials never share one. Providers
 * report `expiration`; this decides when to call them. Refresh is driven by use, with no timers.
 * Bounded: when every entry has a fetch in flight, a new credential waits for room.
 */
/** `I`: what the providers give; every kind (SigV4 credentials or an API key) by default. */
export class CredentialResolver<I extends AnyIdentity = AnyIdentity> {
	private readonly entries = new Map<string, Entry<I>>();
	private readonly maxEntries: number;
	private readonly expiryWindowMs: number;
	private readonly refreshWindowMs: number;
	private readonly now: () => number;
	private readonly providerFactory: ProviderFactory<I>;
	/** Callers of new credentials waiting for an entry to become evictable. */
	private readonly roomWaiters = new Set<() => void>();
	/** Numbers the entries for the logs: an ID that says nothing about the credential. */
	private entrySequence = 0;

	constructor(options: ResolverOptions<I> = {}) {
		this.maxEntries = options.maxEntries ?? 500;
		this.expiryWindowMs = options.expiryWindowMs ?? 60_000;
		this.refreshWindowMs = options.refreshWindowMs ?? 5 * 60_000;
		this.now = options.now ?? (() => Date.now());
		const authTimeouts = options.authTimeouts;
		this.providerFactory =
			options.providerFactory ??
			((connection) =>
				createProvider(connection, { authTimeouts }) as
					| (() => Promise<I>)
					| Promise<() => Promise<I>>);
	}

	/**
	 * Credentials for a connection: cached while they have more than a minute of life left.
	 * A caller whose `signal` fires stops waiting; the shared fetch goes on for the others.
	 */
	async resolve(connection: ConnectionConfig, options: ResolveOptions = {}): Promise<I> {
		const { logger, signal } = options;
		const found = this.entry(connection, signal);
		const entry = found instanceof Promise ? await found : found;
		if (entry.refusal) throw entry.refusal.error;
		if (entry.building) {
			logger?.debug('Bedrock credentials: fetch', entry.label);
			return await unlessCancelled(entry.building, signal);
		}
		const { value } = entry;
		if (value && !this.expiresWithin(value, this.expiryWindowMs)) {
			if (
				!entry.pending &&
				this.expiresWithin(value, this.refreshWindowMs) &&
				this.now() >= entry.nextRefreshAt
			) {
				logger?.debug('Bedrock credentials: background refresh', entry.label);
				// Keeps serving the still-valid value; a failure is logged and backed off.
				this.fetch(entry).catch((error: unknown) => this.refreshFailed(entry, error, logger));
			} else {
				logger?.debug('Bedrock credentials: cache hit', entry.label);
			}
			return value;
		}
		logger?.debug('Bedrock credentials: fetch', entry.label);
		return await unlessCancelled(entry.pending ?? this.fetch(entry), signal);
	}

	/**
	 * Fetches anew even when cached (the Test button must prove authentication now), sharing a
	 * fetch already in flight, and caches the result for the nodes.
	 */
	async refresh(connection: ConnectionConfig, options: ResolveOptions = {}): Promise<I> {
		const found = this.entry(connection, options.signal);
		const entry = found instanceof Promise ? await found : found;
		if (entry.refusal) throw entry.refusal.error;
		options.logger?.debug('Bedrock credentials: fetch (Test)', entry.label);
		return await unlessCancelled(
			entry.building ?? entry.pending ?? this.fetch(entry),
			options.signal,
		);
	}

	/**
	 * An SDK credential provider bound to this cache, for SigV4 clients of the connection. It
	 * takes the cancel signal and logger of the execution it runs in (see `authScope`). Marked
	 * `memoized` so the SDK asks this cache on every request instead of keeping its own copy until
	 * that copy's expiry: credentials the Test button or a background refresh fetched are used at
	 * once, and this stays the only cache.
	 */
	providerFor(connection: ConnectionConfig): (() => Promise<ResolvedIdentity>) & {
		memoized: boolean;
	} {
		const provider = async (): Promise<ResolvedIdentity> => {
			const identity = await this.resolve(connection, authScope.getStore());
			if (isBearer(identity)) throw wrongScheme('an API key', 'SigV4 credentials');
			return identity;
		};
		return Object.assign(provider, { memoized: true });
	}

	/** An SDK bearer token provider bound to this cache, for API-key clients of Bedrock. */
	tokenFor(connection: ConnectionConfig): () => Promise<BearerIdentity> {
		return async () => {
			const identity = await this.resolve(connection, authScope.getStore());
			if (!isBearer(identity)) throw wrongScheme('IAM credentials', 'a bearer token');
			return identity;
		};
	}

	/** The credentials cached for a connection now: what its next request is signed with. */
	cached(connection: ConnectionConfig): I | undefined {
		return this.entries.get(connection.cacheKey)?.value;
	}

	/**
	 * AWS refused `refused` (the {@link cached} session a request went out with; absent: the one
	 * cached now) before its end: an expired or unknown token, as after a revocation. True when
	 * the request may go again: the session is dropped now, the next use fetching a new one, or
	 * another request already had it replaced. At most one drop a minute per credential, so
	 * sessions refused again at once cause no storm of STS calls. Keys without an end (access
	 * keys, API keys) have nothing newer to fetch.
	 */
	dropRefused(connection: ConnectionConfig, refused?: I): boolean {
		const entry = this.entries.get(connection.cacheKey);
		if (!entry) return false;
		const session = refused ?? entry.value;
		if (entry.value !== session) return true;
		if (!session?.expiration || isBearer(session) || entry.pending) return false;
		if (this.now() < entry.nextDropAt) return false;
		entry.value = undefined;
		entry.nextDropAt = this.now() + REFUSED_REFETCH_MS;
		return true;
	}

	/**
	 * The secret values this cache holds for a connection (the issued session's secret key and
	 * token), for redaction by value. Empty when nothing is cached.
	 */
	issuedSecretsOf(connection: ConnectionConfig): string[] {
		const value = this.entries.get(connection.cacheKey)?.value;
		if (!value) return [];
		if (isBearer(value)) return [value.token];
		return [value.secretAccessKey, value.sessionToken ?? ''].filter(Boolean);
	}

	/** Drops every cached credential (tests, and credential deletion if n8n ever tells us). */
	clear(): void {
		this.entries.clear();
		this.wakeRoomWaiters();
	}

	get size(): number {
		return this.entries.size;
	}

	/**
	 * The entry of a connection, most recently used last, or a promise of it. A new entry needs
	 * room: when every entry has a fetch in flight (none may be evicted), the caller waits until
	 * one settles. Fetches end within the authentication time limit; a cancelled caller stops
	 * waiting. Synchronous when there is room, so a fetch starts before the caller yields.
	 */
	private entry(connection: ConnectionConfig, signal?: AbortSignal): Entry<I> | Promise<Entry<I>> {
		return this.entryIfRoom(connection) ?? this.entryWhenRoom(connection, signal);
	}

	private async entryWhenRoom(connection: ConnectionConfig, signal?: AbortSignal) {
		for (;;) {
			await unlessCancelled(this.room(), signal);
			const entry = this.entryIfRoom(connection);
			if (entry) return entry;
		}
	}

	private entryIfRoom(connection: ConnectionConfig): Entry<I> | undefined {
		const key = connection.cacheKey;
		let entry = this.entries.get(key);
		if (entry?.refusal && this.now() - entry.refusal.at > REFUSAL_TTL_MS) {
			this.entries.delete(key);
			entry = undefined;
		}
		if (entry) {
			this.entries.delete(key);
		} else {
			if (!this.evict()) return undefined;
			entry = this.build(connection);
		}
		this.entries.set(key, entry);
		return entry;
	}

	private wakeRoomWaiters(): void {
		for (const wake of [...this.roomWaiters]) wake();
	}

	/** Settles when a fetch ends, so a waiting caller can look for room again. */
	private room(): Promise<void> {
		return new Promise((resolve) => {
			const wake = () => {
				this.roomWaiters.delete(wake);
				resolve();
			};
			this.roomWaiters.add(wake);
		});
	}

	/**
	 * Builds the provider once per key; loading certificate material happens here (in a worker
	 * thread: then the entry is `building` until the material is loaded and first used).
	 */
	private build(connection: ConnectionConfig): Entry<I> {
		const { auth } = connection;
		const label = {
			kind: auth.kind,
			...(auth.kind === 'assumeRole' ? { source: auth.source.kind } : {}),
			entry: `c${++this.entrySequence}`,
		};
		const entry: Entry<I> = { label, refreshFailures: 0, nextRefreshAt: 0, nextDropAt: 0 };
		try {
			const built = this.providerFactory(connection);
			if (built instanceof Promise) {
				const building: Promise<I> = built
					.then(
						(provider) => {
							entry.provider = provider;
							return this.fetch(entry);
						},
						(error: unknown) => {
							entry.refusal = { error, at: this.now() };
							throw error;
						},
					)
					.finally(() => {
						if (entry.building === building) entry.building = undefined;
						this.wakeRoomWaiters();
					});
				building.catch(() => undefined);
				entry.building = building;
			} else {
				entry.provider = built;
			}
		} catch (error) {
			entry.refusal = { error, at: this.now() };
		}
		return entry;
	}

	private fetch(entry: Entry<I>): Promise<I> {
		const provider = entry.provider as () => Promise<I>;
		const pending = provider()
			.then((value) => {
				entry.value = value;
				entry.refreshFailures = 0;
				entry.nextRefreshAt = 0;
				return value;
			})
			.finally(() => {
				if (entry.pending === pending) entry.pending = undefined;
				this.wakeRoomWaiters();
			});
		// Callers that stopped waiting leave no unhandled rejection behind.
		pending.catch(() => undefined);
		entry.pending = pending;
		return pending;
	}

	private refreshFailed(entry: Entry<I>, error: unknown, logger: ResolverLogger | undefined): void {
		entry.refreshFailures++;
		const backoffMs = Math.min(
			MAX_REFRESH_BACKOFF_MS,
			REFRESH_BACKOFF_MS * 2 ** (entry.refreshFailures - 1),
		);
		entry.nextRefreshAt = this.now() + backoffMs;
		const { name, code } = (error ?? {}) as { name?: string; code?: string };
		logger?.warn(
			`Bedrock credentials: background refresh failed (${code ?? name ?? 'error'}); the current credentials stay in use, next try in ${backoffMs / 1000} s`,
			{ ...entry.label, failures: entry.refreshFailures },
		);
	}

	private expiresWithin(value: I, windowMs: number): boolean {
		return value.expiration !== undefined && value.expiration.getTime() - this.now() < windowMs;
	}

	/**
	 * Makes room for one entry: expired ones first, then the least recently used. False when
	 * every entry has a fetch in flight and none could go.
	 */
	private evict(): boolean {
		if (this.entries.size < this.maxEntries) return true;
		for (const [key, entry] of this.entries) {
			if (
				!entry.pending &&
				!entry.building &&
				(!entry.value || this.expiresWithin(entry.value, this.expiryWindowMs))
			) {
				this.entries.delete(key);
			}
		}
		// Least recently used first, but never one with a fetch (or material load) in flight: its
		// callers would otherwise start a second one for the same credential.
		for (const [key, entry] of this.entries) {
			if (this.entries.size < this.maxEntries) break;
			if (!entry.pending && !entry.building) this.entries.delete(key);
		}
		return this.entries.size < this.maxEntries;
	}
}

function wrongScheme(has: string, wanted: string): AuthError {
	return new AuthError('validation', `The credential holds ${has}, not ${wanted}`, {
		code: 'AuthSchemeMismatch',
	});
}

/** Shared by every node and the Test button of this package, within one n8n process. */
export const credentialResolver = new CredentialResolver();
