/**
 * The one module that builds a provider for a connection: the credential kind's own provider
 * (auth/kinds/), given the clock and the authentication timeouts. Only the resolver calls it.
 */
import type { ConnectionConfig } from './connection';
import type { AnyIdentityProvider } from './identity';
import { credentialKindOf } from './kinds';
import { AUTH_TIMEOUTS, type AuthTimeouts } from './providerTools';

export { AUTH_TIMEOUTS, type AuthTimeouts };

/** Options of {@link createProvider}. */
export interface ProviderOptions {
	/** Clock; default `new Date()`. */
	now?: () => Date;
	/** Default {@link AUTH_TIMEOUTS}. */
	authTimeouts?: AuthTimeouts;
}

/**
 * Builds the uncached provider for a validated connection. Certificate material is loaded (and
 * checked) before any network call: a Roles Anywhere provider comes as a promise, which rejects
 * when the material is refused.
 */
export function createProvider(
	connection: ConnectionConfig,
	options: ProviderOptions = {},
): AnyIdentityProvider | Promise<AnyIdentityProvider> {
	return credentialKindOf(connection).provider(connection, connection.auth, {
		now: options.now ?? (() => new Date()),
		timeouts: options.authTimeouts ?? AUTH_TIMEOUTS,
	});
}
