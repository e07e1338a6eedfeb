import type { Finding } from '../engine/finding.js';

export interface SeverityCounts {
  errors: number;
  warnings: number;
}

export function countSeverities(findings: readonly Finding[]): SeverityCounts {
  let errors = 0;
  for (const finding of findings) if (finding.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}
