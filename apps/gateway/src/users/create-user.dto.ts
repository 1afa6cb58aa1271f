import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateUserDto {
  @ApiProperty({ example: 'bob@example.com' })
  @IsEmail({}, { message: 'Enter a valid email address.' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Bob Example' })
  @IsString()
  @MinLength(1, { message: 'Enter the user name.' })
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    description: 'The profile the user belongs to; the default profile when absent',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  profileId?: string;

  @ApiPropertyOptional({ format: 'password', description: 'At least 12 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(1024, { message: 'The password is too long.' })
  password?: string;
}
