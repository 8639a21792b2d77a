/**
 * Child process entry: runs the local AWS emulator out of the measured process, so its own CPU
 * work (signature checks, answers) does not share the event loop of the code being timed.
 * Answers the parent's commands over IPC.
 */
import { EventEmitter } from 'node:events';

import { startEmulator, type FaultSpec, type QuotaSpec } from '../test/emulator';

export type HostCommand =
	| { cmd: 'count'; action: string }
	| { cmd: 'reset' }
	| { cmd: 'injectFault'; fault: FaultSpec }
	| { cmd: 'setStreamDelay'; ms: number }
	| { cmd: 'setQuotas'; quotas: QuotaSpec[] }
	| { cmd: 'callStats'; action: string }
	| { cmd: 'stop' };

/** Calls of one action the emulator received: all, answered (200), throttled (429). */
export interface CallStats {
	total: number;
	answered: number;
	throttled: number;
}

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
					case 'setQuotas':
						emulator.setQuotas(message.quotas);
						break;
					case 'callStats': {
						const calls = emulator.calls.filter((c) => c.action === message.action);
						const stats: CallStats = {
							total: calls.length,
							answered: calls.filter((c) => c.status === 200).length,
							throttled: calls.filter((c) => c.errorCode === 'ThrottlingException').length,
						};
						result = stats;
						break;
					}
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
