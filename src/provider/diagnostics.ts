import { Problem } from './definitions';
import type * as pb from './protocol/messages';

const ERROR = 1;
const WARNING = 2;

export const Diagnostics = {
  error(summary: string, detail?: string, path?: readonly (string | number)[]): pb.Diagnostic[] {
    return [{ severity: ERROR, summary, detail, attribute: path ? attributePath(path) : undefined }];
  },
  warning(summary: string, detail?: string): pb.Diagnostic[] {
    return [{ severity: WARNING, summary, detail }];
  },
};

/** Diagnostics for problems found in configuration, each pointing at its attribute. */
export function problemsToDiagnostics(problems: readonly Problem[]): pb.Diagnostic[] {
  return problems.map(problem => ({
    severity: problem.severity === 'warning' ? WARNING : ERROR,
    summary: problem.summary,
    detail: problem.detail,
    attribute: problem.path.length > 0 ? attributePath(problem.path) : undefined,
  }));
}

/** A handler's failure as Terraform shows it: what was being done, then the vendor's words. */
export function diagnosticsFromError(error: unknown, doing: string): pb.Diagnostic[] {
  const message = error instanceof Error ? error.message : String(error);
  return [{ severity: ERROR, summary: `${doing} failed`, detail: message }];
}

export function attributePath(path: readonly (string | number)[]): pb.AttributePath {
  return {
    steps: path.map(step => typeof step === 'number' ? { elementKeyInt: step } : { attributeName: step }),
  };
}
