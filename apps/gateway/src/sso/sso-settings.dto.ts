import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
} from 'class-validator';

import type { SsoEnforcement } from '@coffer/contracts';

export const SSO_ENFORCEMENTS: SsoEnforcement[] = ['off', 'users', 'users-and-administrators'];

/**
 * Settings → SSO. The IdP either as its metadata XML (as exported by the IdP) or as its
 * three parts; a second certificate is accepted for a rollover.
 */
export class SsoSettingsDto {
  @ApiPropertyOptional({
    description: "The IdP's SAML metadata XML; replaces the three fields below",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200_000)
  metadataXml?: string;

  @ApiPropertyOptional({ example: 'https://idp.example.com/saml' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1_000)
  idpEntityId?: string;

  @ApiPropertyOptional({ example: 'https://idp.example.com/sso' })
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'The IdP sign-on URL must be a full http(s) address.' },
  )
  @MaxLength(2_000)
  idpSsoUrl?: string;

  @ApiPropertyOptional({
    description: 'Base64 (PEM body) signing certificates: one, or two during a rollover',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2, { message: 'Give one signing certificate, or two during a rollover.' })
  @IsString({ each: true })
  @MaxLength(20_000, { each: true })
  idpCertificates?: string[];

  @ApiPropertyOptional({
    description: 'Attribute holding the email; the NameID when absent',
    example: 'mail',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  emailAttribute?: string;

  @ApiPropertyOptional({ example: 'displayName' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  nameAttribute?: string;

  @ApiProperty({ enum: SSO_ENFORCEMENTS })
  @IsIn(SSO_ENFORCEMENTS, {
    message: 'enforcement must be one of: off, users, users-and-administrators.',
  })
  enforcement!: SsoEnforcement;

  @ApiPropertyOptional({
    description: 'Create unknown end users at their first SSO sign-in',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  justInTimeProvisioning?: boolean;
}
