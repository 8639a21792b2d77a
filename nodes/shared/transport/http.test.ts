import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';

import { HttpRequest } from '@smithy/core/protocols';

import { createRequestHandler } from './http';

/** A keep-alive server that answers in `pieces` pieces, `gapMs` apart; it sees sockets close. */
async function slowServer(pieces: number, gapMs: number) {
	const sockets = new Set<Socket>();
	const closed: Socket[] = [];
	const server: Server = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/plain' });
		let sent = 0;
		const next = () => {
			if (sent === pieces) return void res.end();
			res.write(`piece ${sent++};`);
			setTimeout(next, gapMs);
		};
		next();
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => closed.push(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		port,
		opened: () => sockets.size,
		closed: () => closed.length,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

async function readAll(body: unknown): Promise<string> {
	let text = '';
	for await (const chunk of body as Readable) text += String(chunk);
	return text;
}

const until = async (condition: () => boolean) => {
	for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('retiring a request handler', () => {
	const request = (port: number) =>
		new HttpRequest({ protocol: 'http:', hostname: '127.0.0.1', port, method: 'GET', path: '/' });

	it('lets an answer in flight finish, then closes its socket', async () => {
		const server = await slowServer(10, 30);
		try {
			const handler = createRequestHandler({}, `http://127.0.0.1:${server.port}`);
			const { response } = await handler.handle(request(server.port));
			expect(handler.inFlight).toBe(1);
			handler.retire();
			const text = await readAll(response.body);
			expect(text.split(';').filter(Boolean)).toHaveLength(10);
			expect(handler.inFlight).toBe(0);
			await until(() => server.closed() === 1);
			expect(server.closed()).toBe(1);
		} finally {
			await server.stop();
		}
	});

	it('closes idle keep-alive sockets at once', async () => {
		const server = await slowServer(1, 0);
		try {
			const handler = createRequestHandler({}, `http://127.0.0.1:${server.port}`);
			await readAll((await handler.handle(request(server.port))).response.body);
			await new Promise((r) => setTimeout(r, 50));
			expect(server.closed()).toBe(0); // kept alive for the next request
			handler.retire();
			await until(() => server.closed() === 1);
			expect(server.closed()).toBe(1);
		} finally {
			await server.stop();
		}
	});

	it('counts a request that failed as ended', async () => {
		const handler = createRequestHandler({ connectionTimeoutMs: 500 }, 'http://127.0.0.1:9');
		await expect(handler.handle(request(9))).rejects.toThrow();
		expect(handler.inFlight).toBe(0);
	});
});
