import type { z } from 'zod';

/** Turns zod issues into one readable line each: `path: expected ..., got ...`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map(formatIssue);
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(scenario)' : out;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'an object';
}

function orList(values: readonly unknown[]): string {
  const parts = values.map((v) => JSON.stringify(v));
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  const got = 'input' in issue ? describeValue((issue as { input?: unknown }).input) : undefined;
  switch (issue.code) {
    case 'invalid_type':
      return `${where}: expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${got}`;
    case 'invalid_value':
      return `${where}: expected ${orList(issue.values)}, got ${got}`;
    case 'too_big':
      return `${where}: at most ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : ''}, got ${issue.origin === 'number' ? got : 'more'}`;
    case 'too_small':
      return `${where}: at least ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : ''}, got ${issue.origin === 'number' ? got : 'fewer'}`;
    case 'unrecognized_keys':
      return `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_union':
      return `${where}: expected text or { "en": text, "zh-CN": text }, got ${got}`;
    case 'invalid_format':
      return `${where}: ${issue.message}, got ${got}`;
    case 'not_multiple_of':
      return `${where}: expected a multiple of ${String(issue.divisor)}, got ${got}`;
    default:
      return `${where}: ${issue.message}`;
  }
}
