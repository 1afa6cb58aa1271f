import { type DynamicModule, Module } from '@nestjs/common';

import { healthController, ServiceRuntime } from '@coffer/service-kit';

import { ApiTokensService } from './api-tokens/api-tokens.service';
import { TokensController } from './tokens.controller';

@Module({})
export class TokensModule {
  static register(runtime: ServiceRuntime, tokens: ApiTokensService): DynamicModule {
    return {
      module: TokensModule,
      controllers: [TokensController, healthController('tokens')],
      providers: [
        { provide: ServiceRuntime, useValue: runtime },
        { provide: ApiTokensService, useValue: tokens },
      ],
    };
  }
}
