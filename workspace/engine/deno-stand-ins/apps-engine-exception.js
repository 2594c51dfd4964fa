// The runtime imports AppsEngineException from the engine's TypeScript sources (`src/`), which
// the npm package does not ship. This re-exports the compiled class through require, the way
// the runtime loads the engine for apps, so both see one and the same class.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// The path holds once the set-up copies this file beside the runtime, inside the engine package.
// eslint-disable-next-line import/no-unresolved
export const { AppsEngineException } = require('../../definition/exceptions/AppsEngineException.js');
