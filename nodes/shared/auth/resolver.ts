import type { ConnectionConfig } from './connection';
import { AuthError } from './errors';
import { isBearer, type AnyIdentity, type BearerIdentity, type ResolvedIdentity } from './identity';
import { createProvider } from './providers';

export interface ResolverOptions<I extends AnyIdentity = AnyIdentity> {
	/** Most credentials kept at once; the least recently used goes first. Default 500. */
	maxEntries?: number;
	/** Credentials with less life left than this are expired and fetched anew. Default 60 s. */
	expiryWindowMs?: number;
	/** Within this much of expiry a use starts one background refresh. Default 5 minutes. */
	refreshWindowMs?: number;
	/** Clock, for tests. */
	now?: () => number;
	/** Builds the uncached provider of a connection; tests may inject their own. */
	providerFactory?: (connection: ConnectionConfig) => () => Promise<I>;
}

interface Entry<I> {
	provider: () => Promise<I>;
	value?: I;
	/** The one fetch in flight, shared by every caller; cleared when it settles. */
	pending?: Promise<I>;
}

/**
 * The one credential cache of the package. Keyed by the SHA-256 of the credential data, so an
 * edited credential never gets the old session and two credentials never share one. Providers
 * report `expiration`; this decides when to call them. Refresh is driven by use, with no timers.
 */
/** `I`: what the providers give; every kind (SigV4 credentials or an API key) by default. */
export class CredentialResolver<I extends AnyIdentity = AnyIdentity> {
	private readonly entries = new Map<string, Entry<I>>();
	private readonly maxEntries: number;
	private readonly expiryWindowMs: number;
	private readonly refreshWindowMs: number;
	private readonly now: () => number;
	private readonly providerFactory: (connection: ConnectionConfig) => () => Promise<I>;

	constructor(options: ResolverOptions<I> = {}) {
		this.maxEntries = options.maxEntries ?? 500;
		this.expiryWindowMs = options.expiryWindowMs ?? 60_000;
		this.refreshWindowMs = options.refreshWindowMs ?? 5 * 60_000;
		this.now = options.now ?? (() => Date.now());
		this.providerFactory =
			options.providerFactory ?? ((connection) => createProvider(connection) as () => Promise<I>);
	}

	/** Credentials for a connection: cached while they have more than a minute of life left. */
	async resolve(connection: ConnectionConfig): Promise<I> {
		const entry = this.entry(connection);
		const { value } = entry;
		if (value && !this.expiresWithin(value, this.expiryWindowMs)) {
			if (!entry.pending && this.expiresWithin(value, this.refreshWindowMs)) {
				// Served the still-valid value; a failed background refresh is retried on the next use.
				this.fetch(entry).catch(() => undefined);
			}
			return value;
		}
		return await (entry.pending ?? this.fetch(entry));
	}

	/**
	 * Fetches anew even when cached (the Test button must prove authentication now), sharing a
	 * fetch already in flight, and caches the result for the nodes.
	 */
	async refresh(connection: ConnectionConfig): Promise<I> {
		const entry = this.entry(connection);
		return await (entry.pending ?? this.fetch(entry));
	}

	/** An SDK credential provider bound to this cache, for SigV4 clients of the connection. */
	providerFor(connection: ConnectionConfig): () => Promise<ResolvedIdentity> {
		return async () => {
			const identity = await this.resolve(connection);
			if (isBearer(identity)) throw wrongScheme('an API key', 'SigV4 credentials');
			return identity;
		};
	}

	/** An SDK bearer token provider bound to this cache, for API-key clients of Bedrock. */
	tokenFor(connection: ConnectionConfig): () => Promise<BearerIdentity> {
		return async () => {
			const identity = await this.resolve(connection);
			if (!isBearer(identity)) throw wrongScheme('IAM credentials', 'a bearer token');
			return identity;
		};
	}

	/** Drops every cached credential (tests, and credential deletion if n8n ever tells us). */
	clear(): void {
		this.entries.clear();
	}

	get size(): number {
		return this.entries.size;
	}

	private entry(connection: ConnectionConfig): Entry<I> {
		const key = connection.cacheKey;
		let entry = this.entries.get(key);
		if (entry) {
			this.entries.delete(key);
		} else {
			entry = { provider: this.providerFactory(connection) };
			this.evict();
		}
		this.entries.set(key, entry);
		return entry;
	}

	private fetch(entry: Entry<I>): Promise<I> {
		const pending = entry
			.provider()
			.then((value) => {
				entry.value = value;
				return value;
			})
			.finally(() => {
				if (entry.pending === pending) entry.pending = undefined;
			});
		entry.pending = pending;
		return pending;
	}

	private expiresWithin(value: I, windowMs: number): boolean {
		return value.expiration !== undefined && value.expiration.getTime() - this.now() < windowMs;
	}

	/** Makes room for one entry: expired ones first, then the least recently used. */
	private evict(): void {
		if (this.entries.size < this.maxEntries) return;
		for (const [key, entry] of this.entries) {
			if (
				!entry.pending &&
				(!entry.value || this.expiresWithin(entry.value, this.expiryWindowMs))
			) {
				this.entries.delete(key);
			}
		}
		while (this.entries.size >= this.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}
}

/** A client asked for the other kind of identity than its credential has: a wiring mistake. */
function wrongScheme(has: string, wanted: string): AuthError {
	return new AuthError('validation', `The credential holds ${has}, not ${wanted}`, {
		code: 'AuthSchemeMismatch',
	});
}

/** Shared by every node and the Test button of this package, within one n8n process. */
export const credentialResolver = new CredentialResolver();
