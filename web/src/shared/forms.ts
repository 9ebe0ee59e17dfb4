import type { z } from 'zod';

/**
 * A form's zod issues as one message per field, the first one found: `{ name: '请填写名称' }`.
 * Keys are the first path segment (`lines.0.quantity` → `lines`), or the whole dotted path with
 * `{ fullPath: true }`; an issue about the whole form is keyed `form`.
 */
export function zodFieldErrors(
  error: z.ZodError,
  { fullPath = false }: { fullPath?: boolean } = {},
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = (fullPath ? issue.path.join('.') : String(issue.path[0] ?? '')) || 'form';
    errors[key] ??= issue.message;
  }
  return errors;
}
