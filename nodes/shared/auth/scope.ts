/**
 * What the execution that asks for credentials brings along: its cancel signal and n8n's logger.
 * Nodes run their item loop inside {@link authScope}; the SDK calls the resolver's provider in
 * the same async context, so a cancelled execution stops waiting for STS and the resolver logs
 * through the right logger, with no parameter threaded through the SDK.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The part of n8n's logger the resolver uses. Meta never holds a secret. */
export interface ResolverLogger {
	debug(message: string, meta?: object): void;
	warn(message: string, meta?: object): void;
}

/** Per-call options of `CredentialResolver.resolve`. */
export interface ResolveOptions {
	/** The execution's cancel signal: when it fires, this caller stops waiting (others do not). */
	signal?: AbortSignal;
	/** n8n's logger (`this.logger`), for debug lines and refresh failures. */
	logger?: ResolverLogger;
}

/** What a node's item loop puts in scope: the resolver's options and the secrets to scrub. */
export interface AuthScope extends ResolveOptions {
	/** The secret values of the node's credential, for redaction by value of every error. */
	secrets?: () => string[];
}

export const authScope = new AsyncLocalStorage<AuthScope>();

/** The secret values in scope (see {@link AuthScope}); empty outside a node's item loop. */
export function scopedSecrets(): string[] {
	return authScope.getStore()?.secrets?.() ?? [];
}

/** The error a cancelled caller gets: named AbortError, as fetch and the AWS SDK name theirs. */
export function cancelledError(): Error {
	const error = new Error('The execution was cancelled while it waited for AWS credentials');
	error.name = 'AbortError';
	return error;
}

/** Waits for `promise` unless `signal` fires first; the promise itself goes on. */
export async function unlessCancelled<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
	if (!signal) return await promise;
	if (signal.aborted) throw cancelledError();
	return await new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(cancelledError());
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}
