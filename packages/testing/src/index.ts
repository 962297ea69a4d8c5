export { uniqueName, waitFor } from './names.js';
export { requireInfrastructure } from './infrastructure.js';
