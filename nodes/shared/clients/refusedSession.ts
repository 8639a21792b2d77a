import type { InitializeHandlerOptions, InitializeMiddleware, MetadataBearer } from '@smithy/types';

import { credentialResolver } from '../auth/resolver';
import type { ConnectionConfig } from '../auth/connection';

/**
 * What AWS answers for a session it no longer takes: expired early (the clock of the issuer, a
 * shortened session) or unknown (the issuer forgot it). Not AccessDenied: that is usually a
 * missing permission, which a new session does not fix.
 */
const REFUSED_SESSION_CODES: ReadonlySet<string> = new Set([
	'ExpiredToken',
	'ExpiredTokenException',
	'InvalidClientTokenId',
	'UnrecognizedClientException',
]);

/** The part of every SDK client's middleware stack used here. */
interface InitializeStack {
	add(
		middleware: InitializeMiddleware<object, MetadataBearer>,
		options: InitializeHandlerOptions & { name: string },
	): void;
}

const isRefusedSession = (error: unknown): boolean =>
	REFUSED_SESSION_CODES.has(String((error as { name?: unknown } | null)?.name));

/**
 * Sends a request once more with a new session when AWS refused the cached one before its end,
 * so calls do not fail until that end (up to 12 hours). Every request in flight with that session
 * goes again on the one new session. The resolver allows one new session a minute per credential;
 * a refusal of the new one within that minute is the request's error, as before.
 */
export function retryRefusedSession(stack: InitializeStack, connection: ConnectionConfig): void {
	stack.add(
		(next) => async (args) => {
			const session = credentialResolver.cached(connection);
			try {
				return await next(args);
			} catch (error) {
				if (!isRefusedSession(error) || !credentialResolver.dropRefused(connection, session))
					throw error;
				return await next(args);
			}
		},
		{ step: 'initialize', name: 'bedrockIamRetryRefusedSession' },
	);
}
