import { connect } from 'node:net';

/** The Jest setup (errorRealm.ts) that lets Node's own errors be `instanceof Error` in tests. */
describe('error realm', () => {
	const refused = () =>
		new Promise<unknown>((resolve) => connect(1, '127.0.0.1').on('error', resolve));

	it("Node's network errors are instances of Error, as in n8n", async () => {
		const error = await refused();
		expect(error instanceof Error).toBe(true);
		expect(error).toMatchObject({ code: 'ECONNREFUSED' });
	});

	it('subclasses keep their own instanceof', async () => {
		expect((await refused()) instanceof TypeError).toBe(false);
		expect(new TypeError('x') instanceof RangeError).toBe(false);
		expect(new RangeError('x') instanceof RangeError).toBe(true);
		expect({ message: 'x' } instanceof Error).toBe(false);
	});
});
