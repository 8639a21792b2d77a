/**
 * The test environment of the hardening suites.
 *
 * - Jest's node environment runs tests in their own realm, so errors made by Node's core modules
 *   (sockets, http) are not `instanceof Error` there. The AWS SDK then wraps them ("AWS SDK error
 *   wrapper for …") and their `code` is lost, which never happens in n8n, where nodes run in one
 *   realm. Here the realm's error classes also recognise the host realm's errors, so the SDK and
 *   our error mapping see network errors exactly as in n8n (errors the engine throws inside the
 *   test realm, such as a SyntaxError from JSON.parse, stay what they are).
 * - An unhandled promise rejection is reported on the real `process`, which tests cannot reach
 *   through Jest's sandboxed copy: this environment hands it to the tests as
 *   `globalThis.__hostProcess`, so a suite can listen for 'unhandledRejection' itself.
 */
const { TestEnvironment } = require('jest-environment-node');

const ERROR_CLASSES = ['Error', 'TypeError', 'SyntaxError', 'RangeError', 'AggregateError'];

class SingleRealmEnvironment extends TestEnvironment {
	constructor(config, context) {
		super(config, context);
		for (const name of ERROR_CLASSES) {
			const local = this.global[name];
			const host = globalThis[name];
			if (!local || !host || local === host) continue;
			// `this` is the class on the right of `instanceof`: subclasses inherit this method and
			// must keep their ordinary check.
			Object.defineProperty(local, Symbol.hasInstance, {
				value: function hasInstance(value) {
					return (
						Function.prototype[Symbol.hasInstance].call(this, value) ||
						(this === local && value instanceof host)
					);
				},
			});
		}
		this.global.__hostProcess = process;
	}
}

module.exports = SingleRealmEnvironment;
