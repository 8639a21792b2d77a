import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as retrieve from './actions/retrieve';
import * as retrieveAndGenerate from './actions/retrieveAndGenerate';

const operations = { retrieve, retrieveAndGenerate };

/** Runs the node's operation for all items. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	if (!Object.hasOwn(operations, operation)) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	return await operations[operation as keyof typeof operations].execute.call(this);
}
