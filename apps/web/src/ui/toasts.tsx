import { Alert, AlertActionCloseButton, AlertGroup, type AlertProps } from '@patternfly/react-core';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

import { messageOf } from './errors';

interface Toast {
  key: number;
  variant: NonNullable<AlertProps['variant']>;
  title: string;
  body?: ReactNode;
}

interface Toasts {
  success: (title: string, body?: ReactNode) => void;
  failure: (error: unknown, title?: string) => void;
  info: (title: string, body?: ReactNode) => void;
}

const ToastContext = createContext<Toasts | undefined>(undefined);

/** Results of actions, as toasts in one live region, so screen readers hear them too. */
export function useToasts(): Toasts {
  const toasts = useContext(ToastContext);
  if (!toasts) throw new Error('outside the toast provider');
  return toasts;
}

let nextKey = 0;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const remove = useCallback(
    (key: number) => setToasts((shown) => shown.filter((toast) => toast.key !== key)),
    [],
  );
  const add = useCallback((toast: Omit<Toast, 'key'>) => {
    // At most four at once: an old result makes room for a new one.
    setToasts((shown) => [...shown.slice(-3), { ...toast, key: nextKey++ }]);
  }, []);
  const value = useMemo<Toasts>(
    () => ({
      success: (title, body) => add({ variant: 'success', title, body }),
      info: (title, body) => add({ variant: 'info', title, body }),
      failure: (error, title) =>
        add(
          title
            ? { variant: 'danger', title, body: messageOf(error) }
            : { variant: 'danger', title: messageOf(error) },
        ),
    }),
    [add],
  );
  return (
    <ToastContext.Provider value={value}>
      {children}
      <AlertGroup isToast isLiveRegion>
        {toasts.map((toast) => (
          <Alert
            key={toast.key}
            variant={toast.variant}
            title={toast.title}
            // Errors stay until closed; successes go after a while.
            timeout={toast.variant === 'danger' ? false : 8_000}
            onTimeout={() => remove(toast.key)}
            actionClose={
              <AlertActionCloseButton title={toast.title} onClose={() => remove(toast.key)} />
            }
          >
            {toast.body}
          </Alert>
        ))}
      </AlertGroup>
    </ToastContext.Provider>
  );
}
