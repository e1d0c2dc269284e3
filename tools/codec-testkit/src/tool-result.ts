import { LkError } from '@lk/batch';

/**
 * Throws unless an external tool (kcat, a Java console tool) exited 0.
 * @throws {LkError} `LK_TESTKIT_TOOL` with the tail of its stderr.
 */
export function checkTool(tool: string, result: { code: number | null; stderr: string }): void {
  if (result.code === 0) return;
  throw new LkError('LK_TESTKIT_TOOL', `${tool} exited ${result.code}: ${result.stderr.slice(-2000)}`);
}
