import { useCallback, useEffect, useState } from 'react';

/**
 * Loads something for a page: `data` once loaded, `error` if it failed, `reload` after a change.
 * A later load replaces an earlier one even if the earlier answers last (instant search).
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
): {
  data: T | undefined;
  error: unknown;
  reload: () => Promise<void>;
  /** Shows what a change answered, without asking again. */
  replace: (data: T) => void;
  loading: boolean;
} {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  // The caller names what the load depends on, as with useCallback.
  const stableLoad = useCallback(load, deps);

  useEffect(() => {
    let current = true;
    setLoading(true);
    stableLoad().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (caught: unknown) => {
        if (!current) return;
        setError(caught);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [stableLoad, generation]);

  const reload = useCallback(async () => {
    setGeneration((count) => count + 1);
  }, []);
  const replace = useCallback((value: T) => setData(value), []);
  return { data, error, reload, replace, loading };
}

/** `value`, once it has stopped changing for `ms`: search as you type without a request per key. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
