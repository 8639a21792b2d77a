/** How a credential resolver is built: its bounds, its clock and where its providers come from. */
import type { ConnectionConfig } from './connection';
import type { AnyIdentity } from './identity';
import type { AuthTimeouts } from './providers';

export type ProviderFactory<I> = (
	connection: ConnectionConfig,
) => (() => Promise<I>) | Promise<() => Promise<I>>;

export interface ResolverOptions<I extends AnyIdentity = AnyIdentity> {
	/** Most credentials kept at once; the least recently used goes first. Default 500. */
	maxEntries?: number;
	/** Credentials with less life left than this are expired and fetched anew. Default 60 s. */
	expiryWindowMs?: number;
	/** Within this much of expiry a use starts one background refresh. Default 5 minutes. */
	refreshWindowMs?: number;
	/** Clock, for tests. */
	now?: () => number;
	/**
	 * Builds the uncached provider of a connection, or a promise of it (certificate material is
	 * loaded in a worker thread); tests may inject their own.
	 */
	providerFactory?: ProviderFactory<I>;
	/** Timeouts of STS and Roles Anywhere calls; default {@link AUTH_TIMEOUTS}. */
	authTimeouts?: AuthTimeouts;
}
