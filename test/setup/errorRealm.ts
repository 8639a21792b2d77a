/**
 * Jest runs each test file in its own realm, while Node's own errors (a refused connection, a
 * reset socket) are made in the host realm: `error instanceof Error` is false for them inside a
 * test. The AWS SDK's retry middleware then wraps them as `AWS SDK error wrapper for Error: …`,
 * which never happens in n8n. This makes the test realm's `Error` recognise errors of any realm,
 * as one realm would, so the product code meets the errors it meets in production.
 */
const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

// Once per realm: a file that reloads the setup (jest.isolateModules…) finds it in place.
if (!Object.prototype.hasOwnProperty.call(Error, Symbol.hasInstance)) {
	Object.defineProperty(Error, Symbol.hasInstance, {
		configurable: true,
		value(this: unknown, value: unknown): boolean {
			if (ordinaryHasInstance.call(this, value)) return true;
			// Subclasses (TypeError, AuthError…) inherit this method: only Error itself widens.
			return this === Error && Object.prototype.toString.call(value) === '[object Error]';
		},
	});
}
