import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';

export class RequestPstExportDto {
  @ApiProperty({ description: 'The user whose backed-up mailbox is exported' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  userId!: string;

  @ApiProperty({ enum: ['gmail', 'exchange-online'] })
  @IsIn(['gmail', 'exchange-online'], { message: 'source must be gmail or exchange-online' })
  source!: 'gmail' | 'exchange-online';

  @ApiPropertyOptional({ description: 'Only messages on or after this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date and time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Only messages before this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date and time' })
  to?: string;

  @ApiPropertyOptional({
    description: 'Only these folders or labels (paths such as Work/Projects)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  folders?: string[];
}

export class DownloadCredentialsDto {
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  /** `console`: use the console session this browser already has (with `csrf`, double submit). */
  @IsOptional()
  @IsIn(['console'])
  session?: 'console';

  @IsOptional()
  @IsString()
  @MaxLength(200)
  csrf?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  password?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  token?: string;
}
