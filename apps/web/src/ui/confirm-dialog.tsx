import {
  Button,
  type ButtonProps,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core';
import { type ReactNode, useState } from 'react';

/**
 * A destructive action asks first: it says what happens to whom, and does nothing until the
 * confirming button is pressed. The dialog stays open (busy) while the action runs.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  children,
  onConfirm,
  onClose,
  variant = 'danger',
  isDisabled,
}: {
  title: string;
  confirmLabel: string;
  children: ReactNode;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  variant?: ButtonProps['variant'];
  isDisabled?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      isOpen
      variant="small"
      onClose={onClose}
      aria-labelledby="confirm-dialog-title"
      aria-describedby="confirm-dialog-body"
    >
      <ModalHeader
        title={title}
        labelId="confirm-dialog-title"
        titleIconVariant={variant === 'danger' ? 'warning' : undefined}
      />
      <ModalBody id="confirm-dialog-body">{children}</ModalBody>
      <ModalFooter>
        <Button
          variant={variant}
          onClick={confirm}
          isLoading={busy}
          isDisabled={busy || isDisabled}
        >
          {confirmLabel}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
