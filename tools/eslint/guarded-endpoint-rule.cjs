'use strict';

const HTTP_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options']);

/** `@Name(...)` or `@Name` → "Name". */
function decoratorName(decorator) {
  const expression = decorator.expression;
  const callee = expression.type === 'CallExpression' ? expression.callee : expression;
  return callee.type === 'Identifier' ? callee.name : undefined;
}

function decoratorArguments(decorator) {
  return decorator.expression.type === 'CallExpression' ? decorator.expression.arguments : [];
}

/**
 * Every HTTP route of a Nest controller has an authentication guard, on the route or on its
 * controller, unless it says it is public with `@Public('why anyone may call it')`: a route added
 * without thinking about who may call it fails the lint, not a penetration test.
 */
module.exports = {
  meta: {
    type: 'problem',
    docs: {
      description: 'HTTP routes need an authentication guard or an explicit @Public(reason)',
    },
    schema: [
      {
        type: 'object',
        properties: {
          authGuards: { type: 'array', items: { type: 'string' } },
          guardedControllers: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      unguarded:
        'The route {{route}} has no authentication guard: add one with @UseGuards, or mark it @Public("why anyone may call it").',
      publicWithoutReason: '@Public needs a reason: @Public("why anyone may call it").',
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const authGuards = new Set(options.authGuards ?? []);
    const guardedControllers = new Set(options.guardedControllers ?? []);

    const guards = (decorators) =>
      (decorators ?? []).some((decorator) => {
        const name = decoratorName(decorator);
        if (guardedControllers.has(name)) return true;
        if (name !== 'UseGuards') return false;
        return decoratorArguments(decorator).some(
          (argument) => argument.type === 'Identifier' && authGuards.has(argument.name),
        );
      });

    const publicDecorator = (decorators) =>
      (decorators ?? []).find((decorator) => decoratorName(decorator) === 'Public');

    const checkPublic = (decorator) => {
      const [reason] = decoratorArguments(decorator);
      const text =
        reason?.type === 'Literal'
          ? reason.value
          : reason?.type === 'TemplateLiteral'
            ? reason.quasis.map((quasi) => quasi.value.cooked).join('')
            : undefined;
      if (typeof text !== 'string' || text.trim() === '')
        context.report({ node: decorator, messageId: 'publicWithoutReason' });
    };

    return {
      ClassDeclaration(node) {
        const classDecorators = node.decorators ?? [];
        const isController = classDecorators.some((decorator) => {
          const name = decoratorName(decorator);
          return name === 'Controller' || guardedControllers.has(name);
        });
        if (!isController) return;
        const classPublic = publicDecorator(classDecorators);
        if (classPublic) checkPublic(classPublic);
        const classGuarded = guards(classDecorators) || classPublic !== undefined;
        for (const member of node.body.body) {
          if (member.type !== 'MethodDefinition') continue;
          const decorators = member.decorators ?? [];
          if (!decorators.some((decorator) => HTTP_METHODS.has(decoratorName(decorator)))) continue;
          const methodPublic = publicDecorator(decorators);
          if (methodPublic) checkPublic(methodPublic);
          if (classGuarded || methodPublic || guards(decorators)) continue;
          const name = member.key.type === 'Identifier' ? member.key.name : 'this route';
          context.report({ node: member.key, messageId: 'unguarded', data: { route: name } });
        }
      },
    };
  },
};
