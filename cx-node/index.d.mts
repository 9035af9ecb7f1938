// Declarations of the ES module entry (index.mjs): the same API as index.d.ts, whose
// named exports it re-exports, plus the whole addon as the default export.
export * from './index.js'
import * as cx from './index.js'
export default cx
