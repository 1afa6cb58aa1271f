import { Controller } from '@nestjs/common';

import { type ParsedRequestOf, PasswordPolicyMessages } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { passwordRulesFor } from './password-policy';

/** The rules every path that sets a password applies, for the pages to show beforehand. */
@Controller()
export class PasswordPolicyController {
  @Handles(PasswordPolicyMessages.rules)
  rules(request: ParsedRequestOf<typeof PasswordPolicyMessages.rules>) {
    return passwordRulesFor(request.for);
  }
}
