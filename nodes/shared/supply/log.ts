/**
 * A sub-node's calls in n8n's run data, as n8n's own sub-nodes record them: the input before the
 * call, the output (or the error) after it. The editor shows them as the sub-node's logs and its
 * input and output panels.
 *
 * n8n's own log wrapper (`logWrapper` of `@n8n/ai-utilities` 0.34) wraps only the methods LangChain
 * used to call from outside (`getRelevantDocuments` on a retriever); LangChain 1.x root nodes call
 * `invoke`, which goes to `_getRelevantDocuments` and past the wrapper. So the supplied object
 * records its calls itself, through this helper.
 */
import type {
	AINodeConnectionType,
	ExecutionError,
	IDataObject,
	ISupplyDataFunctions,
} from 'n8n-workflow';

export type RunLog = Pick<ISupplyDataFunctions, 'addInputData' | 'addOutputData'>;

/**
 * Runs `call` as one run of the sub-node on `connection`: `input` is its input, `output(result)`
 * its output; an error is recorded as the run's error and reaches the caller unchanged.
 */
export async function loggedCall<T>(
	log: RunLog,
	connection: AINodeConnectionType,
	input: IDataObject,
	call: () => Promise<T>,
	output: (result: T) => IDataObject,
): Promise<T> {
	const { index } = log.addInputData(connection, [[{ json: input }]]);
	const result = call();
	// Recorded beside the caller's await, which gets the result or the error unchanged.
	result.then(
		(value) => log.addOutputData(connection, index, [[{ json: output(value) }]]),
		(error: unknown) => log.addOutputData(connection, index, error as ExecutionError),
	);
	return await result;
}
