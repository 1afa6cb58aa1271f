import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rule = require('./guarded-endpoint-rule.cjs');

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const options = [{ authGuards: ['ConsoleAuthGuard'], guardedControllers: ['ConsoleController'] }];

tester.run('guarded-endpoint', rule, {
  valid: [
    {
      name: 'a console controller guards every route',
      code: `@ConsoleController('users', 'users') class Users { @Get() list() {} }`,
      options,
    },
    {
      name: 'a route with an authentication guard of its own',
      code: `@Controller('console') class Session { @Get('me') @UseGuards(ConsoleAuthGuard) me() {} }`,
      options,
    },
    {
      name: 'a public route says why',
      code: `@Controller('console') class Session { @Post('login') @Public('signs in: no session yet') login() {} }`,
      options,
    },
    {
      name: 'methods that are not routes need nothing',
      code: `@Controller('x') class X { helper() {} }`,
      options,
    },
  ],
  invalid: [
    {
      name: 'a route of a plain controller without a guard',
      code: `@Controller('console') class Session { @Get('me') me() {} }`,
      options,
      errors: [{ messageId: 'unguarded' }],
    },
    {
      name: 'a guard that does not authenticate does not count',
      code: `@Controller('portal') class Portal { @Post('password') @UseGuards(SameOriginGuard) choose() {} }`,
      options,
      errors: [{ messageId: 'unguarded' }],
    },
    {
      name: 'a public route without a reason',
      code: `@Controller('sso') class Sso { @Get('login') @Public() login() {} }`,
      options,
      errors: [{ messageId: 'publicWithoutReason' }],
    },
  ],
});
