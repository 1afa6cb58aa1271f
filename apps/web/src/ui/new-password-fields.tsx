import {
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Progress,
  ProgressMeasureLocation,
  TextInput,
} from '@patternfly/react-core';
import { useEffect, useState } from 'react';

import { passwordRules, STRENGTH_LABELS } from '../lib/password-rules';

interface Meter {
  score: (password: string, userInputs: string[]) => number;
  isCommon: (password: string) => boolean;
}

/**
 * A new password typed twice, its rules listed before anything is typed and ticked as they are
 * met, and a strength meter (zxcvbn, loaded when the field appears).
 */
export function NewPasswordFields({
  label,
  password,
  confirmation,
  onPassword,
  onConfirmation,
  userInputs = [],
}: {
  label: string;
  password: string;
  confirmation: string;
  onPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
  /** Words the password should not be built from: the email, the name. */
  userInputs?: string[];
}) {
  const [meter, setMeter] = useState<Meter>();
  useEffect(() => {
    let live = true;
    void import('../lib/password-strength').then((module) => {
      if (live) setMeter({ score: module.strengthScore, isCommon: module.isCommonPassword });
    });
    return () => {
      live = false;
    };
  }, []);

  const rules = passwordRules(password, confirmation, meter?.isCommon);
  const score = meter && password ? meter.score(password, userInputs) : undefined;
  const mismatch = rules[3].met === false;
  return (
    <>
      <FormGroup label={label} fieldId="new-password" isRequired>
        <TextInput
          id="new-password"
          type="password"
          autoComplete="new-password"
          isRequired
          value={password}
          onChange={(_event, value) => onPassword(value)}
          aria-describedby="new-password-rules"
        />
        <FormHelperText>
          <HelperText id="new-password-rules" component="ul" aria-label="Password rules">
            {rules.slice(0, 3).map((rule) => (
              <HelperTextItem
                key={rule.rule}
                component="li"
                variant={rule.met === undefined ? 'indeterminate' : rule.met ? 'success' : 'error'}
              >
                {rule.rule}
              </HelperTextItem>
            ))}
          </HelperText>
        </FormHelperText>
        <Progress
          className="strength-meter"
          title="Strength"
          value={score === undefined ? 0 : (score + 1) * 20}
          measureLocation={ProgressMeasureLocation.outside}
          label={score === undefined ? '—' : STRENGTH_LABELS[score]}
          valueText={score === undefined ? 'Not rated yet' : STRENGTH_LABELS[score]}
          variant={
            score === undefined
              ? undefined
              : score < 2
                ? 'danger'
                : score < 3
                  ? 'warning'
                  : 'success'
          }
          size="sm"
        />
      </FormGroup>
      <FormGroup label="Confirm the new password" fieldId="confirm-password" isRequired>
        <TextInput
          id="confirm-password"
          type="password"
          autoComplete="new-password"
          isRequired
          validated={mismatch ? 'error' : 'default'}
          value={confirmation}
          onChange={(_event, value) => onConfirmation(value)}
        />
        {mismatch && (
          <FormHelperText>
            <HelperText>
              <HelperTextItem variant="error">The two passwords differ.</HelperTextItem>
            </HelperText>
          </FormHelperText>
        )}
      </FormGroup>
    </>
  );
}

/** Whether the form may be sent: the rules the browser can check are met. */
export function newPasswordReady(password: string, confirmation: string): boolean {
  const rules = passwordRules(password, confirmation);
  // The common-password rule is identity's to enforce: its answer names it.
  return rules[0].met === true && rules[1].met === true && rules[3].met === true;
}
