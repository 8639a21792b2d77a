/**
 * The HTTP side: one port on 127.0.0.1 for every service, speaking HTTP/1.1 and cleartext
 * HTTP/2 (the Bedrock Runtime client uses HTTP/2 by default; the others HTTP/1.1). Reads a
 * request, hands it to the router, writes the answer with `x-amzn-RequestId` and a `Date` from
 * the emulator's clock (the AWS SDK corrects clock skew from it), streams event stream answers
 * frame by frame, and carries out connection-level faults.
 */
import {
	createServer as createHttp1Server,
	type IncomingMessage,
	type ServerResponse,
} from 'node:http';
import {
	createServer as createHttp2Server,
	type Http2ServerRequest,
	type Http2ServerResponse,
} from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';

import type { FaultQueue } from './faults';
import { sendFlood, type FloodTarget } from './replyFaults';
import type { ReceivedRequest } from './request';
import { dispatch, type Outcome } from './router';
import type { EmulatorState } from './state';
import { sendStream } from './streaming';

export interface EmulatorServer {
	url: string;
	port: number;
	/** Closes the server, every open connection and every pending delayed answer. */
	close(): Promise<void>;
}

type Request = IncomingMessage | Http2ServerRequest;
type Response = ServerResponse | Http2ServerResponse;

/** Start of the HTTP/2 connection preface (`PRI * HTTP/2.0`). */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0');

function toReceived(req: Request, body: Buffer): ReceivedRequest {
	const url = req.url ?? '/';
	const q = url.indexOf('?');
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		// Of the HTTP/2 pseudo-headers only :authority can be signed (the SDK signs it, not host).
		if (value === undefined || (name.startsWith(':') && name !== ':authority')) continue;
		headers[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return {
		method: req.method ?? 'GET',
		rawPath: q < 0 ? url : url.slice(0, q),
		rawQuery: q < 0 ? '' : url.slice(q + 1),
		headers,
		body,
	};
}

/** Ends the connection under a request at once: the socket (HTTP/1.1) or session (HTTP/2). */
function destroyConnection(req: Request): void {
	if ('stream' in req) req.stream.session?.destroy();
	else req.socket.destroy();
}

export async function startServer(
	state: EmulatorState,
	faults: FaultQueue,
	port = 0,
): Promise<EmulatorServer> {
	const sockets = new Set<Socket>();
	const waiting = new Set<() => void>();
	let stopping = false;

	const common = (requestId: string) => ({
		'x-amzn-RequestId': requestId,
		Date: state.now().toUTCString(),
	});

	const write = (req: Request, res: Response, outcome: Exclude<Outcome, { kind: 'stream' }>) => {
		switch (outcome.kind) {
			case 'gone':
			case 'drop':
				destroyConnection(req);
				return;
			case 'flood':
				sendFlood(res as unknown as FloodTarget, outcome.plan, common(outcome.requestId));
				return;
			case 'reset': {
				res.writeHead(200, {
					...common(outcome.requestId),
					'content-type': 'application/json',
					'content-length': '4096',
				});
				(res as ServerResponse).write('{"partial":"', () => destroyConnection(req));
				return;
			}
			case 'reply': {
				const { reply, requestId } = outcome;
				res.writeHead(reply.status, {
					...reply.headers,
					...common(requestId),
					'content-length': String(Buffer.byteLength(reply.body)),
				});
				res.end(reply.body);
			}
		}
	};

	const handle = async (req: Request, res: Response, body: Buffer) => {
		let gone = false;
		res.on('close', () => {
			if (!res.writableFinished) gone = true;
		});
		const wait = (ms: number) =>
			new Promise<boolean>((resolve) => {
				if (stopping || gone) return resolve(false);
				const done = (ok: boolean) => {
					clearTimeout(timer);
					waiting.delete(cancel);
					res.off('close', cancel);
					resolve(ok && !gone && !stopping);
				};
				const cancel = () => done(false);
				const timer = setTimeout(() => done(true), ms);
				waiting.add(cancel);
				res.on('close', cancel);
			});
		try {
			const outcome = await dispatch(state, faults, toReceived(req, body), wait);
			if (gone || stopping) {
				destroyConnection(req);
				return;
			}
			if (outcome.kind === 'stream') {
				await sendStream(res, outcome.plan, outcome.call, common(outcome.requestId), {
					wait,
					destroy: () => destroyConnection(req),
				});
				return;
			}
			write(req, res, outcome);
		} catch (err) {
			if (!res.headersSent) {
				res.writeHead(500, { 'content-type': 'text/plain' });
				res.end(`emulator error: ${String(err)}`);
			}
		}
	};

	const onRequest = (req: Request, res: Response) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => void handle(req, res, Buffer.concat(chunks)));
		req.on('error', () => destroyConnection(req));
	};
	const http1 = createHttp1Server(onRequest);
	const http2 = createHttp2Server(onRequest);
	http2.on('sessionError', () => undefined);

	// One listening socket; each connection goes to the HTTP/1.1 or the HTTP/2 server depending
	// on its first bytes.
	const front = createNetServer((socket) => {
		sockets.add(socket);
		// Event stream frames are small writes; send each at once rather than wait for an ACK.
		socket.setNoDelay(true);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		socket.once('data', (chunk: Buffer) => {
			socket.pause();
			socket.unshift(chunk);
			const isHttp2 = chunk.subarray(0, H2_PREFACE.length).equals(H2_PREFACE);
			(isHttp2 ? http2 : http1).emit('connection', socket);
			process.nextTick(() => socket.resume());
		});
	});

	await new Promise<void>((resolve, reject) => {
		front.once('error', reject);
		front.listen(port, '127.0.0.1', () => resolve());
	});
	const actualPort = (front.address() as AddressInfo).port;

	return {
		url: `http://127.0.0.1:${actualPort}`,
		port: actualPort,
		close: () =>
			new Promise<void>((resolve) => {
				stopping = true;
				for (const cancel of [...waiting]) cancel();
				front.close(() => resolve());
				for (const socket of sockets) socket.destroy();
				sockets.clear();
			}),
	};
}
