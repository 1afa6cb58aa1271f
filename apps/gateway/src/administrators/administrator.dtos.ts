import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';

import type { AdministratorRole } from '@coffer/contracts';

const ROLES: AdministratorRole[] = ['cloud-administrator', 'product-administrator'];

export class CreateAdministratorDto {
  @ApiProperty({ example: 'carol@example.com' })
  @IsEmail({}, { message: 'Enter a valid email address.' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Carol Example' })
  @IsString()
  @MinLength(1, { message: 'Enter the administrator name.' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: 'The role is cloud-administrator or product-administrator.' })
  role!: AdministratorRole;

  @ApiProperty({
    format: 'password',
    description: 'The fail-safe password, at least 12 characters',
  })
  @IsString()
  @MaxLength(1024, { message: 'The password is too long.' })
  password!: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: 'The role is cloud-administrator or product-administrator.' })
  role!: AdministratorRole;
}
