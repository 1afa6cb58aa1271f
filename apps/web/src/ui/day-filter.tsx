import { DatePicker } from '@patternfly/react-core';
import { useEffect, useState } from 'react';

import { startOfLocalDay } from '../lib/local-days';

/**
 * A day typed or picked as `yyyy-mm-dd`, handed on only once it is a whole day (or cleared): the
 * keystrokes of a half-typed day stay in the field instead of reaching the URL and the query,
 * where a quick typist's next keystroke would start from a stale value.
 */
export function DayFilter({
  label,
  placeholder,
  day,
  onDay,
}: {
  label: string;
  placeholder: string;
  /** The day in force (from the URL). */
  day: string;
  onDay: (day: string) => void;
}) {
  const [typed, setTyped] = useState(day);
  // A day set elsewhere (a quick range, Clear all filters) replaces what was typed.
  useEffect(() => setTyped(day), [day]);

  return (
    <DatePicker
      value={typed}
      onChange={(_event, value) => {
        setTyped(value);
        if (value === '' || startOfLocalDay(value)) onDay(value);
      }}
      validators={[(date) => (Number.isNaN(date.getTime()) ? 'Enter a day as yyyy-mm-dd.' : '')]}
      invalidFormatText="Enter a day as yyyy-mm-dd."
      inputProps={{ 'aria-label': label }}
      placeholder={placeholder}
    />
  );
}
