/**
 * Child process entry: runs the local AWS emulator out of the measured process, so its own CPU
 * work (signature checks, answers) does not share the event loop of the code being timed.
 * Answers the parent's commands over IPC.
 */
import { EventEmitter } from 'node:events';

import { startEmulator, type FaultSpec } from '../test/emulator';

export type HostCommand =
	| { cmd: 'count'; action: string }
	| { cmd: 'reset' }
	| { cmd: 'injectFault'; fault: FaultSpec }
	| { cmd: 'setStreamDelay'; ms: number }
	| { cmd: 'stop' };

export type HostMessage =
	| { ready: true; url: string }
	| { id: number; result?: unknown; error?: string };

async function main(): Promise<void> {
	// The emulator adds a 'close' listener to a response for every wait between stream events;
	// a 12-event stream would otherwise print MaxListenersExceededWarning.
	EventEmitter.defaultMaxListeners = 100;
	const emulator = await startEmulator();
	const send = (message: HostMessage) => process.send?.(message);
	process.on('message', (message: HostCommand & { id: number }) => {
		void (async () => {
			try {
				let result: unknown;
				switch (message.cmd) {
					case 'count':
						result = emulator.count(message.action);
						break;
					case 'reset':
						emulator.reset();
						break;
					case 'injectFault':
						emulator.injectFault(message.fault);
						break;
					case 'setStreamDelay':
						emulator.setStreamDelay(message.ms);
						break;
					case 'stop':
						await emulator.stop();
						send({ id: message.id });
						process.disconnect?.();
						return;
				}
				send({ id: message.id, result });
			} catch (error) {
				send({ id: message.id, error: String(error) });
			}
		})();
	});
	process.on('disconnect', () => void emulator.stop().then(() => process.exit(0)));
	send({ ready: true, url: emulator.url });
}

void main();
