// The reading of model references is shared with the Converse module (prompt caching, reasoning).
export { baseModelId } from '../../shared/parameters/modelId';
