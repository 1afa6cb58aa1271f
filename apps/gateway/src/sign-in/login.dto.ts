import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** What a sign-in form posts. Lengths are bounded here so an absurd body never reaches a hash. */
export class LoginDto {
  @ApiProperty({ example: 'alice@example.com', maxLength: 320 })
  @IsString()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password', maxLength: 1024 })
  @IsString()
  @MaxLength(1024, { message: 'The password is too long.' })
  password!: string;
}
