import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Validates bodies against the same DTO classes the OpenAPI document is built from. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors: ValidationError[]) =>
      new BadRequestException({ code: 'invalid-request', message: describe(errors).join('; ') }),
  });
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(error.property) ? `${prefix}${text}` : `${path}: ${text}`,
    );
    return [...own, ...describe(error.children ?? [], `${path}.`)];
  });
}
