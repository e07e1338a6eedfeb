/** Reports written with --output go through the one atomic writer (src/fix/atomic-write.ts). */
export { writeFileAtomic } from '../fix/atomic-write.js';
