/**
 * The worker thread that reads certificate material (see `offThread.ts`): for each request it
 * runs the key derivations and node-forge's decryption, then posts the checked material back,
 * the key as a KeyObject and the certificates as DER.
 */
import type { KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

import { CredentialValidationError } from '../errors';
import { readCertificateMaterial } from './read';
import type { CertificateInput, CertificateMaterial } from './types';

/** What the worker is given, one load at a time. */
export interface WorkerRequest {
	input: CertificateInput;
	/** Milliseconds since the epoch: the time the certificates must be valid at. */
	now: number;
}

/** The material in a form that crosses threads. */
export type TransferredMaterial = Omit<CertificateMaterial, 'leaf' | 'chain' | 'privateKey'> & {
	leafDer: Uint8Array;
	chainDer: Uint8Array[];
	privateKey: KeyObject;
};

/** What the worker posts back: the material, or the validation error it met. */
export type WorkerAnswer =
	| { ok: true; material: TransferredMaterial }
	| { ok: false; field?: string; message?: string; code?: string };

function answer({ input, now }: WorkerRequest): WorkerAnswer {
	try {
		const { leaf, chain, privateKey, ...rest } = readCertificateMaterial(input, new Date(now));
		return {
			ok: true,
			material: { ...rest, leafDer: leaf.raw, chainDer: chain.map((c) => c.raw), privateKey },
		};
	} catch (error) {
		// Only our own validation errors cross: their messages are built to carry no secret.
		if (!(error instanceof CredentialValidationError)) return { ok: false };
		return { ok: false, field: error.field, message: error.message, code: error.code };
	}
}

parentPort?.on('message', (request: WorkerRequest) => parentPort?.postMessage(answer(request)));
