/**
 * The tests run the package from its TypeScript sources, where the certificate worker thread has
 * no built `worker.js` beside it: start it from the copy `compileWorker.ts` transpiled for this run.
 */
import { join } from 'node:path';

import { useCertificateWorkerScript } from '../../nodes/shared/auth/x509/offThread';
import { WORKER_BUILD } from './workerBuild';

useCertificateWorkerScript(join(WORKER_BUILD, 'nodes/shared/auth/x509/worker.js'));
