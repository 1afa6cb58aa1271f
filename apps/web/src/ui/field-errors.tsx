import { FormHelperText, HelperText, HelperTextItem } from '@patternfly/react-core';
import { useState } from 'react';
import type { z } from 'zod';

import { fieldProblems } from '@coffer/contracts/browser';

import { ApiError } from '../api';

type FieldErrors = Partial<Record<string, string>>;

/**
 * A form's problems field by field, from the same schema the gateway validates the request with
 * (checked before sending, so an empty required field never reaches the API), or from the
 * gateway's 400 (`fields`) when it still refuses.
 */
export function useFieldErrors(schema: z.ZodTypeAny) {
  const [errors, setErrors] = useState<FieldErrors>({});

  /** Whether `values` pass the schema; if not, each field's first problem is shown. */
  function check(values: unknown): boolean {
    const result = schema.safeParse(values);
    setErrors(result.success ? {} : fieldProblems(result.error.issues));
    return result.success;
  }

  /** Takes the fields of a 400 the gateway answered; whether there were any. */
  function takeFrom(error: unknown): boolean {
    const fields = error instanceof ApiError ? error.body.fields : undefined;
    if (!fields || typeof fields !== 'object') return false;
    setErrors(fields as FieldErrors);
    return true;
  }

  /** An edited field's problem goes: it no longer describes what is there. */
  function clear(field: string) {
    if (errors[field] !== undefined) setErrors({ ...errors, [field]: undefined });
  }

  return {
    errors,
    check,
    takeFrom,
    clear,
    validated: (field: string) => (errors[field] ? ('error' as const) : ('default' as const)),
  };
}

/** A field's problem under it, or the help text when it has none. */
export function FieldHelp({ error, children }: { error?: string; children?: React.ReactNode }) {
  if (!error && !children) return null;
  return (
    <FormHelperText>
      <HelperText>
        <HelperTextItem variant={error ? 'error' : 'default'}>{error ?? children}</HelperTextItem>
      </HelperText>
    </FormHelperText>
  );
}
