/**
 * The one error type for bad scenario input. Its message names the path and the problem, e.g.
 * `kafka.acks: expected "0", "1" or "all", got "2"`, and is safe to show to a user as text.
 */
export type ScenarioErrorKind = 'invalid' | 'tooNew' | 'malformed';

export class ScenarioError extends Error {
  readonly kind: ScenarioErrorKind;
  readonly problems: string[];
  constructor(kind: ScenarioErrorKind, problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ScenarioError';
    this.kind = kind;
    this.problems = problems;
  }
}
